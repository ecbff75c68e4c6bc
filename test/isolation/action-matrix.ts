import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TActionResult } from "@/lib/actions/action-result";
import { hasRole } from "@/lib/auth/roles";
import type { TActionCase } from "./case-types";
import { leaksIn } from "./isolation-harness";
import {
  expectNoReferencesFromAToB,
  expectUntouched,
  RANKED_ROLES,
  type TMatrixContext,
} from "./matrix-context";

// The server actions' matrix: per action, a signed-out caller, every role below the action's,
// and A's owner naming B's objects (with the workspace cookie set to B).

// The refusal of another workspace's object: not found ("X was not found", "No profile with id
// X", "no metric X in this workspace"), or not a member for workspace-level ids — the same answer
// as for an id that does not exist anywhere, so it confirms nothing about workspace B.
const NOT_YOURS = /not found|not a member|does not exist|^no \w+ with|in this workspace/i;

async function callAction(root: string, target: string, input: unknown): Promise<TActionResult<unknown>> {
  const [file, name] = target.split("#") as [string, string];
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  return (module[name] as (input: unknown) => Promise<TActionResult<unknown>>)(input);
}

export function describeActionMatrix(
  context: TMatrixContext,
  targets: string[],
  cases: Record<string, TActionCase>,
): void {
  const { a, b, actAs, root } = context;
  describe.each(targets)("%s", (target) => {
    const entry = cases[target];
    if (!entry || "exempt" in entry) {
      it.skipIf(!entry)(`is exempt: ${entry && "exempt" in entry ? entry.exempt : "no case"}`, () => {});
      return;
    }
    const ownInput = entry.cross(a, a)[0]?.input ?? {};

    it("refuses a signed-out caller", async () => {
      actAs(null);
      const result = await callAction(root, target, ownInput);
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/sign in/i) });
    });

    if (entry.minRole !== "user") {
      const minRole = entry.minRole;
      it(`refuses the roles below ${minRole}, and lets ${minRole} past the role check`, async () => {
        await expectUntouched(context, a, async () => {
          for (const role of RANKED_ROLES.filter((role) => !hasRole(role, minRole))) {
            actAs(a.users[role], a.workspaceId);
            const result = await callAction(root, target, ownInput);
            expect(result, role).toMatchObject({
              ok: false,
              error: expect.stringContaining(`needs the ${minRole} role or higher; you are ${role}`),
            });
          }
        });
        // Invalid input on purpose (a few actions accept it and do their work in A): the answer
        // must be about the input, not the role.
        actAs(a.users[minRole], a.workspaceId);
        const probe = await callAction(root, target, { probe: true });
        expect(probe.ok ? "" : probe.error).not.toMatch(/role or higher/);
      });
    }

    const crosses = entry.cross(b, a).map((cross) => [cross.why, cross] as const);
    it.each(crosses)("A's owner, naming %s: no data of B, B unchanged", async (_why, cross) => {
      await expectUntouched(context, b, async () => {
        actAs(a.users.owner, b.workspaceId);
        const result = await callAction(root, target, cross.input);
        if ((cross.outcome ?? "refused") === "refused") {
          expect(result).toMatchObject({ ok: false, error: expect.stringMatching(NOT_YOURS) });
        }
        expect(leaksIn(JSON.stringify(result), b, cross.input), "B's data in the answer").toEqual([]);
      });
      if (cross.outcome === "either") await expectNoReferencesFromAToB(context);
    });
  });
}
