/** A short "done" line next to the button that did it. */
export function ActionNotice({
  notice,
  testId = "action-notice",
}: {
  notice: string | null;
  testId?: string;
}) {
  if (!notice) return null;
  return (
    <span role="status" data-testid={testId} className="text-[13px] text-emerald-700">
      {notice}
    </span>
  );
}
