// A form field's parts the dialogs share: its label and control, a hint, and the problem the back end
// (or the form) found with it, tied to the control for screen readers.
import type { ReactNode } from 'react';

export function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-error" id={id}>
      {text}
    </p>
  ) : null;
}

/** The attributes that mark a control invalid and point it at its error. */
export const invalidProps = (errors: Record<string, string | undefined>, field: string, errorId: string) => ({
  'aria-invalid': errors[field] ? true : undefined,
  'aria-describedby': errors[field] ? errorId : undefined,
});

export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  /** The field's problem, shown under it as `${id}-error`. */
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p className="field-hint">{hint}</p>}
      <FieldError id={`${id}-error`} text={error} />
    </div>
  );
}

/** The errors without one field's: it is being corrected. */
export function without<T extends Record<string, string | undefined>>(errors: T, field: string): T {
  if (!(field in errors)) return errors;
  const rest = { ...errors };
  delete rest[field];
  return rest;
}
