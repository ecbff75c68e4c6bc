// What the editor page loads on the server for the pickers and checks (no Prisma in components).

export type TEditorReferences = {
  lists: { id: string; name: string; members: number }[];
  segments: { id: string; name: string; members: number }[];
  metrics: { id: string; name: string; isMessageMetric: boolean }[];
  /** `outputs`: the function's declared outputs (lib/code/functions/settings-schema.ts). */
  codeFunctions: {
    id: string;
    name: string;
    language: string;
    status: string;
    outputs: { name: string; type: string }[];
  }[];
  /** The seed's refusal, from lib/flows/publish-flow.ts (server-only), word for word. */
  messageMetricRefusal: string;
};
