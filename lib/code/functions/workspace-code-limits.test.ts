import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setWorkspaceCodeLimitsAction } from "@/lib/actions/workspace-code-limits-actions";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { CODE_LIMIT_MAXIMA, ZCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import { testRunCodeFunction } from "@/lib/code/functions/test-run-code-function";
import {
  effectiveCodeLimits,
  getWorkspaceCodeLimits,
  readWorkspaceCodeLimits,
  setWorkspaceCodeLimits,
  ZWorkspaceCodeLimits,
} from "@/lib/code/functions/workspace-code-limits";
import { createCodeRuntime } from "@/lib/code/runtime";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// The real workspace gate; only the session is stood in for (as in lib/actions/code-actions.test.ts).
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const runtime = createCodeRuntime({ python: false });
afterAll(() => runtime.close());
const { add: addMembers, actAs } = createRoleMembers();
let workspaceId = "";

beforeAll(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: "Limits" } })).id;
  await addMembers(db.prisma, { workspaceId, roles: ["editor", "admin"] });
});

describe("workspace code limits", () => {
  it("an unset ceiling is the server's maxima; stored values are read within range", () => {
    expect(readWorkspaceCodeLimits({})).toEqual(CODE_LIMIT_MAXIMA);
    expect(readWorkspaceCodeLimits({ cpuMs: 2000, wallMs: 10 ** 9 })).toEqual({
      ...CODE_LIMIT_MAXIMA,
      cpuMs: 2000,
    });
    expect(
      effectiveCodeLimits(
        { cpuMs: 12_000, wallMs: 12_000, memoryMb: 128 },
        { cpuMs: 500, wallMs: 20_000, memoryMb: 64 },
      ),
    ).toEqual({ cpuMs: 500, wallMs: 12_000, memoryMb: 64 });
  });

  it("refuses a ceiling above the server's maximum, naming the field", () => {
    const parsed = ZWorkspaceCodeLimits.safeParse({ cpuMs: 60_000, wallMs: 1000, memoryMb: 128 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["cpuMs"],
      message: expect.stringContaining("at most 30000"),
    });
  });

  it("only admins and owners set it; an editor is refused and nothing changes", async () => {
    actAs("editor");
    const refused = await setWorkspaceCodeLimitsAction({ cpuMs: 1000, wallMs: 1000, memoryMb: 64 });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/admin/) });
    expect(await getWorkspaceCodeLimits(workspaceId, db.prisma)).toEqual(CODE_LIMIT_MAXIMA);

    actAs("admin");
    const invalid = await setWorkspaceCodeLimitsAction({ cpuMs: 1000, wallMs: 1000, memoryMb: 4096 });
    expect(invalid).toMatchObject({
      ok: false,
      fieldErrors: { memoryMb: expect.stringContaining("at most 256") },
    });
    const saved = await setWorkspaceCodeLimitsAction({ cpuMs: 1000, wallMs: 2000, memoryMb: 64 });
    expect(saved).toMatchObject({ ok: true, data: { cpuMs: 1000, wallMs: 2000, memoryMb: 64 } });
  });

  it("an invocation runs with the lower of the function's limits and the workspace's ceiling", async () => {
    const fn = await createCodeFunction(
      { workspaceId, name: "Spin", language: "javascript", template: "blank", userId: null },
      db.prisma,
    );
    await saveCodeDraft(
      {
        workspaceId,
        functionId: fn.id,
        source: "export default async function () { while (true) {} }\n",
        settings: ZCodeFunctionSettings.parse({ limits: { cpuMs: 20_000, wallMs: 20_000, memoryMb: 128 } }),
        userId: null,
      },
      db.prisma,
    );
    await setWorkspaceCodeLimits(
      { workspaceId, limits: { cpuMs: 300, wallMs: 1500, memoryMb: 64 } },
      db.prisma,
    );
    const started = performance.now();
    const result = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "sample", event: null },
      mode: "dry-run",
      runtime,
    });
    expect(result.status).toBe("timeout");
    // The function's own 20 s would still be spinning; the workspace's 300 ms CPU stopped it.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
