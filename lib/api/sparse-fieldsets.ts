// JSON:API sparse fieldsets (`fields[profile]=email,location.city`): a resource's attributes are
// cut down to the names asked for; dotted names keep part of an object attribute.

export function readSparseFields(url: URL, type: string): string[] | null {
  const raw = url.searchParams.get(`fields[${type}]`);
  if (raw === null || raw.trim() === "") return null;
  return raw
    .split(",")
    .map((field) => field.trim())
    .filter(Boolean);
}

export function pickAttributes<T extends Record<string, unknown>>(
  attributes: T,
  fields: string[] | null,
): Partial<T> {
  if (!fields) return attributes;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const [head, ...rest] = field.split(".");
    if (!head || !(head in attributes)) continue;
    const value = attributes[head];
    if (rest.length === 0) {
      out[head] = value;
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      out[head] ??= {};
      const picked = out[head] as Record<string, unknown>;
      const key = rest.join(".");
      if (key in value) picked[key] = (value as Record<string, unknown>)[key];
    }
  }
  return out as Partial<T>;
}
