import { describe, expect, it } from "vitest";
import { parsePropertyText, propertyText, propertyTypeOf } from "@/components/profiles/property-types";

describe("property types", () => {
  it("reads a stored value's type", () => {
    expect(propertyTypeOf("pro")).toBe("string");
    expect(propertyTypeOf(3)).toBe("number");
    expect(propertyTypeOf(false)).toBe("boolean");
    expect(propertyTypeOf(["a"])).toBe("list");
    expect(propertyTypeOf("1990-05-17")).toBe("date");
    expect(propertyTypeOf("--05-17")).toBe("date");
    expect(propertyTypeOf({ a: 1 })).toBe("object");
  });

  it("round-trips text and rejects what does not fit the type", () => {
    expect(propertyText(["a", 2], "list")).toBe("a, 2");
    expect(parsePropertyText("tags", "list", "a, b")).toEqual({ value: ["a", "b"] });
    expect(parsePropertyText("seats", "number", "4.5")).toEqual({ value: 4.5 });
    expect(parsePropertyText("seats", "number", "four")).toEqual({ error: "seats: enter a number" });
    expect(parsePropertyText("renews", "date", "31/01/2027")).toHaveProperty("error");
    expect(parsePropertyText("trial", "boolean", "true")).toEqual({ value: true });
  });
});
