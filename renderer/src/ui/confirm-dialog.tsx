import { useState } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';
import { FormError } from './form-error';

export interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  /** Runs the action; a returned sentence is the refusal to show, null means done. */
  readonly onConfirm: () => Promise<string | null>;
  readonly onClose: () => void;
}

/** "Remove device 'web-01'?": the action runs only after an explicit second click. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    const outcome = await onConfirm();
    setBusy(false);
    if (outcome === null) close();
    else setRefusal(outcome);
  };
  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      onSubmit={() => void confirm()}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p className="dialog__message">{message}</p>
      <FormError message={refusal} />
    </Dialog>
  );
}
