import { z } from "zod";

// Inputs of the run actions, shared by the server actions and the forms that call them.

/** Upper bound on the ids one request names (a page of runs or a review queue, with room to spare). */
export const MAX_BULK_IDS = 1000;

export const RUN_STATUSES = ["running", "waiting", "completed", "failed", "cancelled", "exited"] as const;
export type TRunStatus = (typeof RUN_STATUSES)[number];

/** Runs that ended without completing: the ones a replay may restart. */
export const REPLAYABLE_RUN_STATUSES = ["failed", "exited", "cancelled"] as const;
/** Runs still going: the ones a cancel may stop. */
export const ACTIVE_RUN_STATUSES = ["running", "waiting"] as const;

const ZIds = (what: string) =>
  z
    .array(z.uuid(`Unknown ${what} id`))
    .min(1, `Choose at least one ${what}`)
    .max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} ${what}s at a time`);

export const ZFlowRef = z.object({ flowId: z.uuid("Unknown flow") });
export const ZStepIdsInput = z.object({ stepIds: ZIds("step") });
export const ZRunIdsInput = z.object({ runIds: ZIds("run") });

export const ZReplayFrom = z.enum(["start", "failed-step"], "Choose where the replay starts");
export const ZReplayVersion = z.enum(["same", "current"], "Choose the version to replay on");
export type TReplayFrom = z.infer<typeof ZReplayFrom>;
export type TReplayVersion = z.infer<typeof ZReplayVersion>;
export const ZReplayOptions = z.object({ from: ZReplayFrom, version: ZReplayVersion });

export const ZReplayRunsInput = ZRunIdsInput.extend(ZReplayOptions.shape);
export const ZReplayFailedRunsInput = ZFlowRef.extend(ZReplayOptions.shape);

export const ZTurnFlowOffInput = ZFlowRef.extend({
  runningRuns: z.enum(["finish", "cancel"], "Choose what happens to the runs in progress"),
});

export const ZTestRunInput = ZFlowRef.extend({
  profile: z.string().trim().min(1, "Enter a profile id or email").max(320, "That is too long for an email"),
});
