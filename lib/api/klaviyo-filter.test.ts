import { describe, expect, it } from "vitest";
import { parseKlaviyoFilter, readFilter, restrictFilter } from "@/lib/api/klaviyo-filter";
import { HookflowError } from "@/lib/errors";

function parameterError(run: () => unknown): HookflowError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HookflowError);
    expect((error as HookflowError).status).toBe(400);
    expect((error as HookflowError).pointer).toBe("filter");
    return error as HookflowError;
  }
  throw new Error("expected a 400 on the filter parameter");
}

describe("parseKlaviyoFilter", () => {
  it("parses equals with a double-quoted string", () => {
    expect(parseKlaviyoFilter('equals(email,"ada@example.com")')).toEqual([
      { operator: "equals", field: "email", value: "ada@example.com" },
    ]);
  });

  it("parses single quotes, escapes and spaces", () => {
    expect(parseKlaviyoFilter(`equals( external_id , 'it\\'s' )`)).toEqual([
      { operator: "equals", field: "external_id", value: "it's" },
    ]);
    expect(parseKlaviyoFilter('equals(name,"a \\"quoted\\" name, with comma)")')[0]?.value).toBe(
      'a "quoted" name, with comma)',
    );
  });

  it("parses any() lists, numbers, booleans, null and unquoted datetimes", () => {
    expect(parseKlaviyoFilter('any(email,["a@x.com", "b@x.com"])')[0]?.value).toEqual(["a@x.com", "b@x.com"]);
    expect(parseKlaviyoFilter("equals(count,3)")[0]?.value).toBe(3);
    expect(parseKlaviyoFilter("equals(flag,true)")[0]?.value).toBe(true);
    expect(parseKlaviyoFilter("equals(thing,null)")[0]?.value).toBeNull();
    expect(parseKlaviyoFilter("greater-than(datetime,2024-01-01T00:00:00+00:00)")[0]).toEqual({
      operator: "greater-than",
      field: "datetime",
      value: "2024-01-01T00:00:00+00:00",
    });
  });

  it("ANDs top-level conditions and flattens and(...)", () => {
    const conditions = parseKlaviyoFilter(
      'equals(metric_id,"m1"),and(equals(profile_id,"p1"),less-than(datetime,2025-01-01T00:00:00Z))',
    );
    expect(conditions.map((condition) => condition.field)).toEqual(["metric_id", "profile_id", "datetime"]);
  });

  it("refuses or() and not(), which it does not support", () => {
    expect(
      parameterError(() => parseKlaviyoFilter('or(equals(email,"a"),equals(email,"b"))')).message,
    ).toMatch(/or\(/);
    parameterError(() => parseKlaviyoFilter('not(equals(email,"a"))'));
  });

  it.each([
    ['equals(email,"unterminated)', /Unterminated/],
    ["equals(email)", /takes a field and a value/],
    ['equals(email,"a"', /Expected "," or "\)"/],
    ['equals(email,"a"))', /Unexpected/],
    ['"just a string"', /Expected an operator/],
    ["equals(email,bare-word)", /expected a value/],
  ])("reports a syntax error with its position: %s", (filter, message) => {
    const error = parameterError(() => parseKlaviyoFilter(filter));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/position \d+/);
  });
});

describe("restrictFilter", () => {
  const allowed = { email: ["equals", "any"], metric_id: ["equals"] } as const;

  it("keeps supported conditions", () => {
    expect(restrictFilter(parseKlaviyoFilter('any(email,["a"])'), allowed)).toHaveLength(1);
  });

  it("refuses an unsupported field, naming the supported ones", () => {
    expect(
      parameterError(() => restrictFilter(parseKlaviyoFilter('equals(city,"x")'), allowed)).message,
    ).toMatch(/"city" is not supported.*email, metric_id/);
  });

  it("refuses an unsupported operator for a field", () => {
    parameterError(() => restrictFilter(parseKlaviyoFilter('any(metric_id,["x"])'), allowed));
  });

  it("requires a list for any() and a single value otherwise", () => {
    parameterError(() => restrictFilter(parseKlaviyoFilter('any(email,"a")'), allowed));
    parameterError(() => restrictFilter(parseKlaviyoFilter('equals(email,["a"])'), allowed));
  });

  it("reads the filter query parameter (none → no conditions)", () => {
    expect(readFilter(new URL("http://x/api/profiles"), allowed)).toEqual([]);
    const url = new URL(`http://x/api/profiles?filter=${encodeURIComponent('equals(email,"a+b@x.com")')}`);
    expect(readFilter(url, allowed)[0]?.value).toBe("a+b@x.com");
  });
});
