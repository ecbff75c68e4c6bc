import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, parseCsv } from "@/lib/audience/list-import/csv-parser";
import { importErrorReport } from "@/lib/audience/list-import/import-error-report";
import { FUZZ_RUNS, FUZZ_SEED, hostileString } from "@/test/fuzz/hostile-values";

// The one CSV export (a list import's error report, built from the user's own rows) must never
// hand a spreadsheet a formula: every cell that would start with = + - @ tab or CR is prefixed
// with ', and the file still parses back to the same rows.

const FORMULA_START = /^[=+\-@\t\r]/;
const formulaish = fc.oneof(
  hostileString.filter((text) => text.length < 10_000),
  fc
    .tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r"), fc.string())
    .map(([prefix, rest]) => prefix + rest),
  fc.constantFrom(
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
  ),
);

describe("CSV export escapes formula prefixes", () => {
  it(`csvCell: ${FUZZ_RUNS} hostile cells neutralized and round-tripped`, () => {
    fc.assert(
      fc.property(fc.array(formulaish, { minLength: 1, maxLength: 5 }), (cells) => {
        // A leading line number, as in the report (a row of one empty cell is a blank line in CSV).
        const [row] = parseCsv(`1,${cells.map(csvCell).join(",")}\r\n`);
        expect(row?.fields).toHaveLength(cells.length + 1);
        row?.fields.slice(1).forEach((field, index) => {
          expect(field).not.toMatch(FORMULA_START);
          const original = cells[index]!;
          expect(field).toBe(FORMULA_START.test(original) ? `'${original}` : original);
        });
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
  });

  it("the error report of an import neutralizes reasons and fields alike", () => {
    const report = importErrorReport({
      header: ["email", "=name"],
      skipped: [{ line: 2, reason: "-bad", fields: ["@x", '=HYPERLINK("http://evil.example")'] }],
      skippedCount: 1,
    });
    for (const field of parseCsv(report).flatMap((row) => row.fields))
      expect(field).not.toMatch(FORMULA_START);
  });
});
