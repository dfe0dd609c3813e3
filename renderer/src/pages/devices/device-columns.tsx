import type { Device } from '../../../../shared/domain/fleet';
import type { Column } from '../../ui/table';
import { describeAddress, describeOs } from './device-text';

/**
 * The device table's columns, in the order a technician scans them: whose, which, where, what (the page adds when).
 * Plain text goes straight into the cell, with its tooltip and style on the cell: every element a row saves is
 * work saved for each of the dozen rows that scroll in per frame of a fast scroll (see docs/benchmarks.md). So the
 * ring is a word in its colour and the tags are a list, not badges: with badges, a fast flick over 100,000 rows
 * dropped frames where the one garbage collection it causes finished; without them, none (session 8).
 */
export const deviceColumns: readonly Column<Device>[] = [
  {
    key: 'client',
    header: 'Client',
    width: 'minmax(100px, 1.1fr)',
    render: (device) => device.clientName,
    title: (device) => device.clientName,
  },
  {
    key: 'name',
    header: 'Name',
    width: 'minmax(110px, 1fr)',
    render: (device) => (
      // The row opens the edit form; the name opens the device's own page.
      <a className="cell-strong" href={`#/devices/${device.id}`} onClick={(event) => event.stopPropagation()}>
        {device.name}
      </a>
    ),
    title: (device) => (device.retiredAt === null ? device.name : `${device.name} (retired)`),
    // A retired row is marked by its cells' classes and its "Last scan" text: no badge, no element more per row.
    className: (device) => (device.retiredAt === null ? undefined : 'cell-muted'),
  },
  {
    key: 'address',
    header: 'Address',
    width: 'minmax(116px, 1fr)',
    render: describeAddress,
    title: (device) => `${device.user}@${describeAddress(device)}`,
    className: () => 'cell-mono',
  },
  {
    key: 'os',
    header: 'OS',
    width: 'minmax(110px, 1.4fr)',
    render: describeOs,
    title: (device) => device.os?.name,
    className: (device) => (device.os ? undefined : 'cell-muted'),
  },
  {
    key: 'ring',
    header: 'Ring',
    width: '80px',
    render: (device) => device.ring,
    className: (device) => `cell-ring cell-ring--${device.ring}`,
  },
  {
    key: 'tags',
    header: 'Tags',
    width: 'minmax(100px, 1.2fr)',
    render: (device) => device.tags.join(', '),
    title: (device) => device.tags.join(', ') || undefined,
  },
];
