import type { LucideIcon } from 'lucide-react';

/** An icon drawn once as a <symbol> (see IconSymbols) and shown by reference. */
export interface IconSymbol {
  readonly symbol: string;
}

/**
 * Icons a long table repeats on every row, drawn once per page as <symbol>s. A row then shows each with a
 * two-element <svg><use>, instead of building a whole SVG of paths for every row that scrolls into view.
 */
export function IconSymbols({ icons }: { readonly icons: Readonly<Record<string, LucideIcon>> }) {
  return (
    <svg className="icon-symbols" aria-hidden="true" focusable="false">
      {Object.entries(icons).map(([id, Icon]) => (
        <symbol key={id} id={`icon-${id}`} viewBox="0 0 24 24">
          <Icon size={24} />
        </symbol>
      ))}
    </svg>
  );
}

/** The icon a symbol stands for, at the size of the icon it replaces; it inherits the text colour. */
export function SymbolIcon({ symbol, size }: { readonly symbol: string; readonly size: number }) {
  return (
    <svg width={size} height={size} aria-hidden="true" focusable="false">
      <use href={`#icon-${symbol}`} />
    </svg>
  );
}
