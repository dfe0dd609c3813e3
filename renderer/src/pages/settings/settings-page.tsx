import { useEffect } from 'react';
import { Laptop, Moon, Sun, TriangleAlert } from 'lucide-react';
import type { UpdaterState } from '../../../../shared/domain/app';
import { assertNever } from '../../../../shared/errors';
import { useAppInfoStore } from '../../stores/app-info-store';
import { useSettingsStore } from '../../stores/settings-store';
import { themePreferences, useThemeStore, type ThemePreference } from '../../stores/theme-store';
import { Badge } from '../../ui/badge';
import { Checkbox } from '../../ui/checkbox';
import { PageHeader } from '../../ui/page-header';
import { SegmentedControl } from '../../ui/segmented-control';
import { BackupSection } from './backup-section';
import { BrandingSection } from './branding-section';
import { CredentialsSection } from './credentials-section';
import { FeedsSection } from './feeds-section';
import { SshSection } from './ssh-section';
import { FormError } from '../../ui/form-error';

const themeSegments = themePreferences.map((value) => ({
  value,
  label: { system: 'System', light: 'Light', dark: 'Dark' }[value],
  icon: { system: Laptop, light: Sun, dark: Moon }[value],
}));

function describeUpdater(state: UpdaterState | null): string {
  if (state === null) return 'No update check yet.';
  switch (state.state) {
    case 'disabled':
      return `Updates are off: ${state.reason}`;
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'Patchdeck is up to date.';
    case 'available':
      return `Version ${state.version} is available.`;
    case 'downloading':
      return `Downloading the update: ${Math.round(state.percent)}%.`;
    case 'ready':
      return `Version ${state.version} installs when Patchdeck restarts.`;
    case 'error':
      return `The update check failed: ${state.message}`;
    default:
      return assertNever(state, 'updater state');
  }
}

/** About this installation, and the console's look. */
export function SettingsPage() {
  const info = useAppInfoStore((state) => state.info);
  const error = useAppInfoStore((state) => state.error);
  const updater = useAppInfoStore((state) => state.updater);
  const load = useAppInfoStore((state) => state.load);
  const preference = useThemeStore((state) => state.preference);
  const setPreference = useThemeStore((state) => state.setPreference);

  const loadSettings = useSettingsStore((state) => state.load);
  const settings = useSettingsStore((state) => state.settings);
  const updateSettings = useSettingsStore((state) => state.update);
  const allowWeakSecrets = async (allowed: boolean) => {
    if ((await updateSettings({ allowWeakSecretStorage: allowed })) === null) await load();
  };

  useEffect(() => void load(), [load]);
  useEffect(() => void loadSettings(), [loadSettings]);

  return (
    <div className="page page--narrow">
      <PageHeader
        title="Settings"
        description="Feeds, credentials, SSH defaults, report branding, backups, and this installation."
      />
      <section className="card" aria-labelledby="appearance-title">
        <h2 className="card__title" id="appearance-title">
          Appearance
        </h2>
        <div className="setting">
          <div>
            <p className="setting__label">Theme</p>
            <p className="setting__hint">System follows your operating system&apos;s light or dark mode.</p>
          </div>
          <SegmentedControl<ThemePreference>
            label="Theme"
            value={preference}
            segments={themeSegments}
            onChange={setPreference}
          />
        </div>
      </section>
      <FeedsSection />
      <CredentialsSection />
      <SshSection />
      <BrandingSection />
      <BackupSection />
      <section className="card" aria-labelledby="about-title">
        <h2 className="card__title" id="about-title">
          About
        </h2>
        <FormError message={error} />
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info?.version ?? '…'}</dd>
          <dt>Database</dt>
          <dd className="mono">{info?.databasePath ?? '…'}</dd>
          <dt>Secret vault</dt>
          <dd>
            {info ? (
              <>
                <span className="mono">{info.vault.kind}</span>{' '}
                {info.vault.available ? (
                  <Badge tone="success">available</Badge>
                ) : (
                  <Badge tone="danger">unavailable</Badge>
                )}
              </>
            ) : (
              '…'
            )}
          </dd>
          <dt>Updates</dt>
          <dd>{describeUpdater(updater)}</dd>
        </dl>
        {info?.vault.warning ? (
          <div className="callout callout--warning" role="note">
            <TriangleAlert size={18} aria-hidden="true" />
            <p>{info.vault.warning}</p>
          </div>
        ) : null}
        {info?.vault.weak && settings ? (
          <Checkbox
            label="Store passwords anyway, only obfuscated"
            description="Anyone who can read this computer's files as you could recover them. Key files and ssh-agent need no stored password."
            checked={settings.allowWeakSecretStorage}
            onChange={(allowed) => void allowWeakSecrets(allowed)}
          />
        ) : null}
      </section>
    </div>
  );
}
