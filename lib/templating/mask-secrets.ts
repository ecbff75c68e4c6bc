export const SECRET_MASK = "••••";

/** Shorter values would mask ordinary text ("1", "on") everywhere; such secrets are weak anyway. */
export const MIN_MASKED_SECRET_LENGTH = 4;

/** The secret as written and as it appears inside a JSON string (bodies are JSON). */
function formsOf(value: string): string[] {
  const jsonEscaped = JSON.stringify(value).slice(1, -1);
  return jsonEscaped === value ? [value] : [value, jsonEscaped];
}

/**
 * Replaces every occurrence of every secret value with ••••, for stored attempts and logs.
 * Occurrences are collected first and overlapping ones merged, so two secrets sharing characters
 * ("abcd", "cdef" in "abcdef") are both hidden entirely. Encoded forms other than JSON escaping
 * (base64 in Basic auth, percent-encoding) are not recognised: mask such header values whole.
 */
export function maskSecrets(text: string, secrets: Record<string, string>): string {
  const needles = new Set(
    Object.values(secrets)
      .filter((value) => value.length >= MIN_MASKED_SECRET_LENGTH)
      .flatMap(formsOf),
  );
  const ranges: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      ranges.push([at, at + needle.length]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let masked = "";
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    if (start >= cursor) masked += text.slice(cursor, start) + SECRET_MASK;
    cursor = end;
  }
  return masked + text.slice(cursor);
}
