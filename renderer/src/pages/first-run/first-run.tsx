import { Building2, KeyRound, Radar, Sparkles } from 'lucide-react';
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

/** What an empty database shows: the three steps to a first scan, or a generated fleet to look around in. */
export function FirstRun() {
  const loadDemo = useDashboardStore((state) => state.loadDemo);
  const loadingDemo = useDashboardStore((state) => state.loadingDemo);
  return (
    <section className="first-run" aria-label="Get started">
      <h2 className="first-run__title">Welcome to Patchdeck</h2>
      <p className="first-run__text">Three steps to your first scan. Nothing leaves this machine.</p>
      <ol className="first-run__steps">
        {steps.map(({ icon: Icon, title, text, action, page }, index) => (
          <li key={title} className="first-run__step">
            <span className="first-run__number" aria-hidden="true">
              {index + 1}
            </span>
            <div className="first-run__body">
              <p className="first-run__step-title">
                <Icon size={16} aria-hidden="true" /> {title}
              </p>
              <p className="first-run__step-text">{text}</p>
            </div>
            <Button
              variant={index === 0 ? 'primary' : 'secondary'}
              onClick={() => (window.location.hash = `#/${page}`)}
            >
              {action}
            </Button>
          </li>
        ))}
      </ol>
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
        <Button busy={loadingDemo} onClick={() => void loadDemo()}>
          Explore with demo data
        </Button>
      </div>
    </section>
  );
}
