import { afterAll, describe, expect, it } from "vitest";
import { createJavaScriptRuntime } from "./js-runtime";
import { createRecordingBridge, runFunction } from "./js-test-support";

// Runner retirement (runner-process.ts): after its share of invocations a runner is replaced by a
// fresh process while invocations are in flight, with host calls still being answered. Nothing
// may be cut or answered by the wrong runner.

const runtime = createJavaScriptRuntime({ retireRunnerAfterInvocations: 5 });
afterAll(async () => {
  await runtime.close();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runner retirement", () => {
  it("hands over to a fresh runner without cutting invocations or their host calls", async () => {
    // Each invocation waits on an SDK call answered by the host 100 ms later, so retirements
    // happen while earlier invocations are parked in the old runner waiting for their answer.
    const { bridge, calls } = createRecordingBridge({
      sdk: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 100)),
    });
    const source = `import { lists } from "hookflow";
export default async function (event) {
  await lists.add("List " + event.n);
  return event.n;
}`;
    const pids = new Set<number>();
    const results: { n: number; status: string; value: unknown }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 30) {
        const n = next++;
        const result = await runFunction(runtime, source, { event: { n }, bridge });
        const pid = runtime.runnerPid();
        if (pid !== null) pids.add(pid);
        results.push({ n, status: result.status, value: result.returnValue });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));

    expect(results.filter((result) => result.status !== "ok")).toEqual([]);
    expect(results.map((result) => result.value).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 30 }, (_, n) => n),
    );
    expect(calls).toHaveLength(30);
    // 30 invocations at 5 per runner: several generations were seen serving.
    expect(pids.size).toBeGreaterThanOrEqual(3);

    // Retired runners exit once their last invocation has answered; only the current one stays.
    const current = runtime.runnerPid();
    const deadline = Date.now() + 5_000;
    const retiredAlive = () => [...pids].filter((pid) => pid !== current && isAlive(pid));
    while (retiredAlive().length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(retiredAlive()).toEqual([]);
    expect(current !== null && isAlive(current)).toBe(true);
  });
});
