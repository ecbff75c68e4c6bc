import type { Task } from "graphile-worker";
import type { TCodeInvokePayload } from "@/lib/code/dispatch/dispatch-code-events";
import { dispatchCodeEvents } from "@/lib/code/dispatch/dispatch-code-events";
import { invokeCodeForEvents, type TCodeInvokeOptions } from "@/lib/code/dispatch/invoke-code-events";
import { ENGINE_TASKS } from "@/lib/engine/queue";

export type TCodeTaskOptions = Omit<TCodeInvokeOptions, "database">;

/** The event-subscribed code jobs, registered in the engine's task list (lib/engine/worker.ts). */
export function codeTaskList(options: TCodeInvokeOptions): Record<string, Task> {
  return {
    [ENGINE_TASKS.dispatchCode]: async (payload, helpers) => {
      const { eventIds } = payload as { eventIds: string[] };
      await dispatchCodeEvents({
        eventIds,
        database: options.database,
        jobKey: helpers.job.key,
        now: options.now,
      });
    },
    [ENGINE_TASKS.invokeCode]: async (payload) => {
      await invokeCodeForEvents(payload as TCodeInvokePayload, options);
    },
  };
}
