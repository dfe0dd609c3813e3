import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
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

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

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
      {open ? (
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
