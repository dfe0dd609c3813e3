import { useState } from 'react';
import type { Settings } from '../../../../shared/domain/settings';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/text-field';
import { FormError } from '../../ui/form-error';
import { SectionLoadFailure } from './section-load-failure';

interface Draft {
  readonly concurrency: string;
  readonly connect: string;
  readonly handshake: string;
  readonly command: string;
  readonly freshness: string;
}

const draftOf = (settings: Settings): Draft => ({
  concurrency: String(settings.ssh.concurrency),
  connect: String(settings.ssh.connectTimeoutMs / 1000),
  handshake: String(settings.ssh.handshakeTimeoutMs / 1000),
  command: String(settings.ssh.commandTimeoutMs / 60_000),
  freshness: String(settings.scanFreshnessDays),
});

/** How scans and deployments talk SSH when they do not say otherwise; the engine checks the limits. */
export function SshSection() {
  const settings = useSettingsStore((state) => state.settings);
  const loadError = useSettingsStore((state) => state.settingsError);
  if (settings) {
    // A new form per stored value of its own fields: what the engine answers after a save is what they show, and
    // another setting saved meanwhile (the weak-vault box) keeps what is typed here and not yet saved.
    return <SshForm key={JSON.stringify(draftOf(settings))} settings={settings} />;
  }
  return loadError ? (
    <SectionLoadFailure title="SSH defaults" titleId="ssh-title" what="the SSH defaults" reason={loadError} />
  ) : null;
}

function SshForm({ settings }: { readonly settings: Settings }) {
  const update = useSettingsStore((state) => state.update);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const field = (key: keyof Draft, label: string, hint: string) => (
    <TextField
      label={label}
      inputMode="decimal"
      value={draft[key]}
      hint={hint}
      onChange={(value) => (setDraft({ ...draft, [key]: value }), setRefusal(null))}
    />
  );
  const save = async () => {
    const number = (text: string, scale: number) => Math.round(Number(text.replace(',', '.')) * scale);
    const values = [draft.concurrency, draft.connect, draft.handshake, draft.command, draft.freshness];
    if (values.some((value) => value.trim() === '' || !Number.isFinite(Number(value.replace(',', '.'))))) {
      setRefusal('Every value must be a number.');
      return;
    }
    setBusy(true);
    setRefusal(
      await update({
        ssh: {
          concurrency: number(draft.concurrency, 1),
          connectTimeoutMs: number(draft.connect, 1000),
          handshakeTimeoutMs: number(draft.handshake, 1000),
          commandTimeoutMs: number(draft.command, 60_000),
        },
        scanFreshnessDays: number(draft.freshness, 1),
      }),
    );
    setBusy(false);
  };
  return (
    <section className="card" aria-labelledby="ssh-title">
      <h2 className="card__title" id="ssh-title">
        SSH defaults
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="form-row settings-row">
          {field('concurrency', 'Devices at once', 'scanned in parallel; a deployment sets its own')}
          {field('connect', 'Connect timeout (s)', 'unreachable after this')}
        </div>
        <div className="form-row settings-row">
          {field('handshake', 'Sign-in timeout (s)', 'SSH sign-in must finish in this time')}
          {field('command', 'Command timeout (min)', 'longest single remote command')}
        </div>
        <div className="form-row settings-row">
          {field('freshness', 'Scan freshness (days)', 'older scans are shown as stale')}
        </div>
        <FormError message={refusal} />
        <div>
          <Button type="submit" variant="primary" busy={busy}>
            Save SSH defaults
          </Button>
        </div>
      </form>
    </section>
  );
}
