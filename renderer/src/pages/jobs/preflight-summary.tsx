import type { PreflightDevice, PreflightSummary } from '../../../../shared/domain/jobs';
import { assertNever } from '../../../../shared/errors';
import { formatCountOf } from '../../format';
import { Badge, type BadgeTone } from '../../ui/badge';

function toneOf(status: PreflightDevice['status']): BadgeTone {
  switch (status) {
    case 'ready':
      return 'success';
    case 'nothing-to-do':
      return 'neutral';
    case 'blocked':
      return 'danger';
    case 'unreachable':
      return 'warning';
    default:
      return assertNever(status, 'pre-flight status');
  }
}

const statusText: Readonly<Record<PreflightDevice['status'], string>> = {
  ready: 'ready',
  'nothing-to-do': 'nothing to do',
  blocked: 'blocked',
  unreachable: 'unreachable',
};

/** The devices a deployment would run on now: ready ones (unreachable and blocked ones are left out). */
export const readyDevices = (summary: PreflightSummary) =>
  summary.devices.filter((device) => device.status === 'ready');

function DeviceRow({ device }: { readonly device: PreflightDevice }) {
  const irreversible = device.packages.filter((pkg) => !pkg.rollbackPossible);
  return (
    <tr aria-label={device.device}>
      <th scope="row" className="cell-strong">
        {device.device}
      </th>
      <td>
        <Badge tone={toneOf(device.status)}>{statusText[device.status]}</Badge>
      </td>
      <td>
        {device.error ? <p className="job-device__error">{device.error}</p> : null}
        {device.packages.length > 0 ? (
          <ul className="preflight-table__changes">
            {device.packages.map((pkg) => (
              <li key={pkg.name} className="cell-mono">
                {pkg.name} {pkg.from} → {pkg.to}
              </li>
            ))}
          </ul>
        ) : device.error ? null : (
          <span className="cell-muted">Nothing to install.</span>
        )}
        {device.warnings.map((warning) => (
          <p key={warning} className="job-device__warning">
            {warning}
          </p>
        ))}
      </td>
      <td>
        {device.packages.length === 0 ? (
          <span className="cell-muted">–</span>
        ) : irreversible.length === 0 ? (
          <span>All can be rolled back</span>
        ) : (
          <ul className="preflight-table__changes">
            {irreversible.map((pkg) => (
              <li key={pkg.name} className="job-device__warning">
                {pkg.name}: {pkg.rollbackNote ?? 'the old version cannot be reinstalled.'}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** Per device what the deployment would change (from → to), what could not be rolled back, and who is left out. */
export function PreflightTable({ summary }: { readonly summary: PreflightSummary }) {
  const counts = new Map<PreflightDevice['status'], number>();
  for (const device of summary.devices) counts.set(device.status, (counts.get(device.status) ?? 0) + 1);
  const irreversible = summary.devices.flatMap((device) =>
    device.status === 'ready' ? device.packages.filter((pkg) => !pkg.rollbackPossible) : [],
  );
  return (
    <>
      <p className="job-summary">
        {formatCountOf(summary.devices.length, 'device')} checked:{' '}
        {[...counts].map(([status, count]) => `${count} ${statusText[status]}`).join(', ')}.
      </p>
      {irreversible.length > 0 ? (
        <div className="callout callout--warning" role="note">
          {formatCountOf(irreversible.length, 'change')} cannot be rolled back by Patchdeck afterwards: see
          the last column.
        </div>
      ) : null}
      <table className="preflight-table" aria-label="Pre-flight per device">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Status</th>
            <th scope="col">What changes</th>
            <th scope="col">Roll back</th>
          </tr>
        </thead>
        <tbody>
          {summary.devices.map((device) => (
            <DeviceRow key={device.deviceId} device={device} />
          ))}
        </tbody>
      </table>
    </>
  );
}
