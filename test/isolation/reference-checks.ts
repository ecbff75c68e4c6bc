import { describe, expect, it } from "vitest";
import {
  createFlowAction,
  publishFlowAction,
  renameFlowAction,
  saveDraftAction,
} from "@/lib/actions/flow-actions";
import { importFlowAction, listFlowVersionsAction } from "@/lib/actions/flow-version-actions";
import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { FLOW_GRAPH_SCHEMA_VERSION } from "@/lib/flows/graph-schema";
import { sensitiveStringsOf } from "./isolation-harness";
import { expectUntouched, type TMatrixContext } from "./matrix-context";

// Beyond "B's object is not found": B's ids used as references inside A's own objects — a flow
// graph naming B's list or function, an imported document naming them, a session whose only tie
// to B is a pending invitation. Nothing of B may become reachable through A.

function graph(nodes: { id: string; type: string; config: Record<string, unknown> }[]) {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: nodes.map((node, index) => ({ ...node, position: { x: 0, y: index * 100 } })),
    edges: nodes.slice(1).map((node, index) => ({
      id: `e${index}`,
      source: nodes[index]!.id,
      sourceHandle: null,
      target: node.id,
    })),
    settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
  };
}

export function describeReferenceChecks(context: TMatrixContext): void {
  const { a, b, actAs, db } = context;

  async function publishDraft(draft: ReturnType<typeof graph>) {
    const created = await createFlowAction({ template: "blank", name: "References" });
    const flowId = created.ok ? created.data.flowId : "";
    const saved = await saveDraftAction({ flowId, graph: draft, expectedRevision: 0, force: true });
    expect(saved).toMatchObject({ ok: true, data: { status: "saved" } });
    return { flowId, result: await publishFlowAction({ flowId, status: "live" }) };
  }

  describe("references to B inside A's objects", () => {
    it("a flow triggered by B's list cannot be published in A", async () => {
      actAs(a.users.owner, a.workspaceId);
      await expectUntouched(context, b, async () => {
        const { result } = await publishDraft(
          graph([
            { id: "trigger", type: "list-trigger", config: { listId: b.listId } },
            { id: "wait", type: "delay", config: { mode: "duration", amount: 1, unit: "hours" } },
          ]),
        );
        expect(result).toMatchObject({
          ok: true,
          data: { published: false, problems: [expect.objectContaining({ field: "listId" })] },
        });
      });
    });

    it("a flow whose code step names B's function cannot be published in A", async () => {
      actAs(a.users.owner, a.workspaceId);
      await expectUntouched(context, b, async () => {
        const { result } = await publishDraft(
          graph([
            { id: "trigger", type: "list-trigger", config: { listId: a.listId } },
            { id: "code", type: "code", config: { functionId: b.functionId } },
          ]),
        );
        expect(result).toMatchObject({
          ok: true,
          data: { published: false, problems: [expect.objectContaining({ field: "functionId" })] },
        });
      });
    });

    it("an imported document naming B's list and function keeps none of B's ids", async () => {
      actAs(a.users.owner, a.workspaceId);
      const document = {
        kind: "hookflow.flow",
        schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
        flow: {
          name: "Imported",
          graph: graph([
            { id: "trigger", type: "list-trigger", config: { listId: b.listId } },
            { id: "code", type: "code", config: { functionId: b.functionId } },
          ]),
        },
        // Names as B calls them: mapped by name only within A, where they do not exist.
        references: {
          [b.listId]: { kind: "list", name: `List ${b.marker}` },
          [b.functionId]: { kind: "function", name: `Function ${b.marker}` },
        },
      };
      const imported = await importFlowAction({ text: JSON.stringify(document) });
      expect(imported.ok).toBe(true);
      const flowId = imported.ok ? imported.data.flowId : "";
      const stored = await db.prisma.flow.findUniqueOrThrow({ where: { id: flowId } });
      const text = JSON.stringify(stored.draftGraph);
      expect(sensitiveStringsOf(b).filter((secret) => text.includes(secret))).toEqual([]);
    });

    it("a role is per workspace: A's owner who is a viewer in B edits nothing of B", async () => {
      await db.prisma.membership.create({
        data: {
          workspaceId: b.workspaceId,
          userId: a.users.owner.id,
          email: a.users.owner.email,
          role: "viewer",
        },
      });
      await expectUntouched(context, b, async () => {
        actAs(a.users.owner, b.workspaceId);
        expect(await renameFlowAction({ flowId: b.flowId, name: "Mine" })).toMatchObject({
          ok: false,
          error: expect.stringContaining("needs the editor role or higher; you are viewer"),
        });
        actAs(a.users.owner, a.workspaceId);
        expect(await renameFlowAction({ flowId: b.flowId, name: "Mine" })).toMatchObject({
          ok: false,
          error: "Flow was not found",
        });
      });
      await db.prisma.membership.deleteMany({
        where: { workspaceId: b.workspaceId, userId: a.users.owner.id },
      });
    });

    it("a pending invitation to B grants nothing, whatever the workspace cookie says", async () => {
      // As inviteMember leaves it (email only), and with the user already linked: the status counts.
      await db.prisma.membership.createMany({
        data: [
          { workspaceId: b.workspaceId, email: a.users.viewer.email, role: "admin", status: "pending" },
          {
            workspaceId: b.workspaceId,
            userId: a.users.editor.id,
            email: a.users.editor.email,
            role: "admin",
            status: "pending",
          },
        ],
      });
      await expectUntouched(context, b, async () => {
        for (const user of [a.users.viewer, a.users.editor]) {
          actAs(user, b.workspaceId);
          const result = await listFlowVersionsAction({ flowId: b.flowId });
          expect(result, user.email).toMatchObject({ ok: false, error: "Flow was not found" });
        }
      });
    });
  });
}
