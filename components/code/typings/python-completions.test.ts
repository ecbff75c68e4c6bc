import { describe, expect, it } from "vitest";
import { pythonItemsFor } from "./python-completions";

const labels = (text: string) => pythonItemsFor(text).map((item) => item.label);

describe("pythonItemsFor", () => {
  it("offers the SDK after `hookflow.` and `context.sdk.`", () => {
    expect(labels("    await hookflow.")).toContain("update_profile");
    expect(labels("    await hookflow.upd")).toContain("create_event");
    expect(labels("    await context.sdk.")).toContain("update_profile");
  });

  it("offers HTTP methods after `hookflow.http.`", () => {
    expect(labels("    r = await hookflow.http.")).toEqual([
      "get",
      "delete",
      "post",
      "put",
      "patch",
      "request",
    ]);
  });

  it("offers the context's fields after `context.`", () => {
    expect(labels("    token = context.")).toContain("env");
    expect(labels("    token = context.")).not.toContain("update_profile");
  });

  it("offers nothing after another object's dot, and the module and handler elsewhere", () => {
    expect(labels("    event.")).toEqual([]);
    expect(labels("import ")).toEqual(["hookflow", "handler"]);
  });
});
