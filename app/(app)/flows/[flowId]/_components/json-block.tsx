/** A value as indented JSON (null and empty values as a dash), scrollable when long. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const isEmpty =
    value === null ||
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && value !== null && Object.keys(value).length === 0);
  return (
    <div>
      <h4 className="mb-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</h4>
      {isEmpty ? (
        <p className="text-xs text-zinc-400">—</p>
      ) : (
        <pre
          data-testid={`step-${label.toLowerCase()}`}
          className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs leading-5 text-zinc-800"
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}
