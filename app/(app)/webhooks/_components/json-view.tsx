/** Formatted JSON (or raw text that is not JSON) under an optional caption, scrollable when long. */
export function JsonView({
  value,
  testId,
  label,
  maxHeight = "max-h-96",
}: {
  value: unknown;
  testId?: string;
  label?: string;
  maxHeight?: string;
}) {
  const block = (
    <pre
      data-testid={testId}
      className={`${maxHeight} overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-zinc-800`}
    >
      {typeof value === "string" ? prettyJsonText(value) : JSON.stringify(value, null, 2)}
    </pre>
  );
  if (!label) return block;
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs text-zinc-500">{label}</figcaption>
      {block}
    </figure>
  );
}

/** A stored body: re-indented when it is JSON, shown as it is otherwise (an HTML error page…). */
export function prettyJsonText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
