import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/audience/list-import/csv-parser";
import { importErrorReport } from "@/lib/audience/list-import/import-error-report";

describe("importErrorReport", () => {
  it("lists line, reason and the row's fields under the file's header, spreadsheet-safe", () => {
    const report = importErrorReport({
      header: ["Email", "Name", "Note"],
      skipped: [
        { line: 3, reason: "Invalid email “not-an-email”", fields: ["not-an-email", "Bad, Row", "=1+1"] },
        {
          line: 7,
          reason: "Duplicate row in the file (same identifier as line 2)",
          fields: ["a@x.io", "", 'say "hi"'],
        },
      ],
      skippedCount: 2,
    });
    expect(report.endsWith("\r\n")).toBe(true);
    expect(parseCsv(report).map((record) => record.fields)).toEqual([
      ["line", "reason", "Email", "Name", "Note"],
      ["3", "Invalid email “not-an-email”", "not-an-email", "Bad, Row", "'=1+1"],
      ["7", "Duplicate row in the file (same identifier as line 2)", "a@x.io", "", 'say "hi"'],
    ]);
  });

  it("says how many skipped rows it does not list", () => {
    const report = importErrorReport({
      header: ["Email"],
      skipped: [{ line: 2, reason: "No identifier (email, phone number or external id)", fields: [""] }],
      skippedCount: 12_001,
    });
    expect(parseCsv(report).at(-1)?.fields).toEqual([
      "",
      "12,000 more skipped rows are not listed in this report",
    ]);
  });
});
