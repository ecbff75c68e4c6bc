import { delayHandler } from "@/lib/engine/handlers/delay-handler";
import { codeOutputSplitHandler, splitHandler } from "@/lib/engine/handlers/split-handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";

/**
 * The step handlers, one per node type, registered once. Webhook and code nodes get theirs from
 * their own modules (issues: webhooks, code functions); until then a step of those types fails
 * with a message saying so rather than pretending to have run.
 */
export const STEP_HANDLERS: TStepHandlers = {
  delay: delayHandler,
  split: splitHandler,
  "code-output-split": codeOutputSplitHandler,
};
