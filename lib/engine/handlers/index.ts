import { delayHandler } from "@/lib/engine/handlers/delay-handler";
import { codeOutputSplitHandler, splitHandler } from "@/lib/engine/handlers/split-handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";

/**
 * The step handlers, one per node type, registered once. Code nodes get theirs with the code
 * runtime (issue: code functions); until then a code step fails with a message saying so rather
 * than pretending to have run.
 */
export const STEP_HANDLERS: TStepHandlers = {
  webhook: createWebhookStepHandler(),
  delay: delayHandler,
  split: splitHandler,
  "code-output-split": codeOutputSplitHandler,
};
