import type { ReactNode } from 'react';
import type { Device, Ring } from '../../../../shared/domain/fleet';
import { Badge, type BadgeTone } from '../../ui/badge';
import type { Column } from '../../ui/table';
import { describeAddress, describeOs } from './device-text';

const ringTones: Readonly<Record<Ring, BadgeTone>> = { test: 'accent', pilot: 'info', broad: 'neutral' };

/** Tags as small pills; beyond two a "+n" keeps the row one line high (the cell's tooltip names them all). */
function tagPills(tags: readonly string[]): ReactNode {
  const shown = tags.slice(0, 2);
  return (
    <>
      {shown.map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
      {tags.length > shown.length ? `+${tags.length - shown.length}` : null}
    </>
  );
}

/**
 * The device table's columns, in the order a technician scans them: whose, which, where, what (the page adds when).
 * Plain text goes straight into the cell, with its tooltip and style on the cell: every element a row saves is
 * work saved for each of the dozen rows that scroll in per frame of a fast scroll (see docs/benchmarks.md).
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
    render: (device) => <Badge tone={ringTones[device.ring]}>{device.ring}</Badge>,
  },
  {
    key: 'tags',
    header: 'Tags',
    width: 'minmax(100px, 1.2fr)',
    render: (device) => tagPills(device.tags),
    title: (device) => device.tags.join(', ') || undefined,
    className: () => 'cell-tags',
  },
];
