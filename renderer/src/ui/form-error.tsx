/**
 * A form's or a panel's error that belongs to no single field, read out as it appears; nothing when there is none.
 */
export function FormError({ message }: { readonly message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
