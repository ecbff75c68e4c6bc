import { afterAll, describe, expect, it } from "vitest";
import { closeCodeRuntime, createCodeRuntime, getCodeRuntime } from "./index";
import { compileOrThrow, createRecordingBridge, TEST_LIMITS } from "./js/js-test-support";
import type { TCodeLanguage, TInvocationRequest } from "./types";

// Dispatch by language through the one entry point the product uses.

const runtimes = [createCodeRuntime(), createCodeRuntime({ python: false })];
afterAll(async () => {
  await Promise.all([...runtimes.map((runtime) => runtime.close()), closeCodeRuntime()]);
});

function request(language: TCodeLanguage, code: string): TInvocationRequest {
  return {
    invocationId: `index-${language}`,
    language,
    code,
    cacheKey: `index:${language}:${code}`,
    workspaceId: "ws-index",
    functionId: "fn-index",
    versionId: null,
    runId: null,
    event: { n: 20 },
    profile: {},
    env: {},
    limits: { ...TEST_LIMITS, wallMs: 30_000 },
  };
}

describe("createCodeRuntime", () => {
  it("runs JavaScript in the isolated-vm runtime", async () => {
    const code = await compileOrThrow("export default (event) => event.n + 1;");
    const result = await runtimes[0]!.invoke(request("javascript", code), createRecordingBridge().bridge);
    expect(result).toMatchObject({ status: "ok", returnValue: 21 });
  });

  it("runs Python in the Pyodide runtime", async () => {
    const code = 'def handler(event, profile, context):\n    return {"doubled": event["n"] * 2}\n';
    const result = await runtimes[0]!.invoke(request("python", code), createRecordingBridge().bridge);
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ status: "ok", returnValue: { doubled: 40 } });
  }, 60_000);

  it("answers that Python is not available when the server runs without it", async () => {
    const result = await runtimes[1]!.invoke(
      request("python", "def handler(e, p, c):\n    return 1\n"),
      createRecordingBridge().bridge,
    );
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({
      name: "RuntimeUnavailable",
      message: "python functions are not available on this server",
    });
  });

  it("gives one process-wide runtime", () => {
    expect(getCodeRuntime()).toBe(getCodeRuntime());
  });
});
