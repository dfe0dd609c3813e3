/** The icons a device row's actions can have; each is drawn by its `row-action--…` CSS rule. */
export type RowActionIcon = 'trust' | 'scan' | 'edit' | 'remove';

/**
 * An icon button in a device row. It looks like IconButton, but the icon is drawn by CSS on the button itself (an
 * image at rest, a mask on hover and focus) instead of an SVG element: every element a row saves is style, layout
 * and paint work saved for each of the dozen rows that scroll in per frame of a fast scroll. (The table builds
 * these only in the row under the pointer or the keyboard, and the trust button where a host key changed.)
 * The click stays with the button: it does not also open the row.
 */
export function RowAction({
  icon,
  label,
  tone = 'default',
  onClick,
}: {
  readonly icon: RowActionIcon;
  /** Read by screen readers and shown as the tooltip: an icon alone says nothing. */
  readonly label: string;
  readonly tone?: 'default' | 'danger';
  readonly onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`icon-button row-action row-action--${icon}${tone === 'danger' ? ' icon-button--danger' : ''}`}
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        onClick();
      }}
    />
  );
}
