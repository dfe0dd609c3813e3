import { forwardRef } from 'react';
import type { LucideIcon, LucideProps } from 'lucide-react';

/**
 * An icon of one path, stroked like lucide's by the `row-icon` CSS rule instead of a dozen attributes per element.
 * Typed as a lucide icon so IconButton takes it; it draws at IconButton's size.
 */
function rowIcon(path: string): LucideIcon {
  return forwardRef<SVGSVGElement, LucideProps>(function RowIcon({ size = 16, className }, ref) {
    return (
      <svg
        ref={ref}
        className={className ? `row-icon ${className}` : 'row-icon'}
        width={size}
        height={size}
        viewBox="0 0 24 24"
        aria-hidden="true"
      >
        <path d={path} />
      </svg>
    );
  });
}

/**
 * The device rows' action icons: lucide's Key Round, Radar, Pencil and Trash 2, each redrawn as ONE path (the
 * icon's shapes as subpaths, circles as two arcs). Every row that scrolls in builds these three or four times;
 * an `<svg><use>` of a shared symbol cloned a hidden tree of up to ten SVG elements per icon into the row, which
 * measured as the largest share of the style, layout and paint work of a scrolled frame.
 */
export const rowIcons = {
  trust: rowIcon(
    'M2.586 17.414A2 2 0 0 0 2 18.828V21a1 1 0 0 0 1 1h3a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h1a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h.172a2 2 0 0 0 1.414-.586l.814-.814a6.5 6.5 0 1 0-4-4zM16 7.5a.5.5 0 1 0 1 0a.5.5 0 1 0-1 0',
  ),
  scan: rowIcon(
    'M19.07 4.93A10 10 0 0 0 6.99 3.34M4 6h.01M2.29 9.62A10 10 0 1 0 21.31 8.35M16.24 7.76A6 6 0 1 0 8.23 16.67M12 18h.01M17.99 11.66A6 6 0 0 1 15.77 16.67M10 12a2 2 0 1 0 4 0a2 2 0 1 0-4 0m3.41-1.41 5.66-5.66',
  ),
  edit: rowIcon(
    'M21.174 6.812a1 1 0 0 0-3.986-3.987L3.842 16.174a2 2 0 0 0-.5.83l-1.321 4.352a.5.5 0 0 0 .623.622l4.353-1.32a2 2 0 0 0 .83-.497zM15 5l4 4',
  ),
  remove: rowIcon(
    'M10 11v6M14 11v6M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M3 6h18M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2',
  ),
};
