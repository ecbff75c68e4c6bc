// A small streaming RFC 4180 parser: text arrives in chunks of any size (a chunk may end inside a
// quoted field, or between the CR and LF of a line break) and complete records come out. Handles
// quoted fields with commas, line breaks and escaped quotes (""), CRLF/LF/CR line ends, a UTF-8 BOM
// at the start, and skips empty lines. Only the current record is held, never the file.

export type TCsvRecord = { fields: string[]; line: number };

export class CsvStreamParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  /** The previous char closed a quote: a next `"` is an escaped quote, anything else ends quoting. */
  private quoteClosed = false;
  private afterCr = false;
  private isStart = true;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): TCsvRecord[] {
    const records: TCsvRecord[] = [];
    let text = chunk;
    if (this.isStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.isStart = false;
    }
    for (let index = 0; index < text.length; index++) {
      const char = text[index]!;
      if (this.afterCr) {
        this.afterCr = false;
        if (char === "\n") continue;
      }
      if (this.inQuotes) {
        if (char === '"') {
          this.inQuotes = false;
          this.quoteClosed = true;
        } else {
          if (char === "\n") this.line++;
          this.field += char;
        }
        continue;
      }
      if (this.quoteClosed) {
        this.quoteClosed = false;
        if (char === '"') {
          this.field += '"';
          this.inQuotes = true;
          continue;
        }
      }
      if (char === '"' && this.field === "" && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else if (char === ",") {
        this.endField();
      } else if (char === "\n" || char === "\r") {
        if (char === "\r") this.afterCr = true;
        const record = this.endRecord();
        if (record) records.push(record);
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += char;
        this.fieldStarted = true;
      }
    }
    return records;
  }

  /** Ends the input: the last record (without a final line break) comes out. */
  finish(): TCsvRecord[] {
    if (this.inQuotes) throw new CsvSyntaxError(`Line ${this.recordLine}: a quoted field is not closed`);
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField() {
    this.fields.push(this.field);
    this.field = "";
    this.fieldStarted = false;
    this.quoteClosed = false;
  }

  private endRecord(): TCsvRecord | null {
    const isEmptyLine = this.fields.length === 0 && this.field === "" && !this.fieldStarted;
    this.endField();
    const fields = this.fields;
    this.fields = [];
    if (isEmptyLine) return null;
    return { fields, line: this.recordLine };
  }
}

export class CsvSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** Parses a whole text (tests, the mapping step's preview). */
export function parseCsv(text: string): TCsvRecord[] {
  const parser = new CsvStreamParser();
  return [...parser.push(text), ...parser.finish()];
}

/** A CSV cell safe to open in a spreadsheet: quoted when needed, formula prefixes neutralized. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
