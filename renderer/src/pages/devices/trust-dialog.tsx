import { useState } from 'react';
import type { Device } from '../../../../shared/domain/fleet';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';

/** The fingerprints a host-key-mismatch error names: the pinned one first, then the one presented. */
export function fingerprintsIn(error: string | null): readonly string[] {
  return error?.match(/SHA256:[A-Za-z0-9+/=]+/g) ?? [];
}

/**
 * "Trust new key": shows the key Patchdeck pinned and the one the device now presents, so the technician can
 * compare with the machine's console before accepting it. Nothing is accepted without the second click.
 */
export function TrustDialog({
  device,
  onTrust,
  onClose,
}: {
  readonly device: Device | null;
  readonly onTrust: (device: Device) => Promise<string | null>;
  readonly onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pinned, presented] = fingerprintsIn(device?.lastScanError ?? null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const trust = async () => {
    if (!device) return;
    setBusy(true);
    const outcome = await onTrust(device);
    setBusy(false);
    if (outcome === null) close();
    else setRefusal(outcome);
  };
  return (
    <Dialog
      open={device !== null}
      title={`Trust the new host key of '${device?.name ?? ''}'?`}
      onClose={close}
      onSubmit={() => void trust()}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>
            Trust new key
          </Button>
        </>
      }
    >
      <p className="dialog__message">
        The device presented a different host key than the one Patchdeck pinned. That happens after a
        reinstall, and also when someone is in between. Compare the new fingerprint with the machine&apos;s
        own (<span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>) before you trust
        it.
      </p>
      <dl className="facts facts--compact">
        <dt>Pinned</dt>
        <dd className="fingerprint">{pinned ?? device?.hostKey ?? 'none'}</dd>
        <dt>Presented now</dt>
        <dd className="fingerprint">{presented ?? 'read again when you trust'}</dd>
      </dl>
      {refusal ? (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      ) : null}
    </Dialog>
  );
}
