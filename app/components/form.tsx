import { useTranslation } from "react-i18next";

export interface FieldMeta {
  id: string;
  name: string;
  errorId: string;
  errors?: string[];
  initialValue?: unknown;
}

function errorText(t: (k: string) => string, errors?: string[]) {
  return errors && errors.length > 0 ? t(errors[0]!) : null;
}

export function TextField(props: {
  field: FieldMeta;
  label: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  defaultValue?: string | null;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  inputMode?: React.HTMLAttributes<HTMLInputElement>["inputMode"];
}) {
  const { t } = useTranslation();
  const { field } = props;
  const error = errorText(t, field.errors);
  const hintId = props.hint ? `${field.id}-hint` : undefined;
  const describedBy = [error ? field.errorId : null, hintId].filter(Boolean).join(" ") || undefined;
  const initial = typeof field.initialValue === "string" ? field.initialValue : (props.defaultValue ?? undefined);
  const common = {
    id: field.id,
    name: field.name,
    defaultValue: initial,
    required: props.required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    className: "field-input",
  };
  return (
    <div>
      <label htmlFor={field.id} className="field-label">
        {props.label}
        {props.required ? <span aria-hidden="true" className="text-red-700"> *</span> : null}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 4} />
      ) : (
        <input {...common} type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} />
      )}
      {props.hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p id={field.errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField(props: {
  field: FieldMeta;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string | null;
}) {
  const { t } = useTranslation();
  const { field } = props;
  const error = errorText(t, field.errors);
  const initial = typeof field.initialValue === "string" ? field.initialValue : (props.defaultValue ?? undefined);
  return (
    <div>
      <label htmlFor={field.id} className="field-label">
        {props.label}
      </label>
      <select
        id={field.id}
        name={field.name}
        defaultValue={initial}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? field.errorId : undefined}
        className="field-input"
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={field.errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  const { t } = useTranslation();
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{t(e)}</p>
      ))}
    </div>
  );
}

export function Notice({ children, tone = "info" }: { children: React.ReactNode; tone?: "info" | "success" | "warning" }) {
  const tones = {
    info: "border-brand-100 bg-brand-50 text-brand-900",
    success: "border-green-300 bg-green-50 text-green-900",
    warning: "border-amber-300 bg-amber-50 text-amber-900",
  };
  return (
    <div role="status" className={`rounded-md border p-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}

/** A refusal or error message, announced to screen readers. */
export function Alert({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid={testId}>
      {children}
    </div>
  );
}
