import { locateJsonError } from "@/lib/templating/locate-json-error";
import { renderTemplate, type TRenderTemplateOptions } from "@/lib/templating/render-template";
import { positionAt, type TTemplateError } from "@/lib/templating/template-error";
import type { TTemplateScope } from "@/lib/templating/template-scope";

export type TRenderJsonBodyResult =
  | { ok: true; body: string; json: unknown }
  | { ok: false; error: TTemplateError };

const EXCERPT_RADIUS = 40;

export const JSON_ESCAPING_HINT =
  "{{ x }} inserts text as it is, so a value containing quotes, backslashes or line breaks breaks " +
  'the JSON: write {{ x | json }} (adds the quotes: "name": {{ person.first_name | json }}) ' +
  'or "{{ x | escape_json }}" (inside quotes you wrote).';

/**
 * V8's message without its echo of the input ("Unexpected token ',', "{…" is not valid JSON"):
 * we show a better-placed excerpt, and the echo could itself contain "at position 3".
 */
function withoutInputEcho(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, (?:\.\.\.)?"[\s\S]*?"(?:\.\.\.)? is not valid JSON$/, "");
}

// Node 20: "… in JSON at position 9"; Node 22 adds " (line 1 column 10)".
const V8_POSITION = / (?:in JSON )?at position (\d+)(?: \(line \d+ column \d+\))?$/;

function parserMessage(error: unknown): string {
  return withoutInputEcho(error).replace(V8_POSITION, "");
}

function positionFromParser(error: unknown): number | null {
  const match = V8_POSITION.exec(withoutInputEcho(error));
  return match ? Number(match[1]) : null;
}

/** The line around `offset`, cut to ±40 characters, with a caret under the offending character. */
export function excerptAround(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const newline = text.indexOf("\n", offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const from = Math.max(lineStart, offset - EXCERPT_RADIUS);
  const to = Math.min(lineEnd, offset + EXCERPT_RADIUS);
  const prefix = from > lineStart ? "…" : "";
  const suffix = to < lineEnd ? "…" : "";
  const shown = text.slice(from, to).replace(/[\t\r\v\f]/g, " ");
  return `  ${prefix}${shown}${suffix}\n  ${" ".repeat(prefix.length + offset - from)}^`;
}

/**
 * Renders a webhook body template and checks that the result is JSON. `{{ x }}` prints strings
 * raw (Klaviyo semantics); values that may contain `"` should use `| json` or `| escape_json` —
 * the invalid-JSON error says so, and points at the rendered output and at the template.
 */
export async function renderJsonBody(
  template: string,
  scope: TTemplateScope,
  options: TRenderTemplateOptions = {},
): Promise<TRenderJsonBodyResult> {
  const rendered = renderTemplate(template, scope, options);
  if (!rendered.ok) return rendered;
  const body = rendered.output;
  try {
    return { ok: true, body, json: JSON.parse(body) };
  } catch (error) {
    const offset = positionFromParser(error) ?? locateJsonError(body) ?? body.length;
    const at = positionAt(body, offset);
    const source = rendered.sourcePositionAt(Math.min(offset, Math.max(body.length - 1, 0)));
    const fromTemplate = source
      ? ` (written by the template at line ${source.line}, column ${source.column})`
      : "";
    const excerpt = body.length > 0 ? `:\n${excerptAround(body, offset)}` : "";
    const message =
      `The rendered body is not valid JSON: ${parserMessage(error)} at line ${at.line}, column ${at.column} ` +
      `of the rendered output${fromTemplate}${excerpt}\n${JSON_ESCAPING_HINT}`;
    return { ok: false, error: { message, ...(source ?? {}) } };
  }
}
