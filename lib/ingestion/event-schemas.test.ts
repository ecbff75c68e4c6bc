import { describe, expect, it } from "vitest";
import { eventDocument } from "@/lib/api/testing/api-fixtures";
import { MAX_PROPERTIES } from "@/lib/audience/profile-input";
import { ZCreateEventDocument, ZDateTime } from "@/lib/ingestion/event-schemas";

// Found by test/fuzz: days and times that do not exist were rolled over by Date (stored as another
// day), and year 0 passed validation then failed the batch in PostgreSQL (a 500).
describe("event time", () => {
  it.each(["2026-02-30", "2026-13-01", "2026-00-10", "2026-07-15T24:00:00Z", "2026-07-15T23:60:00Z"])(
    "refuses %s, which is not a day or time of day",
    (text) => {
      expect(ZDateTime.safeParse(text).error?.issues[0]?.message).toMatch(/no such day/);
    },
  );

  it.each(["0000-01-01", "0001-01-01T00:30:00+01:00"])("refuses %s, before year 1", (text) => {
    expect(ZDateTime.safeParse(text).error?.issues[0]?.message).toMatch(/year 0001 or later/);
  });

  it.each([
    ["2028-02-29", "2028-02-29T00:00:00.000Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
    ["9999-12-31T23:59:59+14:00", "9999-12-31T09:59:59.000Z"],
  ])("accepts %s", (text, iso) => {
    expect(ZDateTime.parse(text).toISOString()).toBe(iso);
  });
});

describe("properties per object", () => {
  it(`refuses more than ${MAX_PROPERTIES} properties, naming the field`, () => {
    const properties = Object.fromEntries(Array.from({ length: MAX_PROPERTIES + 1 }, (_, i) => [`k${i}`, i]));
    const document = eventDocument({ metric: "M", profile: { email: "a@example.com" }, properties });
    const issue = ZCreateEventDocument.safeParse(document).error?.issues[0];
    expect(issue?.path).toEqual(["data", "attributes", "properties"]);
    expect(issue?.message).toMatch(/At most 400 properties/);
    delete properties.k0;
    expect(ZCreateEventDocument.safeParse(document).success).toBe(true);
  });
});
