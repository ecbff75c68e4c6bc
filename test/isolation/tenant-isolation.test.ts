import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeCodeRuntime } from "@/lib/code/runtime";
import { createTestDatabase } from "@/test/database";
import { AUDIENCE_AND_MEMBER_CASES } from "./action-cases-audience-members";
import { CODE_AND_WEBHOOK_CASES } from "./action-cases-code-webhooks";
import { FLOW_AND_RUN_CASES } from "./action-cases-flows-runs";
import { describeActionMatrix } from "./action-matrix";
import type { TActionCase } from "./case-types";
import { discoverActionTargets, discoverRouteTargets, discoverSourceFiles } from "./discover-targets";
import type { TMatrixContext } from "./matrix-context";
import { PAGE_CASES } from "./page-cases";
import { describePageMatrix } from "./page-matrix";
import { describeReferenceChecks } from "./reference-checks";
import { ROUTE_CASES } from "./route-cases";
import { describeRouteMatrix } from "./route-matrix";
import { createWorkspaceWithEverything } from "./two-workspaces";

// Tenant isolation and roles, over every route handler, page and server action — generated from
// the source tree, so a new one without a matrix entry fails "has an isolation case". Two
// workspaces with one of everything on the real PostgreSQL; the real workspace gate
// (requireWorkspace reads memberships and roles from the database). Only the session is stood in
// for: currentUser() answers the user the test acts as, and the workspace cookie says whatever an
// attacker puts in it (here: the other workspace's id).

const session = vi.hoisted(() => ({
  user: null as { id: string; email: string; name: string } | null,
  workspaceCookie: undefined as string | undefined,
}));
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      name === "hookflow-workspace" && session.workspaceCookie
        ? { name, value: session.workspaceCookie }
        : undefined,
    set: () => {},
  }),
  headers: async () => new Headers({ host: "hookflow.test" }),
}));
// next-auth itself does not load under vitest (it imports "next/server" without an extension);
// its handlers and the sign-in actions are exempt from the matrix (they carry no workspace data).
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => null,
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: { GET: vi.fn(), POST: vi.fn() },
}));
vi.mock("@/lib/auth/current-user", () => ({
  currentUser: async () => (session.user ? { ...session.user, sessionId: "s" } : null),
}));

const ACTION_CASES: Record<string, TActionCase> = {
  ...CODE_AND_WEBHOOK_CASES,
  ...FLOW_AND_RUN_CASES,
  ...AUDIENCE_AND_MEMBER_CASES,
};

const db = await createTestDatabase();
const context: TMatrixContext = {
  db,
  a: await createWorkspaceWithEverything("a"),
  b: await createWorkspaceWithEverything("b"),
  root: path.resolve(import.meta.dirname, "../.."),
  actAs: (user, workspaceCookie) => {
    session.user = user;
    session.workspaceCookie = workspaceCookie;
  },
};
afterAll(() => closeCodeRuntime());

const files = discoverSourceFiles();
const routeTargets = await discoverRouteTargets(files.routeFiles);
const actionTargets = await discoverActionTargets(files.actionModules);

describe("the matrix covers every route, page and action", () => {
  const uncovered = (targets: string[], cases: Record<string, unknown>) =>
    targets.filter((target) => !(target in cases));
  const stale = (targets: string[], cases: Record<string, unknown>) =>
    Object.keys(cases).filter((key) => !targets.includes(key));

  it("every route handler has an isolation case", () => {
    expect(uncovered(routeTargets, ROUTE_CASES), "add them to test/isolation/route-cases.ts").toEqual([]);
  });
  it("every page and layout has an isolation case", () => {
    expect(uncovered(files.pageFiles, PAGE_CASES), "add them to test/isolation/page-cases.ts").toEqual([]);
  });
  it("every server action has an isolation case", () => {
    expect(uncovered(actionTargets, ACTION_CASES), "add them to test/isolation/action-cases-*.ts").toEqual(
      [],
    );
    expect(files.inlineDirectives, "inline 'use server' actions: move them to lib/actions").toEqual([]);
  });
  it("has no entry for a route, page or action that no longer exists", () => {
    expect(stale(routeTargets, ROUTE_CASES)).toEqual([]);
    expect(stale(files.pageFiles, PAGE_CASES)).toEqual([]);
    expect(stale(actionTargets, ACTION_CASES)).toEqual([]);
  });
});

// Pages and routes first: a few action cases succeed inside A with B's identifiers as plain
// values (an A profile with the same email as one of B's customers, which is A's right), and A's
// pages would then rightly show them.
describe("pages and layouts", () => describePageMatrix(context, files.pageFiles, PAGE_CASES));
describe("route handlers", () => describeRouteMatrix(context, routeTargets, ROUTE_CASES));
describe("server actions", () => describeActionMatrix(context, actionTargets, ACTION_CASES));
describeReferenceChecks(context);
