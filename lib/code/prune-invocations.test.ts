import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { pruneInvocations, uuidv7Floor } from "@/lib/code/prune-invocations";
import { prisma } from "@/lib/db/prisma";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const { workspaceId } = await createApiFixture();

describe("pruneInvocations", () => {
  it("the floor UUID of a millisecond sorts after the ids of earlier milliseconds and before later ones", () => {
    for (let index = 0; index < 100; index++) {
      const id = uuidv7();
      expect(uuidv7Floor(Date.now() - 1_000) < id).toBe(true);
      expect(uuidv7Floor(Date.now() + 1_000) > id).toBe(true);
    }
  });

  it("deletes invocations older than the retention and keeps the rest", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Old logs",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const now = new Date();
    const row = (ageDays: number) => ({
      // The generator never goes back in time: an id of that age is built from its time prefix.
      id: `${uuidv7Floor(now.getTime() - ageDays * 86_400_000).slice(0, 24)}${uuidv7().slice(24)}`,
      workspaceId,
      functionId: fn.id,
      trigger: "event",
      status: "ok" as const,
      durationMs: 1,
    });
    await prisma.codeInvocation.createMany({ data: [row(45), row(31), row(29), row(1)] });
    expect(await pruneInvocations({ database: db.pool, now })).toEqual({ deleted: 2 });
    expect(await prisma.codeInvocation.count({ where: { functionId: fn.id } })).toBe(2);
  });
});
