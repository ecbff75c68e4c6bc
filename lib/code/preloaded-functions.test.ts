import { describe, expect, it } from "vitest";
import { preloadFunction, type TLoadedFunction, takePreloadedFunction } from "@/lib/code/preloaded-functions";

const row = (id: string, workspaceId: string): TLoadedFunction => ({
  id,
  workspace_id: workspaceId,
  name: "f",
  language: "javascript",
  draft_source: "",
  settings: {},
  version_id: "v",
  version_number: 1,
  version_source: "",
  version_compiled: "",
  version_settings: {},
  workspace_code_limits: null,
  secrets: [],
});

describe("function rows read ahead for a step", () => {
  it("are taken once, by that step, for that very function and workspace", () => {
    preloadFunction("step-1", row("fn-1", "ws-1"));
    expect(takePreloadedFunction("step-1", "fn-1", "ws-1")?.id).toBe("fn-1");
    expect(takePreloadedFunction("step-1", "fn-1", "ws-1")).toBeNull();
    preloadFunction("step-2", row("fn-1", "ws-1"));
    expect(takePreloadedFunction("step-2", "fn-2", "ws-1")).toBeNull();
    preloadFunction("step-3", row("fn-1", "ws-1"));
    expect(takePreloadedFunction("step-3", "fn-1", "ws-2")).toBeNull();
    expect(takePreloadedFunction(undefined, "fn-1", "ws-1")).toBeNull();
  });
});
