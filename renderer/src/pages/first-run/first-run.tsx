import { Building2, Check, KeyRound, Radar, Sparkles } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useDashboardStore } from '../../stores/dashboard-store';
import { Button } from '../../ui/button';

interface Step {
  readonly icon: LucideIcon;
  readonly title: string;
  readonly text: string;
  readonly action: string;
  readonly page: string;
}

const steps: readonly Step[] = [
  {
    icon: Building2,
    title: 'Add a client',
    text: 'The company whose machines you patch, with its time zone: due dates and maintenance windows follow it.',
    action: 'Add a client',
    page: 'clients',
  },
  {
    icon: KeyRound,
    title: 'Add a device with a key',
    text: 'Its address and how Patchdeck signs in over SSH: a key file, ssh-agent or a password. Nothing is installed on it.',
    action: 'Add a device',
    page: 'devices',
  },
  {
    icon: Radar,
    title: 'Test the connection: scan it',
    text: 'The first scan pins its host key and collects its OS, installed packages and missing updates.',
    action: 'Go to Devices',
    page: 'devices',
  },
];

/** How far the technician got: a step is done once what it adds exists. */
export interface FirstRunProgress {
  readonly clients: number;
  readonly devices: number;
}

/**
 * What a database without a successful scan shows: the three steps to a first scan, each marked done once what it
 * adds exists and the next one offered first, so the guide leads on after the client is added instead of leaving
 * the technician at an empty dashboard. While there is no client, a generated fleet to look around in too.
 */
export function FirstRun({ progress }: { readonly progress: FirstRunProgress }) {
  const loadDemo = useDashboardStore((state) => state.loadDemo);
  const loadingDemo = useDashboardStore((state) => state.loadingDemo);
  // The scan step is done when the first scan succeeds, and then the dashboard takes over.
  const done = [progress.clients > 0, progress.devices > 0, false];
  const next = done.indexOf(false);
  return (
    <section className="first-run" aria-label="Get started">
      <h2 className="first-run__title">Welcome to Patchdeck</h2>
      <p className="first-run__text">
        {next === 0
          ? 'Three steps to your first scan. Nothing leaves this machine.'
          : `Three steps to your first scan: ${next} of 3 done. Nothing leaves this machine.`}
      </p>
      <ol className="first-run__steps">
        {steps.map(({ icon: Icon, title, text, action, page }, index) => (
          <li
            key={title}
            className={done[index] ? 'first-run__step first-run__step--done' : 'first-run__step'}
          >
            <span className="first-run__number" aria-hidden="true">
              {done[index] ? <Check size={16} /> : index + 1}
            </span>
            <div className="first-run__body">
              <p className="first-run__step-title">
                <Icon size={16} aria-hidden="true" /> {title}
              </p>
              <p className="first-run__step-text">{text}</p>
            </div>
            {done[index] ? (
              <span className="first-run__done">Done</span>
            ) : (
              <Button
                variant={index === next ? 'primary' : 'secondary'}
                onClick={() => (window.location.hash = `#/${page}`)}
              >
                {action}
              </Button>
            )}
          </li>
        ))}
      </ol>
      {progress.clients === 0 ? <DemoOffer busy={loadingDemo} onLoad={() => void loadDemo()} /> : null}
    </section>
  );
}

/** Only for an empty database: the engine refuses to mix the demo with a real client. */
function DemoOffer({ busy, onLoad }: { readonly busy: boolean; readonly onLoad: () => void }) {
  return (
    <div className="first-run__demo">
      <div>
        <p className="first-run__step-title">
          <Sparkles size={16} aria-hidden="true" /> Just looking?
        </p>
        <p className="first-run__step-text">
          Load a generated fleet: three clients in three time zones, sixty devices, real CVEs, a few scan
          failures. Only possible while the database is empty.
        </p>
      </div>
      <Button busy={busy} onClick={onLoad}>
        Explore with demo data
      </Button>
    </div>
  );
}
