import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as importRoute } from "@/app/api/app/lists/[listId]/import/route";
import {
  addListMemberAction,
  createListAction,
  deleteListAction,
  removeListMembersAction,
  renameListAction,
} from "@/lib/actions/list-actions";
import {
  importCsvToList,
  type TColumnMapping,
  type TImportEvent,
} from "@/lib/audience/list-import/import-csv-to-list";
import { STEP_HANDLERS } from "@/lib/engine/handlers";
import type { TStepHandlers } from "@/lib/engine/step-handler";
import { publishTestFlow, waitFor } from "@/lib/engine/testing/engine-fixtures";
import { startEngineWorker, type TEngineWorker } from "@/lib/engine/worker";
import { createRoleMembers } from "@/test/act-as";
import { createTestDatabase } from "@/test/database";

// Real PostgreSQL, the real workspace gate (only the session cookie is stood in for), the real
// engine worker for the list trigger.
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ refresh: vi.fn() }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const db = await createTestDatabase();
const { add: addMembers, actAs } = createRoleMembers({ emailOf: (role) => `${role}@import.test` });
let workspaceId = "";

const MAPPING: TColumnMapping = [
  { column: "Email", target: "email" },
  { column: "Phone", target: "phone_number" },
  { column: "Customer", target: "external_id" },
  { column: "First", target: "first_name" },
  { column: "Last", target: "last_name" },
  { column: "Birthday", target: "birthday" },
  { column: "Tier", target: "property", property: "tier" },
  { column: "Notes", target: "ignore" },
];
const HEADER = "Email,Phone,Customer,First,Last,Birthday,Tier,Notes\r\n";

async function* chunksOf(text: string, size = 7) {
  for (let index = 0; index < text.length; index += size) yield text.slice(index, index + size);
}

async function runImport(listId: string, csv: string, mapping = MAPPING) {
  const events: TImportEvent[] = [];
  for await (const event of importCsvToList({ workspaceId, listId, mapping, chunks: chunksOf(csv) }))
    events.push(event);
  return events;
}

let worker: TEngineWorker;
beforeAll(async () => {
  const workspace = await db.prisma.workspace.create({ data: { name: "Import" } });
  workspaceId = workspace.id;
  await addMembers(db.prisma, { workspaceId, roles: ["viewer", "editor"] });
  const handlers: TStepHandlers = {
    ...STEP_HANDLERS,
    webhook: { type: "webhook", maxAttempts: 1, timeoutMs: 1_000, execute: async () => ({ output: {} }) },
  };
  worker = await startEngineWorker({ database: db.pool, handlers, concurrency: 2, pollIntervalMs: 50 });
});
afterAll(async () => {
  await worker.stop();
});

describe("importCsvToList", () => {
  it("creates, updates and skips rows with reasons, and joins each profile once", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Imported" } });
    await db.prisma.profile.create({ data: { workspaceId, email: "known@example.com", firstName: "Old" } });
    const csv =
      HEADER +
      'ada@example.com,+1 (500) 555-0006,C1,Ada,"Lovelace, Countess",1815-12-10,gold,"multi\r\nline"\r\n' +
      "known@example.com,,,Known,,,,\r\n" +
      "not-an-email,,,Bad,,,,\r\n" +
      ",,,Nobody,,,,\r\n" +
      "ADA@example.com,,,Twice,,,,\r\n" +
      ",+15005550007,,Phone,,,,\r\n" +
      "\r\n";
    const events = await runImport(list.id, csv);
    const done = events.at(-1);
    expect(done).toEqual({ type: "done", rowsRead: 6, created: 2, updated: 1, skipped: 3, joined: 3 });
    const skipped = events.flatMap((event) => (event.type === "skipped" ? event.rows : []));
    expect(skipped.map((row) => [row.line, row.reason])).toEqual([
      [5, "Invalid email “not-an-email”"],
      [6, "No identifier (email, phone number or external id)"],
      [7, "Duplicate row in the file (same identifier as line 2)"],
    ]);
    expect(skipped[0]!.fields[3]).toBe("Bad");
    const ada = await db.prisma.profile.findFirstOrThrow({
      where: { workspaceId, email: "ada@example.com" },
    });
    expect(ada).toMatchObject({
      phoneNumber: "+15005550006",
      externalId: "C1",
      firstName: "Ada",
      lastName: "Lovelace, Countess",
      properties: { tier: "gold", birthday: "1815-12-10" },
    });
    expect(
      await db.prisma.profile.findFirst({ where: { workspaceId, email: "known@example.com" } }),
    ).toMatchObject({
      firstName: "Known",
    });
    expect(await db.prisma.listMembership.count({ where: { listId: list.id } })).toBe(3);

    // Importing again: everything updates, nobody joins twice.
    const again = (await runImport(list.id, csv)).at(-1);
    expect(again).toEqual({ type: "done", rowsRead: 6, created: 0, updated: 3, skipped: 3, joined: 0 });
  });

  it("names a mapped column that the header lacks", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Bad header" } });
    await expect(runImport(list.id, "Mail\nx@y.z\n")).rejects.toThrow(
      /Column “Email” is not in the file's header/,
    );
  });

  it("starts a list-triggered flow once per imported join, in batches across the 1,000 boundary", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Welcome" } });
    const { flowId } = await publishTestFlow({
      workspaceId,
      nodes: [
        { id: "trigger", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId: list.id } },
        {
          id: "hook",
          type: "webhook",
          position: { x: 0, y: 0 },
          config: { url: "http://127.0.0.1:1/", headers: [], body: "{}" },
        },
      ],
    });
    const rows = Array.from({ length: 1_203 }, (_, index) => `flow${index}@example.com`).join("\n");
    const started = performance.now();
    const events = await runImport(list.id, `Email\n${rows}\nflow0@example.com\n`, [
      { column: "Email", target: "email" },
    ]);
    const ms = performance.now() - started;
    console.log(`imported 1,204 rows in ${ms.toFixed(0)} ms (${Math.round(1204 / (ms / 1000))} rows/s)`);
    expect(events.filter((event) => event.type === "progress")).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ created: 1_203, skipped: 1, joined: 1_203 });
    await runImport(list.id, "Email\nflow1@example.com\n", [{ column: "Email", target: "email" }]);
    const runs = await waitFor(
      async () => {
        const count = await db.prisma.run.count({ where: { flowId } });
        return count >= 1_203 && count;
      },
      { timeoutMs: 60_000, what: "1,203 runs" },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db.prisma.run.count({ where: { flowId } })).toBe(runs);
    expect(runs).toBe(1_203);
  }, 90_000);
});

