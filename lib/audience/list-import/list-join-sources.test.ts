import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as importRoute } from "@/app/api/app/lists/[listId]/import/route";
import {
  POST as addMembersRoute,
  DELETE as removeMembersRoute,
} from "@/app/api/lists/[id]/relationships/profiles/route";
import { addListMemberAction, addListMembersAction } from "@/lib/actions/list-actions";
import { apiRequest, callRoute, createApiFixture } from "@/lib/api/testing/api-fixtures";
import { currentUser } from "@/lib/auth/current-user";
import { createHostSdk } from "@/lib/code/sdk/host-sdk";
import { startJoinRuns } from "@/lib/engine/on-audience-joined";
import { ENGINE_TASKS } from "@/lib/engine/queue";
import { publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

// Each way a profile joins a list — the list page (server action), the API, CSV import, a code
// function's addToList — records the join once (list_memberships.created_at, kept on a second
// join) and queues the job that starts the list-triggered flows, which starts exactly one run per
// join. The job is run here as the worker runs it (twice, as a retry would) so the count is exact
// without waiting on a worker.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const fixture = await createApiFixture("Joins");
const workspaceId = fixture.workspaceId;

beforeAll(async () => {
  const user = await db.prisma.user.create({
    data: { email: "editor@joins.test", name: "Editor", passwordHash: "x" },
  });
  await db.prisma.membership.create({
    data: { workspaceId, userId: user.id, email: user.email, role: "editor" },
  });
  vi.mocked(currentUser).mockResolvedValue({
    id: user.id,
    email: user.email,
    name: "Editor",
    sessionId: "s",
  });
});

async function listWithFlow(name: string) {
  const list = await db.prisma.list.create({ data: { workspaceId, name } });
  const { flowId } = await publishTestFlow({
    workspaceId,
    name: `On ${name}`,
    nodes: [{ id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId: list.id } }],
  });
  return { listId: list.id, flowId };
}

/** Runs every queued start-join-runs job for the list twice (a retry) and counts the flow's runs. */
async function runJoinJobs(listId: string, flowId: string) {
  const jobs = await db.pool.query<{ payload: Parameters<typeof startJoinRuns>[0] }>(
    `select j.payload from graphile_worker._private_jobs j
     join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = $1 and j.payload->>'audienceId' = $2`,
    [ENGINE_TASKS.startJoinRuns, listId],
  );
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const job of jobs.rows) await startJoinRuns(job.payload, { database: db.pool });
  }
  const joins = jobs.rows.flatMap((job) => job.payload.joins.map((join) => join.profileId));
  const runs = await db.prisma.run.findMany({ where: { flowId }, select: { profileId: true } });
  return { joins, runs: runs.map((run) => run.profileId) };
}

async function joinedAt(listId: string) {
  const rows = await db.prisma.listMembership.findMany({ where: { listId }, select: { createdAt: true } });
  return rows.map((row) => row.createdAt.getTime());
}

