import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import type { ApiError } from '../api.ts';

/**
 * Form fields that show the API's field errors beside themselves. Forms are `noValidate`: the API's
 * Zod schemas are the one place input rules live, and their messages land next to the field.
 */

export type FieldErrors = Record<string, string>;

/** The error for a field: its own path, or the first error inside it (`whys.1`, `verification.metric`). */
export function errorFor(errors: FieldErrors | undefined, name: string): string | undefined {
  if (!errors) return undefined;
  if (errors[name]) return errors[name];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
  if (!inner) return undefined;
  const rest = inner.slice(name.length + 1);
  return /^\d+$/.test(rest) ? `item ${Number(rest) + 1} ${errors[inner]}` : errors[inner];
}

interface FieldShell {
  label: ReactNode;
  name: string;
  errors?: FieldErrors | undefined;
  hint?: ReactNode;
}

function useDescribed(name: string, errors: FieldErrors | undefined, hint: ReactNode) {
  const id = useId();
  const error = errorFor(errors, name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return { id, error, hintId, errorId, describedBy };
}

function FieldText({
  hint,
  hintId,
  error,
  errorId,
}: {
  hint: ReactNode;
  hintId?: string | undefined;
  error?: string | undefined;
  errorId?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

function RequiredMark({ required }: { required: boolean | undefined }) {
  return required ? <span className="required"> (required)</span> : null;
}

export function TextField({
  label,
  name,
  errors,
  hint,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const d = useDescribed(name, errors, hint);
  return (
    <div className={`field${d.error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>
        {label}
        <RequiredMark required={input.required} />
      </label>
      <FieldText hint={hint} {...d} />
      <input
        id={d.id}
        name={name}
        aria-invalid={d.error ? true : undefined}
        aria-describedby={d.describedBy}
        {...input}
      />
    </div>
  );
}

export function TextArea({
  label,
  name,
  errors,
  hint,
  ...input
}: FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const d = useDescribed(name, errors, hint);
  return (
    <div className={`field${d.error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>
        {label}
        <RequiredMark required={input.required} />
      </label>
      <FieldText hint={hint} {...d} />
      <textarea
        id={d.id}
        name={name}
        rows={3}
        aria-invalid={d.error ? true : undefined}
        aria-describedby={d.describedBy}
        {...input}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Options from an enum, labelled with the shared `label()` helper. */
export function optionsOf(values: readonly string[], toLabel: (v: string) => string): Option[] {
  return values.map((value) => ({ value, label: toLabel(value) }));
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  options,
  placeholder,
  ...select
}: FieldShell & { options: Option[]; placeholder?: string } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    'name'
  >) {
  const d = useDescribed(name, errors, hint);
  return (
    <div className={`field${d.error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>
        {label}
        <RequiredMark required={select.required} />
      </label>
      <FieldText hint={hint} {...d} />
      <select
        id={d.id}
        name={name}
        aria-invalid={d.error ? true : undefined}
        aria-describedby={d.describedBy}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Several checkboxes sharing one name, in a fieldset whose legend names them. With `values` and
 * `onChange` the boxes are controlled (for forms that react as the person types).
 */
export function CheckboxGroup({
  label,
  name,
  errors,
  hint,
  options,
  required,
  values,
  onChange,
}: FieldShell & {
  options: Option[];
  required?: boolean;
  values?: readonly string[];
  onChange?: (values: string[]) => void;
}) {
  const d = useDescribed(name, errors, hint);
  return (
    <fieldset
      className={`field checkbox-group${d.error ? ' has-error' : ''}`}
      aria-describedby={d.describedBy}
    >
      <legend>
        {label}
        <RequiredMark required={required} />
      </legend>
      <FieldText hint={hint} {...d} />
      {options.length === 0 ? <p className="muted">None yet.</p> : null}
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          {values && onChange ? (
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) =>
                onChange(e.currentTarget.checked ? [...values, o.value] : values.filter((v) => v !== o.value))
              }
            />
          ) : (
            <input type="checkbox" name={name} value={o.value} />
          )}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function Checkbox({
  label,
  name,
  errors,
  hint,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'type'>) {
  const d = useDescribed(name, errors, hint);
  return (
    <div className={`field${d.error ? ' has-error' : ''}`}>
      <label className="checkbox">
        <input
          type="checkbox"
          name={name}
          aria-invalid={d.error ? true : undefined}
          aria-describedby={d.describedBy}
          {...input}
        />
        {label}
      </label>
      <FieldText hint={hint} {...d} />
    </div>
  );
}

/** `whys.1` → "Whys, item 2" given the label of `whys`. */
function describePath(path: string, labels: Record<string, string>): string {
  if (labels[path]) return labels[path];
  const [first = path, ...rest] = path.split('.');
  const parts = rest.map((p) => (/^\d+$/.test(p) ? `item ${Number(p) + 1}` : p));
  return [labels[first] ?? first, ...parts].join(', ');
}

/**
 * What went wrong with a submission: the problem's title, then each field error (so none is lost
 * even when its field is not on screen), or the detail when there are none.
 */
export function ErrorSummary({
  error,
  labels = {},
  title,
}: {
  error: ApiError | undefined;
  labels?: Record<string, string>;
  /** Replaces the problem's title when the form knows better. */
  title?: string;
}) {
  if (!error) return null;
  const fieldErrors = Object.entries(error.fieldErrors());
  return (
    <div className="error-summary" role="alert">
      <p className="error-title">{title ?? error.problem.title}</p>
      {fieldErrors.length > 0 ? (
        <ul>
          {fieldErrors.map(([path, message]) => (
            <li key={path}>
              {describePath(path, labels)}: {message}
            </li>
          ))}
        </ul>
      ) : (
        <p>{error.problem.detail}</p>
      )}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="primary" aria-disabled={pending || undefined}>
      {pending ? 'Saving…' : children}
    </button>
  );
}

/** Reads a submitted form: trimmed text, optional text (undefined when blank), checked boxes. */
export function readForm(form: HTMLFormElement) {
  const fd = new FormData(form);
  const text = (name: string) => String(fd.get(name) ?? '').trim();
  return {
    text,
    optional: (name: string) => text(name) || undefined,
    nullable: (name: string) => text(name) || null,
    all: (name: string) => fd.getAll(name).map(String),
    checked: (name: string) => fd.get(name) !== null,
    /** One entry per non-blank line. */
    lines: (name: string) =>
      text(name)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
  };
}
