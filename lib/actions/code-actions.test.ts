import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createCodeFunctionAction,
  deleteCodeFunctionAction,
  deployCodeFunctionAction,
  duplicateCodeFunctionAction,
  getInvocationAction,
  listInvocationsAction,
  redeployCodeVersionAction,
  renameCodeFunctionAction,
  saveCodeDraftAction,
  setCodeSecretAction,
  setCodeTopicsAction,
  testRunCodeFunctionAction,
  updateCodeSettingsAction,
} from "@/lib/actions/code-actions";
import { closeCodeRuntime } from "@/lib/code/runtime";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// The real workspace gate (requireWorkspace reads the membership and its role from the database);
// only the session cookie is stood in for: currentUser() answers the user this test acts as.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { add: addMembers, actAs } = createRoleMembers();
let workspaceId = "";
let theirFunctionId = "";
afterAll(() => closeCodeRuntime());

beforeAll(async () => {
  const workspace = await db.prisma.workspace.create({ data: { name: "Roles" } });
  workspaceId = workspace.id;
  await addMembers(db.prisma, { workspaceId, roles: ["viewer", "editor"] });
  const other = await db.prisma.workspace.create({ data: { name: "Someone else" } });
  theirFunctionId = (
    await db.prisma.codeFunction.create({
      data: { workspaceId: other.id, name: "Theirs", language: "javascript", draftSource: "" },
    })
  ).id;
});

const NEEDS_EDITOR = /needs the editor role or higher; you are viewer/;

describe("code actions", () => {
  it("an editor creates, saves, deploys and test-runs; a viewer reads the logs but cannot write", async () => {
    actAs("editor");
    const created = await createCodeFunctionAction({
      name: "Locale",
      language: "javascript",
      template: "locale-write-back",
    });
    expect(created.ok).toBe(true);
    const functionId = created.ok ? created.data.functionId : "";
    const saved = await saveCodeDraftAction({
      functionId,
      source: "export default async () => ({ ok: 1 })\n",
    });
    expect(saved).toMatchObject({ ok: true, data: { compileErrors: [] } });
    const deployed = await deployCodeFunctionAction({ functionId });
    expect(deployed).toMatchObject({ ok: true, data: { number: 1 } });
    const run = await testRunCodeFunctionAction({
      functionId,
      input: { kind: "sample", event: { metric: "Placed Order", properties: {} } },
      mode: "dry-run",
    });
    expect(run).toMatchObject({ ok: true, data: { status: "ok", returnValue: { ok: 1 } } });

    actAs("viewer");
    const page = await listInvocationsAction({ functionId });
    expect(page.ok && page.data.invocations).toHaveLength(1);
    const invocationId = page.ok ? page.data.invocations[0]!.id : "";
    expect(await getInvocationAction({ invocationId })).toMatchObject({ ok: true, data: { status: "ok" } });
    const refused = [
      await deployCodeFunctionAction({ functionId }),
      await saveCodeDraftAction({ functionId, source: "export default async () => ({})\n" }),
      await createCodeFunctionAction({ name: "Mine", language: "python", template: "blank" }),
      await duplicateCodeFunctionAction({ functionId }),
      await renameCodeFunctionAction({ functionId, name: "x" }),
      await deleteCodeFunctionAction({ functionId }),
      await redeployCodeVersionAction({ functionId, versionId: deployed.ok ? deployed.data.versionId : "" }),
      await setCodeTopicsAction({ functionId, metricIds: [] }),
      await setCodeSecretAction({ functionId, name: "TOKEN", value: "x" }),
      await updateCodeSettingsAction({ functionId, settings: {} }),
      await testRunCodeFunctionAction({ functionId, input: { kind: "sample", event: null }, mode: "apply" }),
    ];
    for (const result of refused)
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(NEEDS_EDITOR) });
    expect(await db.prisma.codeFunctionVersion.count({ where: { functionId } })).toBe(1);
    expect(await db.prisma.codeFunction.count({ where: { workspaceId } })).toBe(1);
  });

  it("answers another workspace's function as not found, and bad input per field", async () => {
    actAs("editor");
    expect(await deployCodeFunctionAction({ functionId: theirFunctionId })).toMatchObject({
      ok: false,
      error: "Code function was not found",
    });
    expect(await createCodeFunctionAction({ name: " ", language: "ruby" })).toMatchObject({
      ok: false,
      fieldErrors: { name: "Give the function a name", language: "Choose JavaScript or Python" },
    });
    const created = await createCodeFunctionAction({ name: "Outputs", language: "python" });
    const functionId = created.ok ? created.data.functionId : "";
    expect(
      await updateCodeSettingsAction({
        functionId,
        settings: {
          outputs: Array.from({ length: 6 }, (_, index) => ({ name: `o${index}`, type: "string" })),
        },
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { "settings.outputs": "A function declares at most 5 outputs" },
    });
  });
});
