import { describe, expect, it } from "vitest";
import { renderText } from "@/lib/templating/render-text";
import { scopeFixture } from "@/lib/templating/scope-fixture";

describe("renderText", () => {
  it("renders a header value with a secret", async () => {
    const scope = scopeFixture({ secrets: { API_KEY: "sk_live_123" } });
    expect(await renderText("Bearer {{ secrets.API_KEY }}", scope)).toEqual({
      ok: true,
      text: "Bearer sk_live_123",
    });
  });

  it.each([
    ["LF", "ada\nX-Injected: 1"],
    ["CR", "ada\rX-Injected: 1"],
    ["CRLF", "ada\r\nX-Injected: 1"],
  ])("refuses a value that renders a %s (header injection through profile data)", async (_name, value) => {
    const scope = scopeFixture({ profile: { properties: { ref: value } } });
    const result = await renderText("ref={{ person.properties.ref }}", scope);
    expect(result).toEqual({
      ok: false,
      error: {
        message:
          "The rendered header value contains a line break (CR or LF), which is not allowed in headers " +
          "(written by the template at line 1, column 5)",
        line: 1,
        column: 5,
      },
    });
  });

  it("refuses a line break written by the template itself", async () => {
    const result = await renderText("Bearer\n{{ secrets.API_KEY }}", scopeFixture());
    expect(result).toMatchObject({ ok: false, error: { line: 1, column: 7 } });
  });

  it("refuses a NUL character", async () => {
    const scope = scopeFixture({ profile: { firstName: "a\u0000b" } });
    expect(await renderText("{{ person.first_name }}", scope)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/contains a NUL character/) },
    });
  });

  it("passes template errors through", async () => {
    expect(await renderText("{{ x | nope }}", scopeFixture())).toEqual({
      ok: false,
      error: { message: 'Unknown filter "nope"', line: 1, column: 1 },
    });
  });
});