describe("every list join source starts the list-triggered flows once per join", () => {
  it("the list page (add member by email, twice)", async () => {
    const { listId, flowId } = await listWithFlow("UI");
    expect(await addListMemberAction({ listId, email: "ui@example.com" })).toMatchObject({
      ok: true,
      data: { added: 1 },
    });
    const first = await joinedAt(listId);
    expect(await addListMemberAction({ listId, email: "UI@example.com" })).toMatchObject({
      ok: true,
      data: { added: 0 },
    });
    expect(await joinedAt(listId)).toEqual(first);
    const { joins, runs } = await runJoinJobs(listId, flowId);
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "ui@example.com" },
    });
    expect(joins).toEqual([profile.id]);
    expect(runs).toEqual([profile.id]);
  });

  it("the list page (pasted addresses: new, known, repeated, invalid; pasted again)", async () => {
    const { listId, flowId } = await listWithFlow("Pasted");
    const known = await db.prisma.profile.create({ data: { workspaceId, email: "known@paste.test" } });
    const text = "new@paste.test, Known@Paste.test\nnot-an-email; new@paste.test\n\n";
    expect(await addListMembersAction({ listId, emails: text })).toMatchObject({
      ok: true,
      data: {
        added: 2,
        created: 1,
        alreadyMembers: 0,
        notAdded: [{ email: "not-an-email", reason: "Not a valid email address" }],
      },
    });
    expect(await addListMembersAction({ listId, emails: text })).toMatchObject({
      ok: true,
      data: { added: 0, created: 0, alreadyMembers: 2 },
    });
    expect(await addListMembersAction({ listId, emails: " \n " })).toMatchObject({
      ok: false,
      fieldErrors: { emails: "Paste at least one email address" },
    });
    const tooMany = Array.from({ length: 1001 }, (_, index) => `p${index}@paste.test`).join("\n");
    expect(await addListMembersAction({ listId, emails: tooMany })).toMatchObject({ ok: false });
    const created = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "new@paste.test" },
    });
    const { joins, runs } = await runJoinJobs(listId, flowId);
    expect(joins.sort()).toEqual([known.id, created.id].sort());
    expect(runs.sort()).toEqual([known.id, created.id].sort());
  });

  it("the API (POST relationships/profiles, twice, with a repeated id)", async () => {
    const { listId, flowId } = await listWithFlow("API");
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "api@example.com" } });
    const body = {
      data: [
        { type: "profile", id: profile.id },
        { type: "profile", id: profile.id },
      ],
    };
    for (let call = 0; call < 2; call++) {
      const response = await callRoute(
        addMembersRoute,
        apiRequest(`/api/lists/${listId}/relationships/profiles`, { key: fixture.fullKey, body }),
        { id: listId },
      );
      expect(response.status).toBe(204);
    }
    const { joins, runs } = await runJoinJobs(listId, flowId);
    expect(joins).toEqual([profile.id]);
    expect(runs).toEqual([profile.id]);
  });

  it("CSV import (the same file twice, a duplicate row in it)", async () => {
    const { listId, flowId } = await listWithFlow("Import");
    const mapping = encodeURIComponent(JSON.stringify([{ column: "email", target: "email" }]));
    for (let call = 0; call < 2; call++) {
      const response = await importRoute(
        new NextRequest(`http://localhost/api/app/lists/${listId}/import?mapping=${mapping}`, {
          method: "POST",
          body: "email\r\nimport@example.com\r\nIMPORT@example.com\r\n",
          headers: { host: "localhost" },
        }),
        { params: Promise.resolve({ listId }) },
      );
      const done = JSON.parse((await response.text()).trim().split("\n").at(-1)!);
      expect(done).toMatchObject({ type: "done", skipped: 1, joined: call === 0 ? 1 : 0 });
    }
    const { joins, runs } = await runJoinJobs(listId, flowId);
    const profile = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "import@example.com" },
    });
    expect(joins).toEqual([profile.id]);
    expect(runs).toEqual([profile.id]);
  });

  it("a code function's addToList (by id, then by name)", async () => {
    const { listId, flowId } = await listWithFlow("Code");
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "code@example.com" } });
    const sdk = createHostSdk({
      workspaceId,
      profileId: profile.id,
      invocationId: uuidv7(),
      eventDepth: 0,
      idempotencyBase: uuidv7(),
      isDryRun: false,
      prisma: db.prisma,
    });
    expect(await sdk.call("addToList", [listId])).toMatchObject({ added: true });
    expect(await sdk.call("addToList", ["Code"])).toMatchObject({ added: false });
    const { joins, runs } = await runJoinJobs(listId, flowId);
    expect(joins).toEqual([profile.id]);
    expect(runs).toEqual([profile.id]);
  });

  it("a profile that leaves and joins again starts the flow again (a new join)", async () => {
    const { listId, flowId } = await listWithFlow("Again");
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "again@example.com" } });
    const path = `/api/lists/${listId}/relationships/profiles`;
    const body = { data: [{ type: "profile", id: profile.id }] };
    const key = fixture.fullKey;
    await callRoute(addMembersRoute, apiRequest(path, { key, body }), { id: listId });
    const left = await callRoute(removeMembersRoute, apiRequest(path, { key, body, method: "DELETE" }), {
      id: listId,
    });
    expect(left.status).toBe(204);
    await callRoute(addMembersRoute, apiRequest(path, { key, body }), { id: listId });
    const { runs } = await runJoinJobs(listId, flowId);
    expect(runs).toEqual([profile.id, profile.id]);
  });
});
