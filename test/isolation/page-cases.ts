import type { TWorkspaceIds } from "./two-workspaces";

// The isolation matrix's pages and layouts: one entry per app/**/page.tsx and layout.tsx (the
// suite fails on one without an entry). Each is rendered as Next renders a server component (the
// component called with params and searchParams as Promises) by A's owner with the workspace
// cookie set to B: B's ids in the path must be not found; B's ids in the query are ignored; the
// rendered tree (every prop handed to client components) must hold no data of B. Async server
// components nested inside a page are not rendered by this call: their data is not checked here.

export type TPageRequest = {
  why: string;
  params?: Record<string, string>;
  searchParams?: Record<string, string>;
  outcome: "not-found" | "render" | "redirect";
  /** false: the rendered page has nothing of A to show either (a search for B's name, a form). */
  showsA?: false;
};

export type TPageCase =
  | { cross: (t: TWorkspaceIds, a: TWorkspaceIds) => TPageRequest[] }
  | { exempt: string };

const render = (why: string, searchParams?: Record<string, string>): TPageRequest[] => [
  { why, searchParams, outcome: "render" },
];
const renderEmpty = (why: string, searchParams?: Record<string, string>): TPageRequest[] => [
  { why, searchParams, outcome: "render", showsA: false },
];
const notFound = (why: string, params: Record<string, string>): TPageRequest => ({
  why,
  params,
  outcome: "not-found",
});
const PUBLIC =
  "no session and no workspace: sign-in and sign-up forms (a pending invitation's email at most)";

export const PAGE_CASES: Record<string, TPageCase> = {
  "app/layout.tsx": { exempt: "the html shell: no data" },
  "app/page.tsx": { cross: () => [{ why: "the home redirect", outcome: "redirect" }] },
  "app/(auth)/layout.tsx": { exempt: PUBLIC },
  "app/(auth)/sign-in/page.tsx": { exempt: PUBLIC },
  "app/(auth)/sign-up/page.tsx": { exempt: PUBLIC },
  "app/(auth)/welcome/page.tsx": {
    cross: () => [{ why: "a member (sent on to the workspace)", outcome: "redirect" }],
  },
  "app/(app)/layout.tsx": { cross: () => render("the shell: A's workspaces and invitations") },
  "app/(app)/activity/page.tsx": { cross: (t) => render("B's metric as filter", { metric: t.metricId }) },
  "app/(app)/code/page.tsx": { cross: () => render("A's functions") },
  "app/(app)/code/[functionId]/page.tsx": {
    cross: (t, a) => [
      notFound("B's function", { functionId: t.functionId }),
      {
        why: "A's function, B's invocation",
        params: { functionId: a.functionId },
        searchParams: { invocation: t.invocationId },
        outcome: "render",
      },
    ],
  },
  "app/(app)/flows/page.tsx": { cross: (t) => renderEmpty("searching B's flow name", { q: t.marker }) },
  "app/(app)/flows/[flowId]/page.tsx": { cross: (t) => [notFound("B's flow", { flowId: t.flowId })] },
  "app/(app)/flows/[flowId]/runs/page.tsx": { cross: (t) => [notFound("B's flow", { flowId: t.flowId })] },
  "app/(app)/flows/[flowId]/runs/[runId]/page.tsx": {
    cross: (t, a) => [
      notFound("B's flow and run", { flowId: t.flowId, runId: t.runId }),
      notFound("A's flow, B's run", { flowId: a.flowId, runId: t.runId }),
    ],
  },
  "app/(app)/lists/page.tsx": { cross: () => render("A's lists") },
  "app/(app)/lists/[listId]/page.tsx": {
    cross: (t, a) => [
      notFound("B's list", { listId: t.listId }),
      {
        why: "A's list, searching B's email",
        params: { listId: a.listId },
        searchParams: { q: t.email },
        outcome: "render",
      },
    ],
  },
  "app/(app)/profiles/page.tsx": { cross: (t) => renderEmpty("searching B's email", { q: t.email }) },
  "app/(app)/profiles/[profileId]/page.tsx": {
    cross: (t, a) => [
      notFound("B's profile", { profileId: t.profileId }),
      {
        why: "A's profile, B's metric as filter",
        params: { profileId: a.profileId },
        searchParams: { metric: t.metricId },
        outcome: "render",
      },
    ],
  },
  "app/(app)/segments/page.tsx": { cross: () => render("A's segments") },
  "app/(app)/segments/new/page.tsx": { cross: () => render("the builder's lists, segments, metrics") },
  "app/(app)/segments/[segmentId]/page.tsx": {
    cross: (t, a) => [
      notFound("B's segment", { segmentId: t.segmentId }),
      {
        why: "A's segment, explaining B's profile",
        params: { segmentId: a.segmentId },
        searchParams: { explain: t.profileId },
        outcome: "render",
      },
    ],
  },
  "app/(app)/segments/[segmentId]/edit/page.tsx": {
    cross: (t) => [notFound("B's segment", { segmentId: t.segmentId })],
  },
  "app/(app)/settings/layout.tsx": { cross: () => render("the settings shell") },
  "app/(app)/settings/page.tsx": { cross: () => [{ why: "the settings redirect", outcome: "redirect" }] },
  "app/(app)/settings/api-keys/page.tsx": { cross: () => render("A's keys") },
  "app/(app)/settings/code/page.tsx": { cross: () => renderEmpty("A's code limits") },
  "app/(app)/settings/members/page.tsx": { cross: () => render("A's members") },
  "app/(app)/webhooks/page.tsx": { cross: () => render("A's webhooks") },
  "app/(app)/webhooks/new/page.tsx": { cross: () => renderEmpty("the metrics to choose from") },
  "app/(app)/settings/webhooks/page.tsx": { cross: () => renderEmpty("A's delivery log retention") },
  "app/(app)/webhooks/flows/[flowId]/[nodeId]/page.tsx": {
    cross: (t) => [notFound("B's flow webhook node", { flowId: t.flowId, nodeId: "hook" })],
  },
  "app/(app)/webhooks/[webhookId]/page.tsx": {
    cross: (t) => [notFound("B's webhook", { webhookId: t.webhookId })],
  },
  "app/(app)/webhooks/[webhookId]/edit/page.tsx": {
    cross: (t) => [notFound("B's webhook", { webhookId: t.webhookId })],
  },
};
