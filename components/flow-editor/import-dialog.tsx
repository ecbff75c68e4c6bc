"use client";

import Link from "next/link";
import { type ChangeEvent, useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { CONTROL_CLASSES } from "@/components/ui/field";
import { importFlowAction } from "@/lib/actions/flow-version-actions";
import type { TImportReport } from "@/lib/flows/flow-import";

const KIND_LABELS = {
  list: "List",
  segment: "Segment",
  metric: "Metric",
  function: "Code function",
} as const;

/**
 * "Import": a flow exported as JSON (file or pasted) becomes a new draft. The server validates
 * it and maps lists, segments, metrics and code functions by name; this dialog then shows what
 * could not be mapped (those nodes are left unconfigured in the editor).
 */
export function ImportFlowDialog() {
  const [isOpen, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<TImportReport | null>(null);
  const [isPending, startTransition] = useTransition();

  function close() {
    setOpen(false);
    setText("");
    setFileName(null);
    setError(null);
    setReport(null);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setError(null);
    setText(await file.text());
  }

  function submit() {
    setError(null);
    startTransition(async () => {
      const result = await importFlowAction({ text });
      if (!result.ok) return setError(result.error);
      setReport(result.data);
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="import-flow-button">
        Import
      </Button>
      <Dialog
        open={isOpen}
        onClose={close}
        title={report ? `Imported “${report.name}”` : "Import a flow"}
        description={
          report
            ? "It is a new draft: nothing runs until you publish it."
            : "Choose a file exported from Hookflow (Export JSON), or paste its contents."
        }
        className="max-w-lg"
      >
        {report ? (
          <ImportReport report={report} onClose={close} />
        ) : (
          <div className="space-y-3">
            <label className="block text-[13px] font-medium text-zinc-800">
              File
              <input
                type="file"
                accept="application/json,.json"
                onChange={(event) => void onFile(event)}
                data-testid="import-file"
                className="mt-1.5 block w-full text-[13px] text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-2.5 file:py-1 file:text-[13px] file:font-medium"
              />
            </label>
            <label className="block text-[13px] font-medium text-zinc-800">
              {fileName ? `Contents of ${fileName}` : "Or paste the JSON"}
              <textarea
                value={text}
                onChange={(event) => setText(event.target.value)}
                rows={8}
                spellCheck={false}
                placeholder='{ "kind": "hookflow.flow", … }'
                aria-invalid={error ? true : undefined}
                className={cn(
                  CONTROL_CLASSES,
                  "mt-1.5 w-full py-2 font-mono text-xs",
                  error ? "border-red-500" : "border-zinc-300 focus-visible:outline-accent-500",
                )}
              />
            </label>
            {error ? (
              <p role="alert" data-testid="import-error" className="text-[13px] break-words text-red-700">
                {error}
              </p>
            ) : null}
            <DialogActions>
              <Button onClick={close}>Cancel</Button>
              <Button variant="primary" onClick={submit} pending={isPending} disabled={text.trim() === ""}>
                Import as new flow
              </Button>
            </DialogActions>
          </div>
        )}
      </Dialog>
    </>
  );
}

function ImportReport({ report, onClose }: { report: TImportReport; onClose: () => void }) {
  return (
    <div className="space-y-3" data-testid="import-report">
      {report.unmapped.length > 0 ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="text-[13px] font-medium text-amber-900">
            {report.unmapped.length} reference{report.unmapped.length === 1 ? "" : "s"} could not be mapped
          </p>
          <p className="mt-0.5 text-xs text-amber-800">
            Nothing with that name exists in this workspace. The nodes that used them are left unconfigured:
            choose a replacement in the editor before publishing.
          </p>
          <ul className="mt-2 space-y-1 text-[13px] text-zinc-800" data-testid="import-unmapped">
            {report.unmapped.map((reference) => (
              <li key={`${reference.kind}:${reference.name}:${reference.usedBy.join()}`}>
                <span className="font-medium">{KIND_LABELS[reference.kind]}</span>{" "}
                {reference.name ? `“${reference.name}”` : "(not named in the document)"}
                <span className="text-zinc-500"> — used by {reference.usedBy.join(", ")}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-[13px] text-emerald-700">Every reference was found in this workspace.</p>
      )}
      {report.mapped.length > 0 ? (
        <p className="text-xs text-zinc-500">
          Mapped by name:{" "}
          {report.mapped.map((reference) => `${KIND_LABELS[reference.kind]} “${reference.name}”`).join(", ")}
        </p>
      ) : null}
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Link href={`/flows/${report.flowId}`} className={buttonClasses({ variant: "primary" })}>
          Open the flow
        </Link>
      </DialogActions>
    </div>
  );
}
