import { useEffect, useState } from 'react';
import { KeyRound } from 'lucide-react';
import type {
  DeviceCredential,
  SecretStorage,
  StoredSecretKind,
} from '../../../../shared/domain/credentials';
import { assertNever } from '../../../../shared/errors';
import { useCredentialsStore } from '../../stores/credentials-store';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Dialog } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';
import { FormError } from '../../ui/form-error';

type Action = { readonly credential: DeviceCredential; readonly secret: StoredSecretKind };

const secretName = (secret: StoredSecretKind) => (secret === 'password' ? 'login password' : 'sudo password');

/** Where a password lives, in words and colour: the keychain is the good case, obfuscation the weak one. */
function StorageBadge({ storage }: { readonly storage: SecretStorage | null }) {
  if (storage === null) return <span className="cell-muted">not stored</span>;
  switch (storage) {
    case 'os-keychain':
      return <Badge tone="success">OS keychain</Badge>;
    case 'obfuscated':
      return <Badge tone="warning">obfuscated only</Badge>;
    case 'passphrase':
      return <Badge tone="info">passphrase vault</Badge>;
    default:
      return assertNever(storage, 'secret storage');
  }
}

function SignIn({ credential }: { readonly credential: DeviceCredential }) {
  switch (credential.authKind) {
    case 'key':
      return (
        <>
          key file <span className="mono credential__path">{credential.keyPath}</span>
        </>
      );
    case 'password':
      return <>password in the vault</>;
    case 'agent':
      return <>ssh-agent</>;
    default:
      return assertNever(credential.authKind, 'sign-in kind');
  }
}

/**
 * A new password for one device, typed twice over nothing: it goes straight to the vault. Open while there is an
 * action; it stays mounted when closed, so the native dialog gives keyboard focus back to the button that opened it.
 */
function ReplaceDialog({
  action,
  onClose,
}: {
  readonly action: Action | null;
  readonly onClose: () => void;
}) {
  const replace = useCredentialsStore((state) => state.replace);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const name = secretName(action?.secret ?? 'password');
  // A password typed and then cancelled is not kept for the next device.
  const close = () => {
    setPassword('');
    setError(undefined);
    onClose();
  };
  const submit = async () => {
    if (action === null) return;
    if (password === '') return setError(`Type the new ${name}.`);
    setBusy(true);
    const refusal = await replace(action.credential, action.secret, password);
    setBusy(false);
    if (refusal === null) close();
    else setError(refusal);
  };
  return (
    <Dialog
      open={action !== null}
      title={`New ${name} for ${action?.credential.deviceName ?? ''}`}
      description="It is sealed by the vault at once; Patchdeck never shows it again."
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Store password
          </Button>
        </>
      }
    >
      <TextField
        label={`New ${name}`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(value) => (setPassword(value), setError(undefined))}
        error={error}
      />
    </Dialog>
  );
}

/**
 * Every device's sign-in: user, kind, key file, and where its passwords live, with replace and forget. Retired
 * devices come last, marked, so a decommissioned machine's stored password can be forgotten.
 */
export function CredentialsSection() {
  const credentials = useCredentialsStore((state) => state.credentials);
  const loadError = useCredentialsStore((state) => state.loadError);
  const load = useCredentialsStore((state) => state.load);
  const forget = useCredentialsStore((state) => state.forget);
  const [replacing, setReplacing] = useState<Action | null>(null);
  const [forgetting, setForgetting] = useState<Action | null>(null);

  useEffect(() => void load(), [load]);

  const actions = (credential: DeviceCredential, secret: StoredSecretKind) => {
    const stored = secret === 'password' ? credential.password : credential.sudoPassword;
    // A key or agent login has no login password to set; its sudo password can always be set.
    if (secret === 'password' && credential.authKind !== 'password') return null;
    const label = `${secretName(secret)} of ${credential.deviceName}`;
    // Nothing signs in to a retired device: its passwords can only be forgotten (reinstated, it can get new ones).
    const retired = credential.retiredAt !== null;
    return (
      <>
        {retired ? null : (
          <Button
            variant="ghost"
            aria-label={`Replace ${label}`}
            onClick={() => setReplacing({ credential, secret })}
          >
            {stored ? 'Replace' : 'Set'}
          </Button>
        )}
        {stored ? (
          <Button
            variant="ghost"
            aria-label={`Forget ${label}`}
            onClick={() => setForgetting({ credential, secret })}
          >
            Forget
          </Button>
        ) : null}
      </>
    );
  };

  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 className="card__title" id="credentials-title">
        Credentials
      </h2>
      <p className="setting__hint">
        How Patchdeck signs in to each device. Passwords stay sealed in the vault: they are never shown, only
        replaced or forgotten.
      </p>
      {loadError ? (
        <FormError message={loadError} />
      ) : credentials.length === 0 ? (
        <p className="widget__empty">
          <KeyRound size={16} aria-hidden="true" /> No devices yet: their sign-ins appear here once added.
        </p>
      ) : (
        <table className="plain-table credentials-table" aria-label="Stored credentials">
          <thead>
            <tr>
              <th>Device</th>
              <th>Sign-in</th>
              <th>Login password</th>
              <th>Sudo password</th>
            </tr>
          </thead>
          <tbody>
            {credentials.map((credential) => (
              <tr key={credential.deviceId} aria-label={credential.deviceName}>
                <td>
                  <span className="cell-strong">{credential.deviceName}</span>
                  <span className="cell-muted"> · {credential.clientName}</span>
                  {credential.retiredAt !== null ? (
                    <>
                      {' '}
                      <Badge tone="neutral">Retired</Badge>
                    </>
                  ) : null}
                </td>
                <td>
                  <span className="mono">{credential.user}</span>
                  <span className="credential__sign-in">
                    <SignIn credential={credential} />
                  </span>
                </td>
                <td>
                  <span className="credential__secret">
                    <StorageBadge storage={credential.password} />
                    {actions(credential, 'password')}
                  </span>
                </td>
                <td>
                  <span className="credential__secret">
                    <StorageBadge storage={credential.sudoPassword} />
                    {actions(credential, 'sudo')}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ReplaceDialog action={replacing} onClose={() => setReplacing(null)} />
      <ConfirmDialog
        open={forgetting !== null}
        title={`Forget the ${forgetting ? secretName(forgetting.secret) : ''} of ${forgetting?.credential.deviceName ?? ''}?`}
        message={
          forgetting?.credential.retiredAt
            ? 'It is erased from the database. The device is retired; if you reinstate it, set it again here.'
            : forgetting?.secret === 'password'
              ? 'It is erased from the database. Scans and deployments of this device fail to sign in until you set a new one.'
              : 'It is erased from the database. Sudo then uses the login password, if the device has one.'
        }
        confirmLabel="Forget password"
        onConfirm={() =>
          forgetting ? forget(forgetting.credential, forgetting.secret) : Promise.resolve(null)
        }
        onClose={() => setForgetting(null)}
      />
    </section>
  );
}
