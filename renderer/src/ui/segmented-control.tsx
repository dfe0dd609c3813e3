import type { LucideIcon } from 'lucide-react';

export interface Segment<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly icon?: LucideIcon;
}

export interface SegmentedControlProps<V extends string> {
  readonly label: string;
  readonly value: V;
  readonly segments: readonly Segment<V>[];
  readonly onChange: (value: V) => void;
}

/** A small set of exclusive choices shown side by side (a radio group underneath). */
export function SegmentedControl<V extends string>({
  label,
  value,
  segments,
  onChange,
}: SegmentedControlProps<V>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {segments.map(({ value: segment, label: text, icon: Icon }) => (
        <button
          key={segment}
          type="button"
          role="radio"
          aria-checked={segment === value}
          className={segment === value ? 'segmented__item segmented__item--active' : 'segmented__item'}
          onClick={() => onChange(segment)}
        >
          {Icon ? <Icon size={15} aria-hidden="true" /> : null}
          {text}
        </button>
      ))}
    </div>
  );
}
