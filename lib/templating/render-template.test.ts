import { describe, expect, it } from "vitest";
import { renderTemplate } from "@/lib/templating/render-template";
import { scopeFixture } from "@/lib/templating/scope-fixture";

function renderOk(template: string, scope: object = scopeFixture()) {
  const result = renderTemplate(template, scope);
  if (!result.ok) throw new Error(`render failed: ${result.error.message}`);
  return result;
}

describe("renderTemplate", () => {
  it("renders the same (cached) template against different scopes", () => {
    const template = "{{ person.first_name }}";
    expect(renderOk(template, scopeFixture({ profile: { firstName: "Ada" } })).output).toBe("Ada");
    expect(renderOk(template, scopeFixture({ profile: { firstName: "Grace" } })).output).toBe("Grace");
  });

  it("maps output offsets back to the output tag or the literal character that wrote them", () => {
    const template = '{\n  "a": "{{ person.first_name }}",\n  "b": 1\n}';
    const result = renderOk(template);
    const output = result.output;
    expect(result.sourcePositionAt(output.indexOf("Ada") + 1)).toEqual({ line: 2, column: 9 });
    expect(result.sourcePositionAt(output.indexOf('"b"'))).toEqual({ line: 3, column: 3 });
  });

  it("maps output written inside loops and conditions to the inner tag", () => {
    const template =
      "{% for tag in person.properties.tags %}\n{% if forloop.last %}[{{ tag }}]{% endif %}{% endfor %}";
    const result = renderOk(template);
    expect(result.output).toBe("\n\n[beta]");
    expect(result.sourcePositionAt(result.output.indexOf("beta"))).toEqual({ line: 2, column: 23 });
    expect(result.sourcePositionAt(result.output.indexOf("["))).toEqual({ line: 2, column: 22 });
  });

  it("gives no template position when a second render differs from the first", () => {
    let calls = 0;
    const scope = {
      person: {
        get changing() {
          calls++;
          return `call ${calls}`;
        },
      },
    };
    const result = renderOk("{{ person.changing }}", scope);
    expect(result.output).toBe("call 1");
    expect(result.sourcePositionAt(0)).toBeNull();
  });
});
