import { FormError } from "@/components/ui/field";

/** The outcome of the last action: its error, or a notice of what was done. */
export function ActionFeedback({ error, notice }: { error: string | null; notice: string | null }) {
  if (error) return <FormError>{error}</FormError>;
  if (!notice) return null;
  return (
    <p
      role="status"
      data-testid="action-notice"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-[13px] text-emerald-800"
    >
      {notice}
    </p>
  );
}

/** The same outcome inline, in a toolbar or a form's row: a quiet notice, or the error. */
export function InlineActionFeedback({ error, notice }: { error: string | null; notice: string | null }) {
  return (
    <>
      {notice ? (
        <span className="text-[13px] text-zinc-600" role="status">
          {notice}
        </span>
      ) : null}
      <FormError>{error}</FormError>
    </>
  );
}
