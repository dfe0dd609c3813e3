import { useId } from 'react';

export interface CheckboxProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly description?: string;
}

/** A yes/no choice with a sentence saying what it means. */
export function Checkbox({ label, checked, onChange, description }: CheckboxProps) {
  const id = useId();
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        className="checkbox__box"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={description ? `${id}-description` : undefined}
      />
      <div>
        <label htmlFor={id} className="checkbox__label">
          {label}
        </label>
        {description ? (
          <p className="field__hint" id={`${id}-description`}>
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
