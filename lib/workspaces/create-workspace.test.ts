import { describe, expect, it } from "vitest";
import { MESSAGE_METRICS } from "@/lib/metrics/message-metrics";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase } from "@/test/database";

const { prisma } = await createTestDatabase();

describe("createWorkspace", () => {
  it("creates the owner membership and every message metric, flagged as such", async () => {
    const owner = await prisma.user.create({
      data: { email: "o@example.com", name: "O", passwordHash: "x" },
    });
    const workspace = await createWorkspace({ name: "Acme", owner }, prisma);
    const membership = await prisma.membership.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(membership).toMatchObject({ userId: owner.id, role: "owner", status: "active" });
    const metrics = await prisma.metric.findMany({ where: { workspaceId: workspace.id } });
    expect(metrics.map((m) => m.name).sort()).toEqual([...MESSAGE_METRICS].sort());
    expect(metrics.every((m) => m.isMessageMetric)).toBe(true);
  });
});
