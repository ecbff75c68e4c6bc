import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { TFetchRecord, TLogLine, TSdkRecord } from "@/lib/code/runtime/types";
import { formatBytes, formatMs, invocationStatusLabel } from "./labels";

/** What the Test tab and the Logs tab show of one invocation (a test run's answer or a stored row). */
export type TInvocationView = {
  status: string;
  returnValue: unknown;
  outputs: Record<string, unknown> | null;
  logs: TLogLine[];
  logsTruncated: boolean;
  fetches: TFetchRecord[];
  /** `applied` is false on a dry run (validated, not applied); absent on older rows. */
  sdkCalls: (TSdkRecord & { applied?: boolean })[];
  error: {
    name: string;
    message: string;
    stack: string | null;
    line: number | null;
    column: number | null;
  } | null;
  durationMs: number | null;
  cpuMs: number | null;
  memoryBytes: number | null;
  /** A dry run: SDK writes were validated and recorded, not applied. */
  isDryRun: boolean;
};

export function InvocationResultView({
  result,
  onRevealLine,
}: {
  result: TInvocationView;
  /** Shows the error's line in the Code tab (the stack is already mapped to the user's lines). */
  onRevealLine?: (line: number, column: number | null) => void;
}) {
  const status = invocationStatusLabel(result.status);
  return (
    <div className="space-y-4" data-testid="invocation-result" data-status={result.status}>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-[13px]">
        <Badge tone={status.tone}>
          <span data-testid="invocation-status">{status.label}</span>
        </Badge>
        <Figure label="Duration" value={formatMs(result.durationMs)} testId="invocation-duration" />
        <Figure label="CPU time" value={formatMs(result.cpuMs)} testId="invocation-cpu" />
        <Figure label="Memory" value={formatBytes(result.memoryBytes)} testId="invocation-memory" />
        {result.isDryRun ? <Badge tone="amber">Dry run: writes not applied</Badge> : null}
      </div>

      {result.error ? <ErrorBlock error={result.error} onRevealLine={onRevealLine} /> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Return value">
          <JsonPre value={result.returnValue} testId="invocation-return" />
        </Section>
        <Section title="Outputs">
          {result.outputs && Object.keys(result.outputs).length > 0 ? (
            <JsonPre value={result.outputs} testId="invocation-outputs" />
          ) : (
            <Empty>No outputs.</Empty>
          )}
        </Section>
      </div>

      <Section title={`Console (${result.logs.length}${result.logsTruncated ? ", truncated" : ""})`}>
        <LogLines logs={result.logs} truncated={result.logsTruncated} />
      </Section>

      <Section title={`Fetch calls (${result.fetches.length})`}>
        <FetchTable fetches={result.fetches} />
      </Section>

      <Section title={`SDK writes (${result.sdkCalls.length})`}>
        <SdkCalls calls={result.sdkCalls} isDryRun={result.isDryRun} />
      </Section>
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <span className="text-zinc-500">
      {label}{" "}
      <span className="font-medium text-zinc-900 tabular-nums" data-testid={testId}>
        {value}
      </span>
    </span>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="min-w-0">
      <h4 className="mb-1.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{title}</h4>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-xs text-zinc-400">{children}</p>;
}

function JsonPre({ value, testId }: { value: unknown; testId: string }) {
  return (
    <pre
      data-testid={testId}
      className="max-h-64 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-zinc-800"
    >
      {value === undefined ? "undefined" : JSON.stringify(value, null, 2)}
    </pre>
  );
}

const LEVEL_CLASSES: Record<TLogLine["level"], string> = {
  log: "text-zinc-800",
  info: "text-sky-800",
  debug: "text-zinc-500",
  warn: "bg-amber-50 text-amber-900",
  error: "bg-red-50 text-red-800",
};

export function LogLines({ logs, truncated }: { logs: TLogLine[]; truncated: boolean }) {
  if (logs.length === 0) return <Empty>Nothing was logged.</Empty>;
  return (
    <ol
      data-testid="invocation-logs"
      className="max-h-72 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 py-1 font-mono text-xs leading-5"
    >
      {logs.map((line, index) => (
        // Log lines have no identity of their own; their order never changes.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={index} className={cn("flex gap-3 px-2", LEVEL_CLASSES[line.level])} data-level={line.level}>
          <span className="w-10 shrink-0 text-zinc-400 select-none">{line.level}</span>
          <span className="min-w-0 break-all whitespace-pre-wrap">{line.message}</span>
        </li>
      ))}
      {truncated ? (
        <li className="px-2 text-zinc-500 italic">Output past the log limit was dropped.</li>
      ) : null}
    </ol>
  );
}

function FetchTable({ fetches }: { fetches: TFetchRecord[] }) {
  if (fetches.length === 0) return <Empty>No HTTP requests were made.</Empty>;
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200">
      <table className="w-full text-left text-xs" data-testid="invocation-fetches">
        <thead className="bg-zinc-50 text-[11px] text-zinc-500 uppercase">
          <tr>
            <th className="px-2 py-1.5 font-medium">Method</th>
            <th className="px-2 py-1.5 font-medium">URL</th>
            <th className="px-2 py-1.5 font-medium">Status</th>
            <th className="px-2 py-1.5 text-right font-medium">Duration</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {fetches.map((call, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: calls are listed in the order made
            <tr key={index} data-testid="invocation-fetch">
              <td className="px-2 py-1.5 font-mono">{call.method}</td>
              <td className="max-w-96 px-2 py-1.5 font-mono break-all">{call.url}</td>
              <td className="px-2 py-1.5">
                {call.status !== null ? (
                  <Badge tone={call.status < 400 ? "green" : "red"}>{call.status}</Badge>
                ) : (
                  <span className="text-red-700">{call.error ?? "No response"}</span>
                )}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatMs(call.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SdkCalls({ calls, isDryRun }: { calls: TInvocationView["sdkCalls"]; isDryRun: boolean }) {
  if (calls.length === 0) return <Empty>The SDK was not called.</Empty>;
  return (
    <ul className="space-y-1.5" data-testid="invocation-sdk-calls">
      {calls.map((call, index) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: calls are listed in the order made
          key={index}
          data-testid="invocation-sdk-call"
          data-method={call.method}
          className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs"
        >
          <div className="flex flex-wrap items-center gap-2">
            <code className="font-mono font-medium text-zinc-900">{call.method}</code>
            {call.ok ? (
              <Badge tone={isDryRun ? "amber" : "green"}>
                {isDryRun ? "Not applied (dry run)" : "Applied"}
              </Badge>
            ) : (
              <Badge tone="red">Refused</Badge>
            )}
          </div>
          <pre className="mt-1 font-mono break-all whitespace-pre-wrap text-zinc-700">
            {call.args.map((argument) => JSON.stringify(argument)).join(", ")}
          </pre>
          {call.error ? <p className="mt-1 text-red-700">{call.error}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function ErrorBlock({
  error,
  onRevealLine,
}: {
  error: NonNullable<TInvocationView["error"]>;
  onRevealLine?: (line: number, column: number | null) => void;
}) {
  return (
    <div
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-800"
      data-testid="invocation-error"
    >
      <p className="font-medium">
        {error.name}: {error.message}
        {error.line !== null ? (
          <span className="ml-2 font-normal text-red-700" data-testid="invocation-error-line">
            line {error.line}
            {error.column !== null ? `, column ${error.column}` : ""}
          </span>
        ) : null}
        {error.line !== null && onRevealLine ? (
          <button
            type="button"
            className="ml-2 text-xs font-medium text-red-800 underline hover:text-red-950"
            onClick={() => onRevealLine(error.line ?? 1, error.column)}
          >
            Show in code
          </button>
        ) : null}
      </p>
      {error.stack ? (
        <pre className="mt-1.5 max-h-48 overflow-auto font-mono text-xs leading-5 whitespace-pre-wrap text-red-900">
          {error.stack}
        </pre>
      ) : null}
    </div>
  );
}
