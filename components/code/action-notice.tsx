/** A short "done" line next to the button that did it. */
export function ActionNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <span role="status" data-testid="action-notice" className="text-[13px] text-emerald-700">
      {notice}
    </span>
  );
}
