import type { TStepHandler } from "@/lib/engine/step-handler";
import { compare, evaluateConditions } from "@/lib/flows/evaluate-conditions";

export const splitHandler: TStepHandler<"split"> = {
  type: "split",
  maxAttempts: 1,
  timeoutMs: 5_000,
  async execute(context) {
    const isMatch = evaluateConditions(context.node.config.conditions, {
      profile: context.profile,
      event: context.event,
      listIds: context.listIds,
      segmentIds: context.segmentIds,
      now: context.now,
    });
    return { branch: isMatch ? "yes" : "no", output: { matched: isMatch } };
  },
};

export const codeOutputSplitHandler: TStepHandler<"code-output-split"> = {
  type: "code-output-split",
  maxAttempts: 1,
  timeoutMs: 5_000,
  async execute(context) {
    const { nodeId, output, operator, value } = context.node.config;
    const actual = context.outputs[nodeId]?.[output];
    const isMatch = compare(actual, operator, value, context.now);
    return { branch: isMatch ? "yes" : "no", output: { matched: isMatch, value: actual ?? null } };
  },
};
