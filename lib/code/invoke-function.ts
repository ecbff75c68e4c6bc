import type pg from "pg";
import { openCodeSecrets } from "@/lib/code/functions/code-secrets";
import { checkSource } from "@/lib/code/functions/save-code-draft";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { effectiveCodeLimits, readWorkspaceCodeLimits } from "@/lib/code/functions/workspace-code-limits";
import { maskInvocationSecrets } from "@/lib/code/mask-invocation-secrets";
import { extractOutputs } from "@/lib/code/outputs";
import {
  LOADED_FUNCTION_SQL,
  type TLoadedFunction,
  takePreloadedFunction,
} from "@/lib/code/preloaded-functions";
import { notRunResult, recordInvocation } from "@/lib/code/record-invocation";
import { getCodeRuntime } from "@/lib/code/runtime";
import { createGuardedFetch } from "@/lib/code/runtime/host-fetch";
import {
  DEFAULT_LIMITS,
  type ICodeRuntime,
  type TInvocationLimits,
  type TInvocationResult,
} from "@/lib/code/runtime/types";
import { createHostSdk, type TSdkCallRecord } from "@/lib/code/sdk/host-sdk";
import type { TInvocationEvent, TInvocationProfile } from "@/lib/code/sdk/invocation-shapes";
import { pool, prisma } from "@/lib/db/prisma";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { moduleLog } from "@/lib/log";

export type TInvokeTarget =
  /** What production runs: the deployed version (none → the invocation fails, not retried). */
  | { kind: "deployed" }
  /** A test run: the saved draft, or the editor's unsaved source. */
  | { kind: "draft"; source?: string };

export type TInvokeOptions = {
  workspaceId: string;
  functionId: string;
  target: TInvokeTarget;
  trigger: "event" | "flow" | "test";
  event: TInvocationEvent | null;
  /** Depth of `event` (write-back chains); its SDK events get depth + 1. */
  eventDepth: number | null;
  profile: TInvocationProfile | null;
  run?: { runId: string; stepId: string; idempotencyKey: string; attempt: number } | null;
  /** Event-subscribed invocations: "<eventId>:<attempt>", recorded once per function. */
  dispatchKey?: string | null;
  attempt?: number;
  isDryRun?: boolean;
  /** Left out of the Code list's figures (test runs; a flow's test run). Default: trigger "test". */
  isTest?: boolean;
  runtime?: ICodeRuntime;
  database?: pg.Pool;
  prisma?: PrismaClient;
};

export type TInvokeOutcome = {
  invocationId: string;
  /** null when another attempt with the same dispatch key already recorded this invocation. */
  isRecorded: boolean;
  functionName: string;
  versionId: string | null;
  versionNumber: number | null;
  result: TInvocationResult;
  outputs: Record<string, unknown>;
  outputProblems: string[];
  sdkCalls: TSdkCallRecord[];
};

/** A failure before the code ran (missing function, nothing deployed, a compile error). */
export class InvocationSetupError extends Error {
  constructor(
    message: string,
    readonly details: { line?: number; column?: number } = {},
  ) {
    super(message);
    this.name = "InvocationSetupError";
  }
}

/** The id test runs give a sample event (not stored, so not recorded as the trigger). */
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Runs one invocation: loads the function (deployed version, or the draft for test runs), its
 * environment variables and limits; builds the runtime request with the host bridge (guarded
 * fetch, workspace-scoped SDK); runs it; extracts the declared outputs; records the invocation
 * row. Throws InvocationSetupError when there is nothing runnable (the caller decides whether
 * that is worth a retry — it is not).
 */
