import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ChevronDown } from 'lucide-react';
import { FieldFrame } from './text-field';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  readonly label: string;
  readonly value: string;
  readonly options: readonly SelectOption[];
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  /** Shown as the first, empty choice (e.g. "Choose a client"). */
  readonly placeholder?: string;
  /** Hide the label visually (toolbars); it is still read by screen readers. */
  readonly quiet?: boolean;
}

/** A native select (keyboard and screen reader behaviour for free), styled like the text fields. */
export function Select({
  label,
  value,
  options,
  onChange,
  error,
  hint,
  placeholder,
  quiet,
  id,
  ...rest
}: SelectProps) {
  const generated = useId();
  const selectId = id ?? generated;
  const control = (
    <div className="select">
      <select
        {...rest}
        id={selectId}
        className="input select__control"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${selectId}-message` : undefined}
        aria-label={quiet ? label : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ChevronDown className="select__chevron" size={16} aria-hidden="true" />
    </div>
  );
  if (quiet) return control;
  return (
    <FieldFrame id={selectId} label={label} error={error} hint={hint}>
      {control}
    </FieldFrame>
  );
}
