"use client";

import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { TWebhookTestResult } from "@/lib/flows/webhook-test-send";

type TSent = Extract<TWebhookTestResult, { ok: true }>;

function HeaderTable({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="text-xs text-zinc-500">No headers</p>;
  return (
    <table aria-label={label} className="w-full table-fixed text-left font-mono text-[11px]">
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name} className="align-top">
            <th scope="row" className="w-2/5 truncate py-0.5 pr-2 font-medium text-zinc-600" title={name}>
              {name}
            </th>
            <td className="break-all py-0.5 text-zinc-900">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1">
      <h4 className="text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">{title}</h4>
      {children}
    </section>
  );
}

function Code({ children, label }: { children: string; label: string }) {
  return (
    <pre
      data-testid={label}
      className="max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-zinc-800"
    >
      {children}
    </pre>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** What "Send test" sent and what came back: status, duration, response, the exact request. */
export function WebhookTestResult({ result }: { result: TSent }) {
  const { response, request } = result;
  const isSuccess = response.status !== null && response.status >= 200 && response.status < 300;
  return (
    <div className="space-y-3 rounded-md border border-zinc-200 p-3" data-testid="webhook-test-result">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={isSuccess ? "green" : "red"}>
          <span data-testid="webhook-test-status">{response.status ?? "No response"}</span>
        </Badge>
        <span className="text-xs text-zinc-600">{result.durationMs} ms</span>
        <span className="truncate font-mono text-[11px] text-zinc-500" title={result.messageId}>
          {result.messageId}
        </span>
      </div>
      {response.error ? <p className="text-xs text-red-700">{response.error}</p> : null}
      {response.status !== null ? (
        <>
          <Section title="Response headers">
            <HeaderTable headers={response.headers} label="Response headers" />
          </Section>
          <Section title="Response body">
            <Code label="Response body">{response.body ? prettyBody(response.body) : "(empty)"}</Code>
          </Section>
        </>
      ) : null}
      <details className="group">
        <summary className="cursor-pointer text-xs font-medium text-zinc-700">Request sent</summary>
        <div className="mt-2 space-y-2">
          <p className="break-all font-mono text-[11px] text-zinc-800">
            {request.method} {request.url}
          </p>
          <HeaderTable headers={request.headers} label="Request headers" />
          <Code label="Request body">{prettyBody(request.body)}</Code>
          <p className="text-[11px] text-zinc-500">
            Header values built from secrets are shown as ••••; verify the signature with the workspace's flow
            webhook secret (Standard Webhooks).
          </p>
        </div>
      </details>
    </div>
  );
}
