import { useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { X } from 'lucide-react';
import { IconButton } from './button';

export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly description?: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons at the bottom; a submit button submits the dialog's form. */
  readonly footer: ReactNode;
  /** Called when the dialog's form is submitted (Enter in a field, or a submit button). */
  readonly onSubmit?: () => void;
  readonly placement?: 'center' | 'side';
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores focus afterwards.
 * `placement="side"` is the drawer used for longer forms.
 *
 * The form mounts only once the dialog is shown: React's autoFocus calls focus() as the field mounts, and a field
 * in a dialog not yet shown cannot take it, so the browser would hand the focus to the Close button instead.
 * A dialog taken off the page while open (its owner stops rendering it) is closed first, so the browser gives the
 * focus back to the control that opened it rather than dropping it on <body>.
 */
export function Dialog({
  open,
  title,
  description,
  onClose,
  children,
  footer,
  onSubmit,
  placement = 'center',
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [shown, setShown] = useState(false);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    setShown(open);
  }, [open]);

  // No field asked for the focus: the browser left it on the then-empty dialog; give it to the first control, as
  // the browser itself does for a dialog shown with its content.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (shown && dialog && document.activeElement === dialog)
      dialog.querySelector<HTMLElement>('button, [href], input, select, textarea')?.focus();
  }, [shown]);

  // A layout cleanup runs while the <dialog> is still in the page, where close() can still restore the focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${placement}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        // Escape: let the owner decide (it closes by setting open=false), so state and DOM never disagree.
        event.preventDefault();
        onClose();
      }}
    >
      {open && shown ? (
        <form className="dialog__form" onSubmit={submit} noValidate>
          <header className="dialog__header">
            <div>
              <h2 className="dialog__title" id={titleId}>
                {title}
              </h2>
              {description ? <p className="dialog__description">{description}</p> : null}
            </div>
            <IconButton icon={X} label="Close" onClick={onClose} />
          </header>
          <div className="dialog__body">{children}</div>
          <footer className="dialog__footer">{footer}</footer>
        </form>
      ) : null}
    </dialog>
  );
}

/** The side panel variant of Dialog, for forms with many fields. */
export function Drawer(props: Omit<DialogProps, 'placement'>) {
  return <Dialog {...props} placement="side" />;
}
