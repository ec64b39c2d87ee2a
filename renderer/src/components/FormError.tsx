/** A form's error line, announced to screen readers; renders nothing without a message. */
export function FormError({ message }: { message: string | null | undefined | false }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
