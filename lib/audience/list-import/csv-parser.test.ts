import { describe, expect, it } from "vitest";
import { CsvStreamParser, csvCell, parseCsv } from "@/lib/audience/list-import/csv-parser";

const fieldsOf = (text: string) => parseCsv(text).map((record) => record.fields);

/** Feeds the text one character at a time: every chunk boundary is exercised. */
function parseByChars(text: string) {
  const parser = new CsvStreamParser();
  const records = [...text].flatMap((char) => parser.push(char));
  return [...records, ...parser.finish()].map((record) => record.fields);
}

describe("CsvStreamParser", () => {
  it("splits plain fields and records, with or without a final line break", () => {
    expect(fieldsOf("a,b\n1,2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fieldsOf("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reads quoted fields with commas, escaped quotes and embedded line breaks", () => {
    const text = 'name,note\n"Lovelace, Ada","She said ""hi""\r\nthen left"\n';
    const expected = [
      ["name", "note"],
      ["Lovelace, Ada", 'She said "hi"\r\nthen left'],
    ];
    expect(fieldsOf(text)).toEqual(expected);
    expect(parseByChars(text)).toEqual(expected);
  });

  it("accepts CRLF, LF and lone CR line ends and skips empty lines", () => {
    expect(fieldsOf("a\r\nb\n\r\nc\rd\r\n\r\n")).toEqual([["a"], ["b"], ["c"], ["d"]]);
    expect(parseByChars("a\r\nb\r\n")).toEqual([["a"], ["b"]]);
  });

  it("drops a UTF-8 BOM at the start only", () => {
    expect(fieldsOf("\uFEFFemail\nx\uFEFF@y.z")).toEqual([["email"], ["x\uFEFF@y.z"]]);
    expect(parseByChars("\uFEFFemail\n")).toEqual([["email"]]);
  });

  it("keeps empty fields and an empty quoted field", () => {
    expect(fieldsOf('a,,""\n,\n')).toEqual([
      ["a", "", ""],
      ["", ""],
    ]);
  });

  it("numbers records by their first line, counting line breaks inside quotes", () => {
    const records = parseCsv('h\n"x\ny"\nz\n');
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it("fails clearly on an unclosed quote", () => {
    expect(() => parseCsv('a\n"open\n')).toThrow(/Line 2: a quoted field is not closed/);
  });
});

describe("CsvStreamParser at 100,000 rows", () => {
  it("reads every row of a BOM/CRLF/quoted file fed in uneven chunks, holding one record at a time", () => {
    const ROWS = 100_000;
    const parser = new CsvStreamParser();
    let count = 0;
    let checksum = 0;
    let pending = "\uFEFFemail,name,note\r\n";
    let size = 1;
    let malformed = 0;
    // Plain checks in the loop (100,000 expect() calls would dominate the run time).
    const drain = (records: { fields: string[]; line: number }[]) => {
      for (const record of records) {
        if (count === 0) expect(record.fields).toEqual(["email", "name", "note"]);
        else if (record.fields.length !== 3 || record.fields[1] !== `Last, ${count - 1}`) malformed++;
        else checksum += Number(record.fields[2]!.split("\n")[1]);
        count++;
      }
    };
    const started = performance.now();
    for (let index = 0; index < ROWS; index++) {
      pending += `p${index}@x.example,"Last, ${index}","line ""one""\n${index}"\r\n`;
      if (index % 1000 === 0) pending += "\r\n";
      while (pending.length >= size) {
        drain(parser.push(pending.slice(0, size)));
        pending = pending.slice(size);
        size = 1 + ((size * 7 + 13) % 8192);
      }
    }
    drain(parser.push(pending));
    drain(parser.finish());
    const ms = performance.now() - started;
    expect(count).toBe(ROWS + 1);
    expect(malformed).toBe(0);
    expect(checksum).toBe((ROWS * (ROWS - 1)) / 2);
    expect(ms).toBeLessThan(10_000); // ~0.4 s idle: a generous bound against a quadratic slip
  });
});

describe("csvCell", () => {
  it("quotes what needs quoting and neutralizes formula prefixes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)"]) expect(csvCell(formula)).toBe(`'${formula}`);
    expect(csvCell('=HYPERLINK("x",1)')).toBe('"\'=HYPERLINK(""x"",1)"');
  });
});
