import { describe, expect, it } from "vitest";
import { type TTemplateVariables, templateCompletions } from "./webhook-completions";

const VARIABLES: TTemplateVariables = {
  profilePropertyKeys: ["plan", "Favorite Color"],
  eventPropertyKeys: ["OrderId", "Items"],
  secretNames: ["ERP_TOKEN"],
  outputs: [{ nodeId: "code-1", label: "Score", names: [{ name: "score", type: "number" }] }],
};
const labels = (before: string, variables = VARIABLES) =>
  templateCompletions(before, variables).map((item) => item.label);

describe("templateCompletions", () => {
  it("offers nothing outside a tag", () => {
    expect(templateCompletions('{"a": "per', VARIABLES)).toEqual([]);
    expect(templateCompletions('{"a": "{{ person.email }}", "b": per', VARIABLES)).toEqual([]);
  });

  it("offers the roots in a tag; event only on metric-triggered flows", () => {
    expect(labels('"{{ ')).toEqual(expect.arrayContaining(["person", "event", "outputs", "secrets"]));
    expect(labels('"{{ ', { ...VARIABLES, eventPropertyKeys: null })).not.toContain("event");
  });

  it("offers standard fields and the workspace's property keys after person.", () => {
    const items = templateCompletions('"{{ person.fi', VARIABLES);
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(["first_name", "email", "plan"]));
    expect(items.find((item) => item.label === "first_name")?.replaceLength).toBe(2);
  });

  it("uses Klaviyo's lookup for a key with spaces, replacing the dotted path", () => {
    const item = templateCompletions("{{ person.", VARIABLES).find(
      (entry) => entry.label === "Favorite Color",
    );
    expect(item).toMatchObject({
      insertText: "person|lookup:'Favorite Color'",
      replaceLength: "person.".length,
    });
  });

  it("offers event properties, secrets, code outputs and filters", () => {
    expect(labels("{{ event.")).toEqual(expect.arrayContaining(["OrderId", "Items", "metric_name"]));
    expect(labels("{{ secrets.")).toEqual(["ERP_TOKEN"]);
    expect(templateCompletions("{{ outputs.", VARIABLES)[0]).toMatchObject({
      insertText: "outputs['code-1']",
    });
    expect(labels("{{ outputs['code-1'].")).toEqual(["score"]);
    expect(labels("{{ person.email | ")).toEqual(
      expect.arrayContaining(["json", "escape_json", "lookup:'X'"]),
    );
  });
});
