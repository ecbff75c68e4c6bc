import { csvCell } from "@/lib/audience/list-import/csv-parser";

// The downloadable error report of a CSV import, built in the browser from the skipped rows the
// import streamed back: one row per skipped line (line number, reason, then the row's own fields
// under the file's header), safe to open in a spreadsheet (formula prefixes neutralized). The
// import details at most MAX_REPORTED_SKIPS rows; beyond that the report says how many it omits.

export type TReportedSkip = { line: number; reason: string; fields: string[] };

export function importErrorReport(options: {
  header: string[];
  skipped: readonly TReportedSkip[];
  /** Skipped rows in all (more than `skipped` when the import stopped detailing them). */
  skippedCount: number;
}): string {
  const rows = [
    ["line", "reason", ...options.header],
    ...options.skipped.map((row) => [String(row.line), row.reason, ...row.fields]),
  ];
  const omitted = options.skippedCount - options.skipped.length;
  if (omitted > 0) {
    rows.push(["", `${omitted.toLocaleString("en")} more skipped rows are not listed in this report`]);
  }
  return `${rows.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
