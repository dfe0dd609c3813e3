import { useState } from 'react';
import { useSettingsStore } from '../../stores/settings-store';
import { Button } from '../../ui/button';
import { Checkbox } from '../../ui/checkbox';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { TextField } from '../../ui/text-field';

/** A checked copy of the database to a path, and restoring one (after a confirm: it replaces everything). */
export function BackupSection() {
  const backup = useSettingsStore((state) => state.backup);
  const restore = useSettingsStore((state) => state.restore);
  const lastBackup = useSettingsStore((state) => state.lastBackup);
  const [path, setPath] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState(false);

  const create = async () => {
    if (path.trim() === '') {
      setError('Type where the backup goes, e.g. /home/me/patchdeck-backup.db');
      return;
    }
    setBusy(true);
    setError((await backup(path.trim(), overwrite)) ?? undefined);
    setBusy(false);
  };
  return (
    <section className="card" aria-labelledby="backup-title">
      <h2 className="card__title" id="backup-title">
        Backup and restore
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <TextField
          label="Backup file"
          placeholder="/home/me/patchdeck-backup.db"
          value={path}
          onChange={(value) => (setPath(value), setError(undefined))}
          error={error}
        />
        <Checkbox label="Replace the file if it exists" checked={overwrite} onChange={setOverwrite} />
        <div className="inline-form">
          <Button type="submit" variant="primary" busy={busy}>
            Create backup
          </Button>
          <Button
            variant="danger"
            onClick={() =>
              path.trim() === '' ? setError('Type the backup file to restore from.') : setRestoring(true)
            }
          >
            Restore from this file…
          </Button>
        </div>
        {lastBackup ? (
          <p className="setting__hint" role="note">
            {lastBackup.path}: {Math.round(lastBackup.bytes / 1024)} KB. {lastBackup.secretsNote}
          </p>
        ) : null}
      </form>
      <ConfirmDialog
        open={restoring}
        title="Restore the database from this backup?"
        message={`Everything Patchdeck holds now is replaced by ${path.trim()}. The current database is kept beside it, and the engine restarts.`}
        confirmLabel="Restore"
        onConfirm={() => restore(path.trim())}
        onClose={() => setRestoring(false)}
      />
    </section>
  );
}
