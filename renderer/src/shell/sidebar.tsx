import {
  Building2,
  Bug,
  ClipboardList,
  FileBarChart,
  LayoutDashboard,
  ListChecks,
  Monitor,
  PackageCheck,
  Settings,
  ShieldCheck,
  type LucideIcon,
} from 'lucide-react';
import { useNavigationStore, type Page } from '../stores/navigation-store';

interface NavigationEntry {
  readonly page: Page;
  readonly label: string;
  readonly icon: LucideIcon;
}

const fleetEntries: readonly NavigationEntry[] = [
  { page: 'dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { page: 'clients', label: 'Clients', icon: Building2 },
  { page: 'devices', label: 'Devices', icon: Monitor },
  { page: 'vulnerabilities', label: 'Vulnerabilities', icon: Bug },
];
const patchingEntries: readonly NavigationEntry[] = [
  { page: 'patches', label: 'Patches', icon: PackageCheck },
  { page: 'policies', label: 'Policies', icon: ListChecks },
  { page: 'jobs', label: 'Jobs', icon: ClipboardList },
  { page: 'reports', label: 'Reports', icon: FileBarChart },
];

/** The page list: plain links to hash routes, so Tab, Enter and the browser's history all just work. */
export function Sidebar() {
  const current = useNavigationStore((state) => state.page);
  const link = ({ page, label, icon: Icon }: NavigationEntry) => (
    <li key={page}>
      <a
        href={`#/${page}`}
        className={page === current ? 'nav__link nav__link--active' : 'nav__link'}
        aria-current={page === current ? 'page' : undefined}
      >
        <Icon size={18} aria-hidden="true" />
        {label}
      </a>
    </li>
  );
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__logo" aria-hidden="true">
          <ShieldCheck size={18} />
        </span>
        Patchdeck
      </div>
      <nav className="nav" aria-label="Main">
        <p className="nav__group">Fleet</p>
        <ul className="nav__list">{fleetEntries.map(link)}</ul>
        <p className="nav__group">Patching</p>
        <ul className="nav__list">{patchingEntries.map(link)}</ul>
        <ul className="nav__list nav__list--bottom">
          {link({ page: 'settings', label: 'Settings', icon: Settings })}
        </ul>
      </nav>
    </aside>
  );
}
