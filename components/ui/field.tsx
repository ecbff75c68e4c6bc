"use client";

import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { cn } from "@/components/ui/cn";

export const CONTROL_CLASSES =
  "block rounded-md border bg-white px-2.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-0 disabled:bg-zinc-50 disabled:text-zinc-500";

function controlClasses(invalid: boolean, className?: string) {
  return cn(
    CONTROL_CLASSES,
    invalid
      ? "border-red-500 focus-visible:outline-red-500"
      : "border-zinc-300 focus-visible:outline-accent-500",
    className,
  );
}

type FieldFrameProps = { label: ReactNode; hint?: ReactNode; error?: string; className?: string };

/** Label, control, then the hint or the error next to the field (announced via aria-describedby). */
function FieldFrame({
  id,
  label,
  hint,
  error,
  className,
  children,
}: FieldFrameProps & { id: string; children: ReactNode }) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-[13px] font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-message`} className="text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-message`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type TextFieldProps = FieldFrameProps & Omit<InputHTMLAttributes<HTMLInputElement>, "className">;

export function TextField({ label, hint, error, className, id, ...input }: TextFieldProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} className={className}>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${fieldId}-message` : undefined}
        className={controlClasses(Boolean(error), "h-8 w-full")}
        {...input}
      />
    </FieldFrame>
  );
}

type SelectFieldProps = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> & { children: ReactNode };

export function SelectField({ label, hint, error, className, id, children, ...select }: SelectFieldProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} className={className}>
      <Select
        id={fieldId}
        invalid={Boolean(error)}
        aria-describedby={error || hint ? `${fieldId}-message` : undefined}
        {...select}
      >
        {children}
      </Select>
    </FieldFrame>
  );
}

/** A bare select (give it an aria-label when there is no visible label). */
export function Select({
  invalid = false,
  className,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }) {
  return (
    <select
      aria-invalid={invalid || undefined}
      // Full width unless the caller gives a width (Tailwind cannot tell two width classes apart).
      className={controlClasses(invalid, cn("h-8 pr-8", className ?? "w-full"))}
      {...select}
    >
      {children}
    </select>
  );
}

/** A form-level message (what failed, when it is not about one field). */
export function FormError({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p
      role="alert"
      data-testid="form-error"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700"
    >
      {children}
    </p>
  );
}
