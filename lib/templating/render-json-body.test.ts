import { describe, expect, it } from "vitest";
import { renderJsonBody } from "@/lib/templating/render-json-body";
import { scopeFixture } from "@/lib/templating/scope-fixture";

const KLAVIYO_BODY = `{
  "email": "{{ person.email }}",
  "favorite_color": "{{ person|lookup:'Favorite Color' }}",
  "items": {{ event|lookup:'Items' }},
  "order_id": "{{ event.properties.OrderId }}",
  "value": {{ event.value }}
}`;

describe("renderJsonBody", () => {
  it("renders a Klaviyo-style body and returns both the text and the parsed JSON", async () => {
    const result = await renderJsonBody(KLAVIYO_BODY, scopeFixture());
    expect(result).toMatchObject({
      ok: true,
      json: {
        email: "ada@example.com",
        favorite_color: "blue",
        items: ["Tea", "Scones"],
        order_id: "ORD-1001",
        value: 42.5,
      },
    });
    expect(result.ok && result.body).toContain('"email": "ada@example.com"');
  });

  it("keeps a value with quotes valid when inserted with | json", async () => {
    const scope = scopeFixture({ profile: { firstName: 'Ada "The Countess"' } });
    const result = await renderJsonBody('{"name": {{ person.first_name | json }}}', scope);
    expect(result).toMatchObject({ ok: true, json: { name: 'Ada "The Countess"' } });
  });

  it("explains invalid JSON: parser message, position in the output, excerpt, template position, fix", async () => {
    const scope = scopeFixture({ profile: { firstName: 'Ada "The Countess"' } });
    const result = await renderJsonBody('{\n  "id": 1,\n  "name": "{{ person.first_name }}"\n}', scope);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(
      "The rendered body is not valid JSON: Expected ',' or '}' after property value " +
        "at line 3, column 17 of the rendered output (written by the template at line 3, column 12):\n" +
        '    "name": "Ada "The Countess""\n' +
        "                  ^\n" +
        "{{ x }} inserts text as it is, so a value containing quotes, backslashes or line breaks breaks " +
        'the JSON: write {{ x | json }} (adds the quotes: "name": {{ person.first_name | json }}) ' +
        'or "{{ x | escape_json }}" (inside quotes you wrote).',
    );
    expect(result.error).toMatchObject({ line: 3, column: 12 });
  });

  it("locates errors V8 reports without a position (an empty value before a comma)", async () => {
    const result = await renderJsonBody('{\n  "a": {{ person.nope }},\n  "b": 2\n}', scopeFixture());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(
      /^The rendered body is not valid JSON: Unexpected token ',' at line 2, column 8 of the rendered output \(written by the template at line 2, column 25\):\n {4}"a": ,\n {9}\^\n/,
    );
    expect(result.error).toMatchObject({ line: 2, column: 25 });
  });

  it("points into literal template text at the exact character", async () => {
    const result = await renderJsonBody('{% if person %}\n{"a": 1,, "b": 2}{% endif %}', scopeFixture());
    expect(result).toMatchObject({ ok: false, error: { line: 2, column: 9 } });
  });

  it("reports an empty body at line 1, column 1", async () => {
    const result = await renderJsonBody("{% if false %}{}{% endif %}", scopeFixture());
    expect(result.ok).toBe(false);
    expect(result.ok || result.error.message).toMatch(
      /^The rendered body is not valid JSON: Unexpected end of JSON input at line 1, column 1 of the rendered output\n/,
    );
  });

  it("cuts the excerpt of a long line around the position", async () => {
    const long = "x".repeat(200);
    const result = await renderJsonBody(`{"a": "${long}", "b": oops, "c": "${long}"}`, scopeFixture());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const excerptLine = result.error.message.split("\n")[1] ?? "";
    expect(excerptLine).toBe(`  …${"x".repeat(32)}", "b": oops, "c": "${"x".repeat(28)}…`);
  });

  it("passes template errors through with their position", async () => {
    expect(await renderJsonBody('{"a": {{ 1 | nope }}}', scopeFixture())).toEqual({
      ok: false,
      error: { message: 'Unknown filter "nope"', line: 1, column: 7 },
    });
  });
});