describe("roles", () => {
  const post = (listId: string, csv: string) =>
    importRoute(
      new NextRequest(
        `http://localhost/api/app/lists/${listId}/import?mapping=${encodeURIComponent(JSON.stringify([{ column: "Email", target: "email" }]))}`,
        { method: "POST", body: csv, headers: { host: "localhost" } },
      ),
      { params: Promise.resolve({ listId }) },
    );

  it("lets an editor import through the route (NDJSON) and refuses a viewer", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Route" } });
    actAs("viewer");
    const refused = await post(list.id, "Email\nv@example.com\n");
    expect(refused.status).toBe(403);
    expect(await db.prisma.listMembership.count({ where: { listId: list.id } })).toBe(0);

    actAs("editor");
    const response = await post(list.id, "Email\ne1@example.com\nbad\n");
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toEqual({
      type: "done",
      rowsRead: 2,
      created: 1,
      updated: 0,
      skipped: 1,
      joined: 1,
    });
  });

  it("refuses a viewer's remove and an unknown mapping", async () => {
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Keep" } });
    const profile = await db.prisma.profile.create({ data: { workspaceId, email: "stay@example.com" } });
    await db.prisma.listMembership.create({ data: { workspaceId, listId: list.id, profileId: profile.id } });
    actAs("viewer");
    const result = await removeListMembersAction({ listId: list.id, profileIds: [profile.id] });
    expect(result).toMatchObject({ ok: false });
    expect(await db.prisma.listMembership.count({ where: { listId: list.id } })).toBe(1);
    actAs("editor");
    expect(await removeListMembersAction({ listId: list.id, profileIds: [profile.id] })).toMatchObject({
      ok: true,
      data: { removed: 1 },
    });
  });

  it("lets an editor create, rename, add by email and delete a list; a viewer can do none of it", async () => {
    actAs("viewer");
    expect(await createListAction({ name: "Nope" })).toMatchObject({ ok: false });
    actAs("editor");
    const created = await createListAction({ name: "  VIP  " });
    if (!created.ok) throw new Error(created.error);
    const listId = created.data.id;
    expect(await renameListAction({ listId, name: "" })).toMatchObject({ ok: false });
    expect(await renameListAction({ listId, name: "VIPs" })).toMatchObject({
      ok: true,
      data: { name: "VIPs" },
    });
    expect(await addListMemberAction({ listId, email: "nope" })).toMatchObject({ ok: false });
    expect(await addListMemberAction({ listId, email: " New.Person@Example.com " })).toMatchObject({
      ok: true,
      data: { isCreated: true, added: 1 },
    });
    expect(await addListMemberAction({ listId, email: "new.person@example.com" })).toMatchObject({
      ok: true,
      data: { isCreated: false, added: 0 },
    });
    actAs("viewer");
    expect(await addListMemberAction({ listId, email: "v@example.com" })).toMatchObject({ ok: false });
    expect(await deleteListAction({ listId })).toMatchObject({ ok: false });
    actAs("editor");
    expect(await deleteListAction({ listId })).toMatchObject({ ok: true });
    expect(await db.prisma.list.findUnique({ where: { id: listId } })).toBeNull();
    expect(await db.prisma.profile.count({ where: { workspaceId, email: "new.person@example.com" } })).toBe(
      1,
    );
  });
});
