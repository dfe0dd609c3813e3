import { useState } from 'react';
import type { Branding } from '../../../../shared/domain/reports';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/text-field';
import { FormError } from '../../ui/form-error';
import { SectionLoadFailure } from './section-load-failure';

/** The MSP's name and accent colour on every report (the logo stays as it is). */
export function BrandingSection() {
  const branding = useSettingsStore((state) => state.branding);
  const loadError = useSettingsStore((state) => state.brandingError);
  if (branding) return <BrandingForm key={JSON.stringify(branding)} branding={branding} />;
  return loadError ? (
    <SectionLoadFailure
      title="Report branding"
      titleId="branding-title"
      what="the report branding"
      reason={loadError}
    />
  ) : null;
}

function BrandingForm({ branding }: { readonly branding: Branding }) {
  const setBranding = useSettingsStore((state) => state.setBranding);
  const [name, setName] = useState(branding.name);
  const [accent, setAccent] = useState(branding.accentColour);
  const [refusal, setRefusal] = useState<string | null>(null);
  // Disables the button while saving: a second click or Enter would otherwise save (and toast) twice.
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setRefusal(await setBranding({ ...branding, name, accentColour: accent.trim() }));
    setBusy(false);
  };

  return (
    <section className="card" aria-labelledby="branding-title">
      <h2 className="card__title" id="branding-title">
        Report branding
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
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
          <Button type="submit" variant="primary" busy={busy}>
            Save branding
          </Button>
        </div>
      </form>
    </section>
  );
}
