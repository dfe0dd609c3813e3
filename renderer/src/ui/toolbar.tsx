import type { ReactNode } from 'react';
import { Search } from 'lucide-react';
import { formatCount } from '../format';

/** The row above a table: filters on the left, counts and actions on the right. */
export function Toolbar({ children, end }: { readonly children: ReactNode; readonly end?: ReactNode }) {
  return (
    <div className="toolbar" role="toolbar">
      <div className="toolbar__start">{children}</div>
      {end ? <div className="toolbar__end">{end}</div> : null}
    </div>
  );
}

/**
 * How many rows the table shows, announced to screen readers as it changes with a search. The noun is singular;
 * `plural` is for nouns that do not just take an s.
 */
export function ToolbarCount({
  count,
  noun,
  plural = `${noun}s`,
}: {
  readonly count: number;
  readonly noun: string;
  readonly plural?: string;
}) {
  return (
    <span className="toolbar__count" aria-live="polite">
      {formatCount(count)} {count === 1 ? noun : plural}
    </span>
  );
}

export interface SearchBoxProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly placeholder?: string;
}

/** A search input with its icon; the label is for screen readers, the placeholder says what it searches. */
export function SearchBox({ label, value, onChange, placeholder }: SearchBoxProps) {
  return (
    <div className="search-box">
      <Search className="search-box__icon" size={16} aria-hidden="true" />
      <input
        type="search"
        className="input search-box__input"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
