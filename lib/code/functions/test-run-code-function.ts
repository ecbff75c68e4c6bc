import { z } from "zod";
import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import type { TTestRunInput } from "@/lib/code/functions/schemas";
import { InvocationSetupError, invokeCodeFunction } from "@/lib/code/invoke-function";
import type { ICodeRuntime, TFetchRecord, TInvocationResult, TLogLine } from "@/lib/code/runtime/types";
import type { TSdkCallRecord } from "@/lib/code/sdk/host-sdk";
import {
  readInvocationEvent,
  readInvocationProfile,
  type TInvocationEvent,
  type TInvocationProfile,
} from "@/lib/code/sdk/invocation-shapes";
import { prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";

export type TTestRunResult = {
  invocationId: string | null;
  status: TInvocationResult["status"];
  isDryRun: boolean;
  returnValue: unknown;
  outputs: Record<string, unknown> | null;
  logs: TLogLine[];
  logsTruncated: boolean;
  fetches: TFetchRecord[];
  sdkCalls: TSdkCallRecord[];
  error: TInvocationResult["error"];
  durationMs: number;
  cpuMs: number | null;
  memoryBytes: number | null;
};

/** A sample event is not stored: this id says so (and is not recorded as the trigger). */
export const SAMPLE_EVENT_ID = "00000000-0000-0000-0000-000000000000";

const ZSampleEvent = z
  .object({
    metric: z.union([z.string().min(1), z.object({ name: z.string().min(1) }).transform((m) => m.name)]),
    properties: z.record(z.string(), z.unknown()).default({}),
    time: z.string().optional(),
    value: z.number().nullable().optional(),
    uniqueId: z.string().nullable().optional(),
  })
  .nullable();

/**
 * The Test tab's Run: the saved draft (or the editor's unsaved source) on a recent event, a
 * profile, or a sample JSON, in the very runtime production uses. "dry-run": SDK writes are
 * validated and shown, not applied; "apply": they are applied. Recorded in the Logs as a test.
 */
export async function testRunCodeFunction(options: {
  workspaceId: string;
  functionId: string;
  source?: string;
  input: TTestRunInput;
  mode: "dry-run" | "apply";
  runtime?: ICodeRuntime;
}): Promise<TTestRunResult> {
  await findCodeFunctionOrThrow(options);
  const { event, eventDepth, profile } = await resolveTestInput(options.workspaceId, options.input);
  const isDryRun = options.mode === "dry-run";
  try {
    const outcome = await invokeCodeFunction({
      workspaceId: options.workspaceId,
      functionId: options.functionId,
      target: { kind: "draft", source: options.source },
      trigger: "test",
      event,
      eventDepth,
      profile,
      isDryRun,
      runtime: options.runtime,
    });
    const { result } = outcome;
    return {
      invocationId: outcome.invocationId,
      status: result.status,
      isDryRun,
      returnValue: result.returnValue,
      outputs: result.status === "ok" ? outcome.outputs : null,
      logs: [
        ...result.logs,
        ...outcome.outputProblems.map((message) => ({ level: "warn" as const, message, at: Date.now() })),
      ],
      logsTruncated: result.logsTruncated,
      fetches: result.fetches,
      sdkCalls: outcome.sdkCalls,
      error: result.error,
      durationMs: result.durationMs,
      cpuMs: result.cpuMs,
      memoryBytes: result.memoryBytes,
    };
  } catch (error) {
    if (!(error instanceof InvocationSetupError)) throw error;
    return {
      invocationId: null,
      status: "error",
      isDryRun,
      returnValue: null,
      outputs: null,
      logs: [],
      logsTruncated: false,
      fetches: [],
      sdkCalls: [],
      error: {
        name: "CompileError",
        message: error.message,
        stack: null,
        line: error.details.line ?? null,
        column: error.details.column ?? null,
      },
      durationMs: 0,
      cpuMs: null,
      memoryBytes: null,
    };
  }
}

async function resolveTestInput(
  workspaceId: string,
  input: TTestRunInput,
): Promise<{
  event: TInvocationEvent | null;
  eventDepth: number | null;
  profile: TInvocationProfile | null;
}> {
  if (input.kind === "event") {
    const stored = await readInvocationEvent(prisma, { workspaceId, eventId: input.eventId });
    if (!stored) throw notFound("Event");
    const profile = await readInvocationProfile(prisma, { workspaceId, profileId: stored.profileId });
    return { event: stored.event, eventDepth: stored.depth, profile };
  }
  const profileId = input.kind === "profile" ? input.profileId : (input.profileId ?? null);
  const profile = profileId ? await readInvocationProfile(prisma, { workspaceId, profileId }) : null;
  if (profileId && !profile) throw notFound("Profile");
  if (input.kind === "profile") return { event: null, eventDepth: null, profile };
  const sample = ZSampleEvent.safeParse(input.event ?? null);
  if (!sample.success) {
    throw invalid(
      'The sample event must be null or { "metric": "Placed Order", "properties": { … } }',
      "input.event",
    );
  }
  const event: TInvocationEvent | null = sample.data && {
    id: SAMPLE_EVENT_ID,
    metric: { id: "", name: sample.data.metric },
    properties: sample.data.properties,
    time: sample.data.time ?? new Date().toISOString(),
    value: sample.data.value ?? null,
    uniqueId: sample.data.uniqueId ?? null,
  };
  return { event, eventDepth: event ? 0 : null, profile };
}
