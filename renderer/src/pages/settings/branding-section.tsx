import { useState } from 'react';
import type { Branding } from '../../../../shared/domain/reports';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/text-field';
import { FormError } from '../../ui/form-error';

/** The MSP's name and accent colour on every report (the logo stays as it is). */
export function BrandingSection() {
  const branding = useSettingsStore((state) => state.branding);
  return branding ? <BrandingForm key={JSON.stringify(branding)} branding={branding} /> : null;
}

function BrandingForm({ branding }: { readonly branding: Branding }) {
  const setBranding = useSettingsStore((state) => state.setBranding);
  const [name, setName] = useState(branding.name);
  const [accent, setAccent] = useState(branding.accentColour);
  const [refusal, setRefusal] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="branding-title">
      <h2 className="card__title" id="branding-title">
        Report branding
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void setBranding({ ...branding, name, accentColour: accent.trim() }).then(setRefusal);
        }}
      >
        <div className="form-row settings-row">
          <TextField label="MSP name" value={name} onChange={(value) => (setName(value), setRefusal(null))} />
          <TextField
            label="Accent colour"
            value={accent}
            onChange={(value) => (setAccent(value), setRefusal(null))}
            hint={
              <span className="swatch-hint">
                <span
                  className="swatch"
                  style={{ background: /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : 'transparent' }}
                />
                like #1f6feb
              </span>
            }
          />
        </div>
        <FormError message={refusal} />
        <div>
          <Button type="submit" variant="primary">
            Save branding
          </Button>
        </div>
      </form>
    </section>
  );
}
