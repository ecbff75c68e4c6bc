import { describe, expect, it } from "vitest";
import { renderTemplate } from "@/lib/templating/render-template";
import { profileFixture, scopeFixture } from "@/lib/templating/scope-fixture";
import { buildTemplateScope } from "@/lib/templating/template-scope";

function render(template: string, scope: object): string {
  const result = renderTemplate(template, scope);
  if (!result.ok) throw new Error(`render failed: ${result.error.message}`);
  return result.output;
}

describe("person", () => {
  it("exposes the standard profile fields under Klaviyo's names", () => {
    const template =
      "{{ person.email }}|{{ person.phone_number }}|{{ person.external_id }}|{{ person.first_name }}|" +
      "{{ person.last_name }}|{{ person.organization }}|{{ person.title }}|{{ person.locale }}|{{ person.timezone }}|" +
      "{{ person.id }}";
    expect(render(template, scopeFixture())).toBe(
      "ada@example.com|+441234567890|cust-42|Ada|Lovelace|Analytical Engines Ltd|Countess|en-GB|Europe/London|" +
        "0190a1b2-0000-7000-8000-000000000001",
    );
  });

  it("exposes location fields both at the top and under person.location", () => {
    expect(render("{{ person.city }}/{{ person.location.country }}/{{ person.zip }}", scopeFixture())).toBe(
      "London/United Kingdom/W1",
    );
  });

  it("reaches a custom property as person.properties.X, person.X and person|lookup:'X'", () => {
    expect(
      render("{{ person.properties.plan }} {{ person.plan }} {{ person|lookup:'plan' }}", scopeFixture()),
    ).toBe("pro pro pro");
    expect(render("{{ person.properties['Favorite Color'] }}", scopeFixture())).toBe("blue");
  });

  it("keeps standard fields first for dotted access, custom properties first for lookup", () => {
    const scope = scopeFixture({ profile: { properties: { email: "typed-by-a-form@example.com" } } });
    expect(render("{{ person.email }}", scope)).toBe("ada@example.com");
    expect(render("{{ person|lookup:'email' }}", scope)).toBe("typed-by-a-form@example.com");
  });

  it("falls back from lookup to standard and location fields, with Klaviyo's $-names", () => {
    const template =
      "{{ person|lookup:'first_name' }}|{{ person|lookup:'$first_name' }}|{{ person|lookup:'$city' }}|" +
      "{{ person|lookup:'$id' }}|{{ person|lookup:'$email' }}";
    expect(render(template, scopeFixture())).toBe("Ada|Ada|London|cust-42|ada@example.com");
  });

  it("renders null standard fields as empty text and as JSON null", () => {
    const scope = scopeFixture({ profile: { firstName: null } });
    expect(render("[{{ person.first_name }}] {{ person.first_name | json }}", scope)).toBe("[] null");
  });

  it("treats a custom property named __proto__ as plain data", () => {
    const properties = JSON.parse('{"__proto__": {"polluted": "yes"}, "plan": "pro"}') as Record<
      string,
      unknown
    >;
    const scope = scopeFixture({ profile: { properties } });
    expect(render("{{ person.polluted }}|{{ person.plan }}", scope)).toBe("|pro");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("hides the lookup resolver from output, json and loops", () => {
    const scope = scopeFixture({ profile: { properties: {} } });
    const keys = render("{% for pair in person %}{{ pair[0] }},{% endfor %}", scope)
      .split(",")
      .filter(Boolean);
    expect(keys).toContain("email");
    expect(keys.some((key) => key.includes("lookup") || key.includes("Symbol"))).toBe(false);
    expect(render("{{ person | json }}", scope)).not.toMatch(/lookup/);
  });
});

describe("event", () => {
  it("exposes the metric name, ISO time, unique id, value and properties", () => {
    const template =
      "{{ event.metric_name }}|{{ event.metric }}|{{ event.time }}|{{ event.unique_id }}|{{ event.value }}|" +
      "{{ event.properties.OrderId }}|{{ event.OrderId }}";
    expect(render(template, scopeFixture())).toBe(
      "Placed Order|Placed Order|2024-05-06T07:08:09.000Z|evt-1001|42.5|ORD-1001|ORD-1001",
    );
  });

  it("resolves event|lookup:'X' on event properties, then standard fields and $value/$event_id", () => {
    const template =
      "{{ event|lookup:'Item Count' }}|{{ event|lookup:'metric_name' }}|{{ event|lookup:'$value' }}|" +
      "{{ event|lookup:'$event_id' }}";
    expect(render(template, scopeFixture())).toBe("2|Placed Order|42.5|evt-1001");
  });

  it("is null outside metric-triggered runs: its fields render empty and `if event` is false", () => {
    const scope = scopeFixture({ event: null });
    expect(
      render(
        "[{{ event.metric_name }}][{{ event|lookup:'Items' }}]{% if event %}yes{% else %}no{% endif %}",
        scope,
      ),
    ).toBe("[][]no");
    expect(render("{{ event | json }}", scope)).toBe("null");
  });
});

describe("outputs and secrets", () => {
  it("exposes outputs.<nodeId>.<name> and secrets.NAME", () => {
    const scope = buildTemplateScope({
      profile: profileFixture(),
      outputs: { "code-1": { score: 7, tier: "gold" } },
      secrets: { API_KEY: "sk_live_123" },
    });
    expect(
      render("{{ outputs['code-1'].score }} {{ outputs['code-1'].tier }} {{ secrets.API_KEY }}", scope),
    ).toBe("7 gold sk_live_123");
  });

  it("renders a secret as empty text when the caller did not provide secrets (preview)", () => {
    const scope = buildTemplateScope({ profile: profileFixture() });
    expect(render("[{{ secrets.API_KEY }}]", scope)).toBe("[]");
  });
});
