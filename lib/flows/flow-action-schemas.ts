import { z } from "zod";
import { FLOW_TEMPLATE_IDS } from "@/lib/flows/flow-templates";

// Inputs of the flow builder's server actions, shared by the forms and the actions. The graph is
// `unknown` here on purpose: saveDraft parses it with ZFlowGraph and names the failing path.

export const ZFlowName = z.string().trim().min(1, "Give the flow a name").max(200, "At most 200 characters");

export const ZCreateFlowInput = z.object({
  template: z.enum(FLOW_TEMPLATE_IDS, "Choose blank or a template"),
  name: z.string().trim().max(200).optional(),
});
export const ZSaveDraftInput = z.object({
  flowId: z.uuid("Unknown flow"),
  graph: z.unknown(),
  expectedRevision: z.number().int().min(0),
  force: z.boolean().default(false),
});
export const ZRenameFlowInput = z.object({ flowId: z.uuid("Unknown flow"), name: ZFlowName });
export const ZDeleteFlowInput = z.object({
  flowId: z.uuid("Unknown flow"),
  cancelRuns: z.boolean().default(false),
});
export const ZPublishFlowInput = z.object({
  flowId: z.uuid("Unknown flow"),
  status: z.enum(["live", "manual"], "Choose live or manual"),
});
