import { createCodeStepHandler } from "@/lib/engine/handlers/code-handler";
import { delayHandler } from "@/lib/engine/handlers/delay-handler";
import { codeOutputSplitHandler, splitHandler } from "@/lib/engine/handlers/split-handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { createWebhookStepHandler } from "@/lib/webhooks/flow-webhook-handler";

/** The step handlers, one per node type, registered once. */
export const STEP_HANDLERS: TStepHandlers = {
  webhook: createWebhookStepHandler(),
  code: createCodeStepHandler(),
  delay: delayHandler,
  split: splitHandler,
  "code-output-split": codeOutputSplitHandler,
};
