import { useState } from 'react';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { FormError } from '../../ui/form-error';

/** A checked copy of the database to a file chosen in a save dialog, and restoring one (after a confirm). */
export function BackupSection() {
  const backup = useSettingsStore((state) => state.backup);
  const restore = useSettingsStore((state) => state.restore);
  const lastBackup = useSettingsStore((state) => state.lastBackup);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(await backup());
    setBusy(false);
  };
  return (
    <section className="card" aria-labelledby="backup-title">
      <h2 className="card__title" id="backup-title">
        Backup and restore
      </h2>
      <div className="stack">
        <p className="setting__hint">
          A backup is a checked, consistent copy of the whole database. You choose where it goes; passwords
          stay sealed inside it.
        </p>
        <div className="inline-form">
          <Button variant="primary" busy={busy} onClick={() => void create()}>
            Create backup…
          </Button>
          {/* The engine refuses a restore while a backup is written (it would close the database under the copy). */}
          <Button variant="danger" disabled={busy} onClick={() => (setError(null), setRestoring(true))}>
            Restore from a backup…
          </Button>
        </div>
        <FormError message={error} />
        {lastBackup ? (
          <p className="setting__hint" role="note">
            {lastBackup.path}: {Math.round(lastBackup.bytes / 1024)} KB. {lastBackup.secretsNote}
          </p>
        ) : null}
      </div>
      <ConfirmDialog
        open={restoring}
        title="Restore the database from a backup?"
        message="You choose the backup file next. Everything Patchdeck holds now is replaced by it; the current database is kept beside it, and the engine restarts."
        confirmLabel="Choose the backup…"
        onConfirm={() => restore()}
        onClose={() => setRestoring(false)}
      />
    </section>
  );
}
