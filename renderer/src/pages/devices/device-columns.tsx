import type { Device, Ring } from '../../../../shared/domain/fleet';
import { Badge, type BadgeTone } from '../../ui/badge';
import type { Column } from '../../ui/table';
import { describeAddress, describeOs } from './device-text';

const ringTones: Readonly<Record<Ring, BadgeTone>> = { test: 'accent', pilot: 'info', broad: 'neutral' };

/** Tags as small pills; beyond two a "+n" keeps the row one line high (all of them are in the tooltip). */
function Tags({ tags }: { readonly tags: readonly string[] }) {
  const shown = tags.slice(0, 2);
  return (
    <span className="tags" title={tags.join(', ')}>
      {shown.map((tag) => (
        <Badge key={tag}>{tag}</Badge>
      ))}
      {tags.length > shown.length ? <span className="cell-muted">+{tags.length - shown.length}</span> : null}
    </span>
  );
}

/** The device table's columns, in the order a technician scans them: whose, which, where, what (the page adds when). */
export const deviceColumns: readonly Column<Device>[] = [
  {
    key: 'client',
    header: 'Client',
    width: 'minmax(120px, 1.1fr)',
    render: (device) => <span title={device.clientName}>{device.clientName}</span>,
  },
  {
    key: 'name',
    header: 'Name',
    width: 'minmax(120px, 1fr)',
    render: (device) => (
      // The row opens the edit form; the name opens the device's own page.
      <a className="cell-strong" href={`#/devices/${device.id}`} onClick={(event) => event.stopPropagation()}>
        {device.name}
      </a>
    ),
  },
  {
    key: 'address',
    header: 'Address',
    width: 'minmax(116px, 1fr)',
    render: (device) => (
      <span className="cell-mono" title={`${device.user}@${describeAddress(device)}`}>
        {describeAddress(device)}
      </span>
    ),
  },
  {
    key: 'os',
    header: 'OS',
    width: 'minmax(130px, 1.4fr)',
    render: (device) => (
      <span className={device.os ? '' : 'cell-muted'} title={device.os?.name}>
        {describeOs(device)}
      </span>
    ),
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
    width: 'minmax(130px, 1.2fr)',
    render: (device) => <Tags tags={device.tags} />,
  },
];
