// How the profile page shows and edits a property: by the type its JSON value has. Dates are
// strings in ISO form ("2027-01-31", a timestamp, or "--05-17" for a day without a year), as the
// API stores them; everything else maps to its JSON type. Objects are shown, not edited.

export const PROPERTY_TYPES = ["string", "number", "boolean", "date", "list"] as const;
export type TPropertyType = (typeof PROPERTY_TYPES)[number] | "object";

const DATE_PATTERN = /^(\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?|--\d{2}-\d{2})$/;

export function propertyTypeOf(value: unknown): TPropertyType {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return DATE_PATTERN.test(value) ? "date" : "string";
  return value === null ? "string" : "object";
}

/** The text an input shows for a value of a type. */
export function propertyText(value: unknown, type: TPropertyType): string {
  if (value === null || value === undefined) return "";
  if (type === "list") return (Array.isArray(value) ? value : [value]).map(String).join(", ");
  if (type === "object") return JSON.stringify(value);
  return String(value);
}

/** Reads an input's text as a value of the type; an error message names what is wrong. */
export function parsePropertyText(
  name: string,
  type: (typeof PROPERTY_TYPES)[number],
  text: string,
): { value: string | number | boolean | string[] } | { error: string } {
  const trimmed = text.trim();
  switch (type) {
    case "number": {
      const number = Number(trimmed);
      return trimmed !== "" && Number.isFinite(number)
        ? { value: number }
        : { error: `${name}: enter a number` };
    }
    case "boolean":
      return { value: trimmed === "true" };
    case "date":
      return DATE_PATTERN.test(trimmed)
        ? { value: trimmed }
        : { error: `${name}: enter a date (YYYY-MM-DD)` };
    case "list":
      return { value: trimmed === "" ? [] : trimmed.split(",").map((item) => item.trim()) };
    default:
      return { value: text };
  }
}
