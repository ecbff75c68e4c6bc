import { isUtf8 } from "node:buffer";
import { findJsonPointer, findTooDeep, findUnstorableText } from "@/lib/api/find-json-path";
import { JsonApiError } from "@/lib/api/json-api-error";
import type { HookflowError } from "@/lib/errors";

// Body limits. Klaviyo documents 5 MB for bulk event creation; single-object endpoints get 1 MiB
// (Klaviyo's own are smaller, 100 KB for profiles: we are more lenient, never stricter). The limit
// is enforced while streaming, so an oversized body is refused without being buffered whole.
export const SINGLE_BODY_LIMIT_BYTES = 1024 * 1024;
export const BULK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

// PostgreSQL's jsonb cannot store U+0000 nor unpaired UTF-16 surrogates, both of which JSON can
// escape. They are refused here with a 400 rather than failing a whole ingestion batch later.
// Each alternative starts at an unescaped backslash (an even run of backslashes before it), so an
// escaped backslash followed by the text "u0000" is left alone; a high surrogate followed by a
// low one (an emoji) is a valid pair.
const UNESCAPED = String.raw`(?<!\\)(?:\\\\)*`;
const HIGH = String.raw`\\u[dD][89abAB][0-9a-fA-F]{2}`;
const LOW = String.raw`\\u[dD][c-fC-F][0-9a-fA-F]{2}`;
const UNSTORABLE_ESCAPE = new RegExp(
  [String.raw`${UNESCAPED}\\u0000`, `${UNESCAPED}${HIGH}(?!${LOW})`, `${UNESCAPED}(?<!${HIGH})${LOW}`].join(
    "|",
  ),
);

// Deeper documents are refused (400): nothing legitimate nests this far, and recursion over a
// pathological one (JSON.stringify, PostgreSQL's jsonb parser) could fail a whole batch.
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a parsed JSON value nests deeper than `max` (objects and arrays, as jsonDepth counts
 * them: for text that parsed, the two agree). Walks the parsed value rather than the text: a bulk
 * body of 1,000 events is ~210 KB of text but ~10,000 values, so this costs ~0.1 ms where the
 * character scan cost ~1.1 ms per request (4% of the bulk endpoint's CPU in the profile).
 */
export function isDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (max <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (isDeeperThan(item, max - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (isDeeperThan((value as Record<string, unknown>)[key], max - 1)) return true;
  }
  return false;
}

/** Nesting depth of JSON text, not counting brackets inside strings (one pass, no allocation). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 123 || code === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (code === 125 || code === 93) {
      depth--;
    }
  }
  return max;
}

export function tooLarge(limitBytes: number): HookflowError {
  return new JsonApiError("too_large", `The request body is larger than the limit of ${limitBytes} bytes`, {
    pointer: "",
  });
}

/** The body as text, refusing (413) anything over `limitBytes` without reading it all. */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks, total);
  // Decoding would silently turn invalid bytes into U+FFFD and store altered data: refuse instead.
  if (!isUtf8(bytes)) {
    const at = bytes.toString("utf8").indexOf("\ufffd");
    throw new JsonApiError("invalid", `The request body is not valid UTF-8 (near character ${at})`, {
      pointer: "",
      apiCode: "parse_error",
      title: "Malformed request.",
    });
  }
  return bytes.toString("utf8");
}

// JSON.parse makes "__proto__" an own key, but most JavaScript that later copies the object
// (zod's record parsing, spreads into objects, `target[key] = value`) drops it or sets a prototype
// with it: the stored data would silently differ from what was sent. Refused, naming the field.
// The key may be spelled with escapes ("\u005f_proto__"): escapes of "_" and letters trigger the walk.
const PROTOTYPE_KEY = "__proto__";
const ESCAPED_ASCII_LETTER = /\\u00[5-7][0-9a-fA-F]/;

/** Parses a JSON body (400 `parse_error` with the parser's message when it is not JSON). */
export async function readJsonBody(request: Request, options: { limitBytes: number }): Promise<unknown> {
  const text = await readBodyText(request, options.limitBytes);
  if (text.trim() === "") {
    throw new JsonApiError("invalid", "The request body is empty; send a JSON:API document", {
      pointer: "",
      apiCode: "parse_error",
      title: "Malformed request.",
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new JsonApiError("invalid", `JSON parse error: ${(error as Error).message}`, {
      pointer: "",
      apiCode: "parse_error",
      title: "Malformed request.",
    });
  }
  if (isDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new JsonApiError("invalid", `The document is nested more than ${MAX_JSON_DEPTH} levels deep`, {
      pointer: findTooDeep(body, MAX_JSON_DEPTH) ?? "",
    });
  }
  if (text.includes("\\u") && UNSTORABLE_ESCAPE.test(text)) {
    const pointer = findUnstorableText(body);
    throw new JsonApiError(
      "invalid",
      "Strings in the body may not contain the NUL character (\\u0000) or unpaired UTF-16 surrogates",
      { pointer: pointer ?? "" },
    );
  }
  if (text.includes(PROTOTYPE_KEY) || ESCAPED_ASCII_LETTER.test(text)) {
    const pointer = findJsonPointer(body, (key) => key === PROTOTYPE_KEY);
    if (pointer !== null) {
      throw new JsonApiError("invalid", `"${PROTOTYPE_KEY}" is not allowed as a property name`, { pointer });
    }
  }
  return body;
}
