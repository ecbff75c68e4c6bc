import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { apiRequest } from "@/lib/api/testing/api-fixtures";
import { hasRole } from "@/lib/auth/roles";
import { leaksIn } from "./isolation-harness";
import {
  expectNoReferencesFromAToB,
  expectUntouched,
  RANKED_ROLES,
  type TMatrixContext,
} from "./matrix-context";
import type { TRouteCase, TRouteRequest } from "./route-cases";

// The route handlers' matrix, each handler called as Next calls it (params as a Promise). Session
// routes: signed out, the roles below the route's, then A's owner with the cookie set to B. API
// routes: no key, an ingest key where a full one is needed, then A's full key with B's ids.

type THandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function sessionRequest(method: string, request: TRouteRequest): NextRequest {
  const url = new URL("http://hookflow.test/isolation");
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return new NextRequest(url, { method, body: request.body });
}

function keyRequest(method: string, request: TRouteRequest, key: string | null): Request {
  const query = new URLSearchParams(request.query ?? {}).toString();
  return apiRequest(`/isolation${query ? `?${query}` : ""}`, { key, method, rawBody: request.body });
}

export function describeRouteMatrix(
  context: TMatrixContext,
  targets: string[],
  cases: Record<string, TRouteCase>,
): void {
  const { a, b, actAs, root } = context;
  describe.each(targets)("%s", (target) => {
    const entry = cases[target];
    if (!entry || "exempt" in entry) {
      it.skipIf(!entry)(`is exempt: ${entry && "exempt" in entry ? entry.exempt : "no case"}`, () => {});
      return;
    }
    const [method, file] = target.split(" ") as [string, string];
    const call = async (request: Request, params: Record<string, string> = {}) => {
      const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, THandler>;
      return (module[method] as THandler)(request, { params: Promise.resolve(params) });
    };
    const own = entry.cross(a, a)[0] ?? { why: "", status: [] };

    if (entry.auth === "session") {
      it(`refuses a signed-out caller (401) and the roles below ${entry.minRole} (403)`, async () => {
        actAs(null);
        expect((await call(sessionRequest(method, own), own.params)).status).toBe(401);
        for (const role of RANKED_ROLES.filter((role) => !hasRole(role, entry.minRole))) {
          actAs(a.users[role], a.workspaceId);
          expect((await call(sessionRequest(method, own), own.params)).status, role).toBe(403);
        }
      });
    }
    if (entry.auth === "api-key") {
      const scope = entry.scope === "full" ? " and an ingest key (403)" : "";
      it(`refuses a missing key (401)${scope}`, async () => {
        expect((await call(keyRequest(method, own, null), own.params)).status).toBe(401);
        if (entry.scope === "full") {
          expect((await call(keyRequest(method, own, a.keys.ingest), own.params)).status).toBe(403);
        }
      });
    }

    const requests = entry.cross(b, a).map((request) => [request.why, request] as const);
    it.each(requests)("as workspace A, %s: no data of B, B unchanged", async (_why, request) => {
      await expectUntouched(context, b, async () => {
        let response: Response;
        if (entry.auth === "session") {
          actAs(a.users.owner, b.workspaceId);
          response = await call(sessionRequest(method, request), request.params);
        } else {
          const key = entry.auth === "api-key" ? a.keys.full : null;
          response = await call(keyRequest(method, request, key), request.params);
        }
        const body = await response.text();
        expect(request.status, `status ${response.status}: ${body.slice(0, 300)}`).toContain(response.status);
        expect(leaksIn(body, b, request), "B's data in the answer").toEqual([]);
      });
      await expectNoReferencesFromAToB(context);
    });
  });
}