export async function invokeCodeFunction(options: TInvokeOptions): Promise<TInvokeOutcome> {
  const database = options.database ?? pool();
  const db = options.prisma ?? prisma;
  // Read ahead by the trigger job that created this step (preloaded-functions.ts), else now.
  const row =
    (options.target.kind === "deployed"
      ? takePreloadedFunction(options.run?.stepId, options.functionId, options.workspaceId)
      : null) ??
    (
      await database.query<TLoadedFunction>(
        `${LOADED_FUNCTION_SQL} where f.id = $1 and f.workspace_id = $2`,
        [options.functionId, options.workspaceId],
      )
    ).rows[0];
  if (!row) throw new InvocationSetupError("The code function was deleted");
  const isDraft = options.target.kind === "draft";
  if (!isDraft && !row.version_id) {
    throw new InvocationSetupError(`Code function "${row.name}" has no deployed version: deploy it first`);
  }
  const source = isDraft
    ? ((options.target as { source?: string }).source ?? row.draft_source)
    : (row.version_source ?? "");
  let code = source;
  if (row.language === "javascript") {
    const compiled =
      isDraft || row.version_compiled === null ? await checkSource(row.language, source) : null;
    const first = compiled?.errors[0];
    if (first) {
      throw new InvocationSetupError(`Line ${first.line}, column ${first.column}: ${first.message}`, first);
    }
    code = compiled?.compiled ?? row.version_compiled ?? "";
  }
  const settings = readCodeSettings(isDraft ? row.settings : row.version_settings);
  // The function's own limits, lowered to its workspace's ceiling (itself within the server's maxima).
  const limits: TInvocationLimits = {
    ...DEFAULT_LIMITS,
    ...effectiveCodeLimits(settings.limits, readWorkspaceCodeLimits(row.workspace_code_limits)),
  };
  // Read with the function (one round trip, not two, before the code runs); decrypted only here.
  const env = openCodeSecrets(row.secrets);
  const invocationId = uuidv7();
  const sdk = createHostSdk({
    workspaceId: options.workspaceId,
    profileId: options.profile?.id ?? null,
    invocationId,
    eventDepth: options.eventDepth,
    idempotencyBase:
      options.run?.idempotencyKey ?? `${options.functionId}:${options.event?.id ?? invocationId}`,
    isDryRun: options.isDryRun ?? false,
    prisma: db,
  });
  const runtime = options.runtime ?? getCodeRuntime();
  const started = performance.now();
  // The runtime reports guest failures as results; an exception here is the runtime's own
  // failure (runner gone, IPC broken): recorded as "crashed" like any failed attempt, so the
  // caller's retry policy (3 retries) applies rather than the queue's.
  const rawResult = await runtime
    .invoke(
      {
        invocationId,
        language: row.language,
        code,
        // A version never changes; a draft's cache key is its content, so an edit is a new context.
        cacheKey: isDraft ? `draft:${options.functionId}:${hashOf(code)}` : `version:${row.version_id}`,
        workspaceId: options.workspaceId,
        functionId: options.functionId,
        versionId: isDraft ? null : row.version_id,
        runId: options.run?.runId ?? null,
        event: options.event,
        profile: options.profile,
        env,
        limits,
      },
      { fetch: createGuardedFetch({ limits }), sdk: (method, args) => sdk.call(method, args) },
    )
    .catch((error: unknown): TInvocationResult => {
      moduleLog("code").error({ err: error, functionId: options.functionId }, "code runtime failed");
      return {
        ...notRunResult("error", "RuntimeFailure", "The code runtime failed while running this invocation"),
        status: "crashed",
        durationMs: performance.now() - started,
      };
    });
  const result = maskInvocationSecrets(rawResult, env);
  const extracted =
    result.status === "ok"
      ? extractOutputs(settings.outputs, result.returnValue)
      : { outputs: {}, problems: [] };
  const isRecorded = await recordInvocation(database, {
    id: invocationId,
    workspaceId: options.workspaceId,
    functionId: options.functionId,
    versionId: isDraft ? null : row.version_id,
    trigger: options.trigger,
    runId: options.run?.runId ?? null,
    stepId: options.run?.stepId ?? null,
    profileId: options.profile?.id ?? null,
    triggerEventId: options.event && options.event.id !== NIL_UUID ? options.event.id : null,
    metricName: options.event?.metric.name ?? null,
    dispatchKey: options.dispatchKey ?? null,
    attempt: options.run?.attempt ?? options.attempt ?? 1,
    isTest: options.isTest ?? options.trigger === "test",
    isDryRun: options.isDryRun ?? false,
    result,
    sdkCalls: sdk.calls,
    outputs: result.status === "ok" ? extracted.outputs : null,
    outputProblems: extracted.problems,
  });
  return {
    invocationId,
    isRecorded,
    functionName: row.name,
    versionId: isDraft ? null : row.version_id,
    versionNumber: isDraft ? null : row.version_number,
    result,
    outputs: extracted.outputs,
    outputProblems: extracted.problems,
    sdkCalls: [...sdk.calls],
  };
}

function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16)}:${text.length}`;
}
