import { invalid } from "@/lib/errors";

// Syntax of Klaviyo's `filter` parameter; what the nodes mean is decided in klaviyo-filter.ts.

export type TNode =
  | { kind: "call"; operator: string; args: TNode[]; at: number }
  | { kind: "bare"; text: string; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "list"; values: TNode[]; at: number };

/** Recursive-descent parser of the filter text into call/value nodes (positions kept for errors). */
export class FilterParser {
  private position = 0;
  constructor(private readonly text: string) {}

  parseTopLevel(): TNode[] {
    const calls = [this.parseCall()];
    this.skipSpaces();
    while (this.peek() === ",") {
      this.position++;
      calls.push(this.parseCall());
      this.skipSpaces();
    }
    if (this.position < this.text.length) this.fail(`Unexpected "${this.peek()}"`);
    return calls;
  }

  private parseCall(): TNode & { kind: "call" } {
    this.skipSpaces();
    const at = this.position;
    const operator = this.readBare();
    if (!/^[a-z][a-z-]*$/.test(operator)) this.fail(`Expected an operator such as equals(...)`, at);
    this.skipSpaces();
    if (this.peek() !== "(") this.fail(`Expected "(" after ${operator}`);
    this.position++;
    const args: TNode[] = [];
    this.skipSpaces();
    if (this.peek() !== ")") {
      args.push(this.parseArgument());
      this.skipSpaces();
      while (this.peek() === ",") {
        this.position++;
        args.push(this.parseArgument());
        this.skipSpaces();
      }
    }
    if (this.peek() !== ")") this.fail(`Expected "," or ")" in ${operator}(...)`);
    this.position++;
    return { kind: "call", operator, args, at };
  }

  private parseArgument(): TNode {
    this.skipSpaces();
    const at = this.position;
    const char = this.peek();
    if (char === '"' || char === "'") return { kind: "string", value: this.readQuoted(char), at };
    if (char === "[") return this.parseList();
    const text = this.readBare();
    if (text === "") this.fail("Expected a field or a value");
    this.skipSpaces();
    if (this.peek() === "(") {
      this.position = at;
      return this.parseCall();
    }
    return { kind: "bare", text, at };
  }

  private parseList(): TNode {
    const at = this.position;
    this.position++; // [
    const values: TNode[] = [];
    this.skipSpaces();
    if (this.peek() !== "]") {
      values.push(this.parseArgument());
      this.skipSpaces();
      while (this.peek() === ",") {
        this.position++;
        values.push(this.parseArgument());
        this.skipSpaces();
      }
    }
    if (this.peek() !== "]") this.fail('Expected "," or "]" in a list');
    this.position++;
    return { kind: "list", values, at };
  }

  private readQuoted(quote: string): string {
    this.position++;
    let out = "";
    while (this.position < this.text.length) {
      const char = this.text[this.position++]!;
      if (char === "\\") {
        if (this.position >= this.text.length) break;
        out += this.text[this.position++];
      } else if (char === quote) {
        return out;
      } else {
        out += char;
      }
    }
    return this.fail("Unterminated string");
  }

  /** Operators, field names, numbers, booleans, null and unquoted datetimes (2024-01-01T00:00:00+00:00). */
  private readBare(): string {
    const match = /^[A-Za-z0-9_$.:+-]+/.exec(this.text.slice(this.position));
    const text = match?.[0] ?? "";
    this.position += text.length;
    return text;
  }

  private skipSpaces(): void {
    while (this.text[this.position] === " ") this.position++;
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private fail(message: string, at = this.position): never {
    throw invalid(`Invalid filter: ${message} at position ${at}`, "filter");
  }
}
