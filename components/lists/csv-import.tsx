"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { CsvStreamParser } from "@/lib/audience/list-import/csv-parser";
import { importErrorReport } from "@/lib/audience/list-import/import-error-report";

// CSV import: pick a file → map its columns → stream it to /api/app/lists/:id/import and read the
// NDJSON progress back (progress bar, summary, skipped rows, error report built here as a CSV).

type TTarget =
  | "ignore"
  | "email"
  | "phone_number"
  | "external_id"
  | "first_name"
  | "last_name"
  | "birthday"
  | "property";
const TARGET_LABELS: Record<TTarget, string> = {
  ignore: "Ignore",
  email: "Email",
  phone_number: "Phone number",
  external_id: "External id",
  first_name: "First name",
  last_name: "Last name",
  birthday: "Birthday",
  property: "Profile property",
};
type TCounts = { rowsRead: number; created: number; updated: number; skipped: number; joined: number };
type TSkipped = { line: number; reason: string; fields: string[] };
type TState =
  | { step: "pick" }
  | { step: "map"; file: File; header: string[]; targets: TTarget[]; estimatedRows: number }
  | {
      step: "run";
      file: File;
      header: string[];
      counts: TCounts;
      estimatedRows: number;
      skipped: TSkipped[];
      done: boolean;
    };

const SAMPLE_BYTES = 64 * 1024;

function guessTarget(column: string): TTarget {
  const name = column.toLowerCase().replace(/[^a-z]/g, "");
  if (name.includes("email")) return "email";
  if (name.includes("phone") || name.includes("mobile")) return "phone_number";
  if (name === "externalid" || name === "id" || name === "customerid") return "external_id";
  if (name === "firstname" || name === "givenname") return "first_name";
  if (name === "lastname" || name === "surname" || name === "familyname") return "last_name";
  if (name.includes("birthday") || name === "dateofbirth" || name === "dob") return "birthday";
  return "property";
}

async function readHeader(file: File) {
  const sample = await file.slice(0, SAMPLE_BYTES).text();
  const parser = new CsvStreamParser();
  const records = parser.push(sample);
  const header = records[0]?.fields.map((field) => field.trim());
  if (!header || header.every((field) => field === "")) throw new Error("The file has no header row");
  const sampleRows = Math.max(1, records.length - 1);
  const estimatedRows =
    file.size <= SAMPLE_BYTES ? sampleRows : Math.round((file.size / sample.length) * sampleRows);
  return { header, estimatedRows };
}

