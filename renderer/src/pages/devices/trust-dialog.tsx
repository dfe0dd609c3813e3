import { useEffect, useState } from 'react';
import type { Device } from '../../../../shared/domain/fleet';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';

/** The fingerprints a host-key-mismatch error names: the pinned one first, then the one presented. */
export function fingerprintsIn(error: string | null): readonly string[] {
  return error?.match(/SHA256:[A-Za-z0-9+/=]+/g) ?? [];
}

/**
 * "Trust new key": shows the key Patchdeck pinned and the one the device presents, so the technician can compare
 * with the machine's console before accepting it. Nothing is accepted without the second click, and only the key
 * shown is: when the last scan named none, it is read first (without pinning), and a device presenting another by
 * the time of the click is refused.
 */
export function TrustDialog({
  device,
  onReadHostKey,
  onTrust,
  onClose,
}: {
  readonly device: Device | null;
  readonly onReadHostKey: (device: Device) => Promise<{ presented: string } | { refusal: string }>;
  readonly onTrust: (device: Device, expected: string) => Promise<string | null>;
  readonly onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [read, setRead] = useState<{ deviceId: number; presented: string } | null>(null);
  const [pinned, scanned] = fingerprintsIn(device?.lastScanError ?? null);
  const presented = scanned ?? (read !== null && read.deviceId === device?.id ? read.presented : undefined);

  // The last scan named no presented key: read it now, so the technician checks the very key that gets pinned.
  useEffect(() => {
    if (device === null || scanned !== undefined) return;
    let current = true;
    void onReadHostKey(device).then((answer) => {
      if (!current) return;
      if ('presented' in answer) setRead({ deviceId: device.id, presented: answer.presented });
      else setRefusal(answer.refusal);
    });
    return () => {
      current = false;
    };
  }, [device, scanned, onReadHostKey]);

  const close = () => {
    setRefusal(null);
    setRead(null);
    onClose();
  };
  const trust = async () => {
    if (!device || presented === undefined) return;
    setBusy(true);
    const outcome = await onTrust(device, presented);
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
          <Button type="submit" variant="danger" busy={busy} disabled={presented === undefined}>
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
        <dt>Presented</dt>
        <dd className="fingerprint">{presented ?? 'reading the key the device presents…'}</dd>
      </dl>
      {refusal ? (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      ) : null}
    </Dialog>
  );
}
