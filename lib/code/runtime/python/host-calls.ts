import { createInvocationFetch } from "../host-fetch";
import type { IHostBridge, TInvocationRequest, TSdkMethod, TSdkRecord } from "../types";

const SDK_METHODS = new Set<TSdkMethod>([
  "getProfile",
  "updateProfile",
  "addToList",
  "removeFromList",
  "createEvent",
]);

type TCallReply = { type: "callResult"; callId: number; ok: boolean; value?: unknown; error?: string };

/**
 * Serves a runner's `call` frames for one invocation through the IHostBridge. Calls run one at a
 * time in the order sent (a sync handler's fire-and-forget SDK calls keep their order). The
 * records and the fetch limits live here, on the host, where the guest cannot forge them.
 */
export function createHostCallHandler(
  request: TInvocationRequest,
  bridge: IHostBridge,
  reply: (message: TCallReply) => void,
) {
  // The same per-invocation wrapper as the JavaScript runtime: count cap, deadline, records.
  const invocationFetch = createInvocationFetch({ bridge, limits: request.limits });
  const sdkCalls: TSdkRecord[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function callSdk(method: TSdkMethod, args: unknown[]): Promise<unknown> {
    try {
      const value = await bridge.sdk(method, args);
      sdkCalls.push({ method, args, ok: true, error: null });
      return value;
    } catch (error) {
      sdkCalls.push({ method, args, ok: false, error: messageOf(error) });
      throw error;
    }
  }

  async function run(frame: Record<string, unknown>): Promise<unknown> {
    const args = JSON.parse(String(frame.args)) as unknown;
    if (frame.kind === "fetch") return invocationFetch.fetch(parseFetchRequest(args));
    if (frame.kind === "sdk" && SDK_METHODS.has(frame.method as TSdkMethod) && Array.isArray(args)) {
      return callSdk(frame.method as TSdkMethod, args);
    }
    throw new Error("unknown host call");
  }

  return {
    fetches: invocationFetch.records,
    sdkCalls,
    handle(frame: Record<string, unknown>): void {
      const callId = frame.callId;
      if (typeof callId !== "number" || typeof frame.args !== "string") return;
      queue = queue.then(async () => {
        try {
          reply({ type: "callResult", callId, ok: true, value: (await run(frame)) ?? null });
        } catch (error) {
          reply({ type: "callResult", callId, ok: false, error: messageOf(error) });
        }
      });
    },
  };
}

function parseFetchRequest(input: unknown) {
  const value = (input ?? {}) as Record<string, unknown>;
  if (typeof value.url !== "string" || typeof value.method !== "string") {
    throw new Error("hookflow.http.request needs a method and a url");
  }
  const headers: Record<string, string> = {};
  if (value.headers && typeof value.headers === "object") {
    for (const [name, headerValue] of Object.entries(value.headers)) headers[name] = String(headerValue);
  }
  return {
    url: value.url,
    method: value.method,
    headers,
    body: typeof value.body === "string" ? value.body : null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