export function CsvImport({ listId }: { listId: string }) {
  const router = useRouter();
  const [state, setState] = useState<TState>({ step: "pick" });
  const [error, setError] = useState<string | null>(null);

  async function pick(file: File | undefined) {
    setError(null);
    if (!file) return;
    try {
      const { header, estimatedRows } = await readHeader(file);
      setState({ step: "map", file, header, targets: header.map(guessTarget), estimatedRows });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  async function start(file: File, header: string[], targets: TTarget[], estimatedRows: number) {
    setError(null);
    const mapping = header.map((column, index) => ({ column, target: targets[index] }));
    let current: Extract<TState, { step: "run" }> = {
      step: "run",
      file,
      header,
      estimatedRows,
      counts: { rowsRead: 0, created: 0, updated: 0, skipped: 0, joined: 0 },
      skipped: [],
      done: false,
    };
    setState(current);
    try {
      const response = await fetch(
        `/api/app/lists/${listId}/import?mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
        { method: "POST", body: file, headers: { "content-type": "text/csv" } },
      );
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        setError(body?.error ?? `The import was refused (${response.status})`);
        setState({ step: "map", file, header, targets, estimatedRows });
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          if (!line) continue;
          const event = JSON.parse(line) as
            | ({ type: "progress" | "done" } & TCounts)
            | { type: "skipped"; rows: TSkipped[] }
            | { type: "error"; message: string };
          if (event.type === "skipped")
            current = { ...current, skipped: [...current.skipped, ...event.rows] };
          else if (event.type === "error") setError(event.message);
          else {
            const { type, ...counts } = event;
            current = { ...current, counts, done: type === "done" };
          }
          setState(current);
        }
      }
    } catch {
      // The connection dropped (server restarted, network): what was counted is stored, and
      // importing the same file again updates those rows rather than duplicating them.
      setError(
        "The connection to the server was lost. The rows counted above were imported; import the file again to finish.",
      );
    }
    if (!current.done) setError((previous) => previous ?? "The import stopped before the end of the file");
    router.refresh();
  }

  if (state.step === "pick") {
    return (
      <div className="flex flex-col gap-1">
        <label className="text-sm font-medium text-zinc-800" htmlFor="csv-file">
          Import a CSV file
        </label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          className="text-sm"
          onChange={(event) => pick(event.target.files?.[0])}
        />
        <FormError>{error}</FormError>
      </div>
    );
  }

  if (state.step === "map") {
    const { file, header, targets, estimatedRows } = state;
    return (
      <div className="flex flex-col gap-3" data-testid="csv-mapping">
        <p className="text-sm text-zinc-700">
          Map the columns of <strong>{file.name}</strong> (about {estimatedRows.toLocaleString("en")} rows).
          Other columns become profile properties named after the column.
        </p>
        <div className="grid grid-cols-[max-content_max-content] items-center gap-x-4 gap-y-2">
          {header.map((column, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a file's header columns never reorder (names may repeat)
            <div key={`${column}-${index}`} className="contents">
              <span className="text-sm text-zinc-800">{column || `(column ${index + 1})`}</span>
              <select
                aria-label={`Column ${column}`}
                className="h-8 rounded-md border border-zinc-300 px-2 text-sm"
                value={targets[index]}
                onChange={(event) => {
                  const next = [...targets];
                  next[index] = event.target.value as TTarget;
                  setState({ ...state, targets: next });
                }}
              >
                {Object.entries(TARGET_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        <div className="flex gap-2">
          <Button size="sm" variant="primary" onClick={() => start(file, header, targets, estimatedRows)}>
            Import
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setState({ step: "pick" })}>
            Cancel
          </Button>
        </div>
        <FormError>{error}</FormError>
      </div>
    );
  }

  const { counts, done, skipped, estimatedRows, header } = state;
  const percent = done ? 100 : Math.min(99, Math.round((counts.rowsRead / Math.max(1, estimatedRows)) * 100));
  return (
    <div className="flex flex-col items-start gap-3" data-testid="csv-import-progress">
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        className="h-2 w-full max-w-md overflow-hidden rounded bg-zinc-200"
      >
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-zinc-700" role="status" data-testid="csv-import-summary">
        {done ? "Import finished: " : "Importing… "}
        {counts.rowsRead.toLocaleString("en")} rows read, {counts.created.toLocaleString("en")} created,{" "}
        {counts.updated.toLocaleString("en")} updated, {counts.skipped.toLocaleString("en")} skipped,{" "}
        {counts.joined.toLocaleString("en")} joined the list.
      </p>
      {skipped.length > 0 ? (
        <div className="flex flex-col items-start gap-2">
          <ul className="text-[13px] text-zinc-700" data-testid="csv-skipped-rows">
            {skipped.slice(0, 10).map((row) => (
              <li key={row.line}>
                Line {row.line}: {row.reason}
              </li>
            ))}
            {skipped.length > 10 ? <li>… and {(counts.skipped - 10).toLocaleString("en")} more</li> : null}
          </ul>
          <Button
            size="sm"
            onClick={() => {
              const report = importErrorReport({ header, skipped, skippedCount: counts.skipped });
              const blob = new Blob([report], { type: "text/csv;charset=utf-8" });
              const link = document.createElement("a");
              link.href = URL.createObjectURL(blob);
              link.download = "import-errors.csv";
              link.click();
              URL.revokeObjectURL(link.href);
            }}
          >
            Download error report
          </Button>
        </div>
      ) : null}
      {done || error ? (
        <Button size="sm" variant="ghost" onClick={() => setState({ step: "pick" })}>
          Import another file
        </Button>
      ) : null}
      <FormError>{error}</FormError>
    </div>
  );
}
