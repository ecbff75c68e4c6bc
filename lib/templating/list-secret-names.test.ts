import { describe, expect, it } from "vitest";
import { listSecretNames } from "@/lib/templating/list-secret-names";

describe("listSecretNames", () => {
  it("lists names read with dots and brackets, once each, sorted", () => {
    const template =
      "Bearer {{ secrets.TOKEN }} {{ secrets['API KEY'] }} {{ secrets.TOKEN | size }} {{ person.email }}";
    expect(listSecretNames(template)).toEqual({ names: ["API KEY", "TOKEN"], hasDynamicAccess: false });
  });

  it("flags computed names and whole-object reads as dynamic", () => {
    expect(listSecretNames("{{ secrets[person.key] }}")).toEqual({ names: [], hasDynamicAccess: true });
    expect(listSecretNames("{% assign s = secrets %}{{ s.X }}")).toMatchObject({ hasDynamicAccess: true });
  });

  it("finds secrets inside blocks", () => {
    expect(
      listSecretNames("{% if event %}{{ secrets.A }}{% else %}{{ secrets.B }}{% endif %}").names,
    ).toEqual(["A", "B"]);
  });

  it("throws the parse error for an invalid template", () => {
    expect(() => listSecretNames("{{ secrets.A | nope }}")).toThrow(/undefined filter: nope/);
  });
});
