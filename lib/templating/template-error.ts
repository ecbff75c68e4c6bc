import { LiquidError } from "liquidjs";

/** An error a user can act on: what went wrong and, when known, where in the template (1-based). */
export type TTemplateError = { message: string; line?: number; column?: number };

type TPositionedToken = { getPosition(): [number, number] };

// liquidjs appends ", line:3, col:7" (and ", file:…") to its messages; we return them as fields.
const POSITION_SUFFIX = /, (?:file:.*?, )?line:\d+, col:\d+$/;

/**
 * The render time limit is wall-clock time: on a CPU-starved box a trivial template can exceed it
 * (seen once in 104,870 deliveries of the 30-minute soak, load average 15), so a step may retry it.
 */
export const RENDER_TIME_LIMIT_MESSAGE =
  "The template took too long to render (time limit exceeded); check loops over large ranges";

// liquidjs's limit messages name its internals; say what the template did instead.
const LIMIT_MESSAGES = new Map([
  ["template render limit exceeded", RENDER_TIME_LIMIT_MESSAGE],
  ["memory alloc limit exceeded", "The template uses too much memory (ranges, loops or strings too large)"],
  ["Invalid string length", "The template builds a string that is too large"],
]);

function humanizeMessage(message: string): string {
  const bare = message.replace(POSITION_SUFFIX, "");
  return (LIMIT_MESSAGES.get(bare) ?? bare)
    .replace(/^undefined filter: (.+)$/, 'Unknown filter "$1"')
    .replace(/^tag "(.+)" not found$/, 'Unknown tag "$1"');
}

/** Turns whatever liquidjs (or our own limits) threw into a TTemplateError. */
export function toTemplateError(error: unknown): TTemplateError {
  if (LiquidError.is(error)) {
    const token = (error as unknown as { token?: TPositionedToken }).token;
    const message = humanizeMessage(error.message);
    if (token && typeof token.getPosition === "function") {
      const [line, column] = token.getPosition();
      return { message, line, column };
    }
    return { message };
  }
  if (error instanceof Error) return { message: humanizeMessage(error.message) };
  return { message: String(error) };
}

/** 1-based line and column of a character index, counting columns in UTF-16 units like liquidjs. */
export function positionAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(index, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
