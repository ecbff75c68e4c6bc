import { USER_MODULE_FILENAME } from "@/lib/code/compile";

// Maps positions in the compiled function (esbuild's output, as evaluated by the runner) back to
// the user's source through the inline source map compileJavaScript appends. Only what stacks
// need: line/column lookups, no names, one source.

/** Per generated line (0-based): segments of [generatedColumn, sourceLine, sourceColumn], 0-based. */
type TLineMappings = [number, number, number][][];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Map([...BASE64].map((char, index) => [char, index]));
const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

export type TSourcePosition = { line: number; column: number };

export type TSourceMapper = {
  /** 1-based position in the compiled script → 1-based position in the user's source, or null. */
  toUserPosition(line: number, column: number): TSourcePosition | null;
};

export function createSourceMapper(code: string, firstLineColumnOffset = 0): TSourceMapper {
  const mappings = parseInlineSourceMap(code);
  return {
    toUserPosition(line, column) {
      if (mappings === null) return null;
      const generatedColumn = column - 1 - (line === 1 ? firstLineColumnOffset : 0);
      const segments = mappings[line - 1];
      if (!segments || segments.length === 0) return null;
      let best: [number, number, number] | null = null;
      for (const segment of segments) {
        if (segment[0] <= generatedColumn) best = segment;
        else break;
      }
      best ??= segments[0] ?? null;
      return best === null ? null : { line: best[1] + 1, column: best[2] + 1 };
    },
  };
}

function parseInlineSourceMap(code: string): TLineMappings | null {
  const match = INLINE_MAP.exec(code);
  if (!match?.[1]) return null;
  try {
    const map = JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as { mappings?: unknown };
    return typeof map.mappings === "string" ? decodeMappings(map.mappings) : null;
  } catch {
    return null;
  }
}

function decodeMappings(mappings: string): TLineMappings {
  const lines: TLineMappings = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  let sourceIndex = 0;
  for (const lineText of mappings.split(";")) {
    const segments: [number, number, number][] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        sourceLine += fields[2] ?? 0;
        sourceColumn += fields[3] ?? 0;
        if (sourceIndex === 0) segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUES.get(char);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Rewrites "function.js:L:C" positions in a guest stack to the user's lines, drops the runtime's
 * own frames, and returns the first user frame's position (where the error surfaced).
 */
export function mapStackToUserSource(
  stack: string,
  mapper: TSourceMapper,
): { stack: string; position: TSourcePosition | null } {
  let position: TSourcePosition | null = null;
  const pattern = new RegExp(`${USER_MODULE_FILENAME.replace(".", "\\.")}:(\\d+):(\\d+)`, "g");
  const lines = stack
    .split("\n")
    .filter((line) => !/hookflow-bootstrap\.js|<isolated-vm/.test(line))
    .map((line) =>
      line.replace(pattern, (whole, lineText: string, columnText: string) => {
        const mapped = mapper.toUserPosition(Number(lineText), Number(columnText));
        if (!mapped) return whole;
        position ??= mapped;
        return `${USER_MODULE_FILENAME}:${mapped.line}:${mapped.column}`;
      }),
    );
  return { stack: lines.join("\n"), position };
}
