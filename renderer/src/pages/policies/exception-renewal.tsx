import { useState } from 'react';
import type { PatchException } from '../../../../shared/domain/policies';
import { formatDate } from '../../format';
import { useExceptionsStore } from '../../stores/exceptions-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';
import { dayAfter, endOfDay } from './exception-dates';
import { FormError } from '../../ui/form-error';

/** Keep a package held longer, or for a new reason: the review of an expired exception ends here or in removal. */
export function ExceptionRenewal({
  exception,
  onClose,
}: {
  readonly exception: PatchException;
  readonly onClose: () => void;
}) {
  const update = useExceptionsStore((state) => state.update);
  const [expires, setExpires] = useState(() => dayAfter(exception.expiresAt, 30));
  const [reason, setReason] = useState(exception.reason);
  const [errors, setErrors] = useState<{ expiresAt?: string; reason?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (expires === '') return setErrors({ expiresAt: 'Choose the day the exception ends.' });
    if (reason.trim() === '') return setErrors({ reason: 'an exception needs a reason' });
    setBusy(true);
    const refusal = await update(exception, { expiresAt: endOfDay(expires), reason: reason.trim() });
    setBusy(false);
    if (refusal === null) return onClose();
    setErrors(
      refusal.field === 'expiresAt' || refusal.field === 'reason'
        ? { [refusal.field]: refusal.message }
        : { form: refusal.message },
    );
  };

  return (
    <Dialog
      open
      title={`Extend the exception for '${exception.package}'`}
      description={`Holds on ${exception.targetName}; ${exception.expired ? 'expired' : 'expires'} ${formatDate(exception.expiresAt)}.`}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Save exception
          </Button>
        </>
      }
    >
      <FormError message={errors.form} />
      <TextField
        label="Expires"
        type="date"
        value={expires}
        onChange={(value) => (setExpires(value), setErrors({}))}
        error={errors.expiresAt}
      />
      <TextField
        label="Reason"
        value={reason}
        onChange={(value) => (setReason(value), setErrors({}))}
        error={errors.reason}
        maxLength={500}
      />
    </Dialog>
  );
}
