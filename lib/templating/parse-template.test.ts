import { describe, expect, it } from "vitest";
import { parseTemplate } from "@/lib/templating/parse-template";

describe("parseTemplate", () => {
  it("accepts a Klaviyo-style body", () => {
    const template = `{
  "email": {{ person.email | json }},
  "color": "{{ person|lookup:'Favorite Color' }}",
  "items": {{ event|lookup:'Items'|json }}{% if event %},
  "order": {{ event.properties.OrderId | json }}{% endif %}
}`;
    expect(parseTemplate(template)).toEqual({ ok: true });
  });

  it("reports an unknown filter with the line and column of its output tag", () => {
    expect(parseTemplate('{\n  "a": 1,\n    "b": {{ person.email | upcasee }}\n}')).toEqual({
      ok: false,
      error: { message: 'Unknown filter "upcasee"', line: 3, column: 10 },
    });
  });

  it("reports an unknown tag", () => {
    expect(parseTemplate("line one\n{% frobnicate %}")).toEqual({
      ok: false,
      error: { message: 'Unknown tag "frobnicate"', line: 2, column: 1 },
    });
  });

  it("reports an unclosed block", () => {
    const result = parseTemplate("{% if person.email %}\n  yes");
    expect(result).toMatchObject({ ok: false, error: { line: 1, column: 1 } });
    expect(result.ok || result.error.message).toMatch(/not closed/);
  });

  it("reports an unclosed output", () => {
    expect(parseTemplate('{"a": {{ person.email }')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not closed/), line: 1, column: 7 },
    });
  });

  it("refuses include at save time", () => {
    expect(parseTemplate("\n  {% include 'x' %}")).toEqual({
      ok: false,
      error: {
        message: "The {% include %} tag is not available: templates cannot load other files",
        line: 2,
        column: 3,
      },
    });
  });

  it("refuses a template over the size limit at line 1, column 1", () => {
    expect(parseTemplate("x".repeat(100 * 1024 + 1))).toMatchObject({
      ok: false,
      error: { line: 1, column: 1 },
    });
  });

  describe("Klaviyo (Django) filters inside tags", () => {
    it("refuses a loop whose filter liquidjs would silently ignore (it would loop over `event` itself)", () => {
      expect(parseTemplate("{% for item in event|lookup:'Items' %}{{ item }}{% endfor %}")).toEqual({
        ok: false,
        error: {
          message:
            "A filter in {% for %} would be ignored: put the value in parentheses, as in " +
            "{% for item in (event|lookup:'Items') %}",
          line: 1,
          column: 1,
        },
      });
    });

    it("refuses the same loop inside a {% liquid %} tag, at its line", () => {
      const result = parseTemplate("{% liquid\n  for x in event|lookup:'Items'\n  echo x\n  endfor %}");
      expect(result).toMatchObject({ ok: false, error: { line: 2, column: 3 } });
    });

    it("explains a filter followed by an operator in a condition", () => {
      expect(parseTemplate("{% if person|lookup:'Favorite Color' == 'blue' %}yes{% endif %}")).toEqual({
        ok: false,
        error: {
          message:
            "A filter followed by an operator needs parentheses (unexpected \"== 'blue'\"), as in " +
            "{% if (person|lookup:'Favorite Color') == 'blue' %}",
          line: 1,
          column: 38,
        },
      });
    });

    it.each([
      "{% for item in (event|lookup:'Items') %}{{ item }}{% endfor %}",
      "{% if (person|lookup:'Favorite Color') == 'blue' %}yes{% endif %}",
      "{% if person|lookup:'Favorite Color' %}yes{% endif %}",
      "{% for x in event.properties.Items limit: 1 %}{{ x | append: '|' }}{% endfor %}",
      "{% if person.email == 'a|b' %}{% endif %}",
    ])("accepts %s", (template) => {
      expect(parseTemplate(template)).toEqual({ ok: true });
    });
  });
});
