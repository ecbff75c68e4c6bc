import { describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/api-keys/key-material";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_LOGIN, seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { createTestDatabase } from "@/test/database";

const database = await createTestDatabase();
const { prisma } = database;

describe("seedDemoIfEmpty", () => {
  it("seeds a usable demo workspace on an empty database, and never again", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const seeded = await seedDemoIfEmpty(database, { profiles: 200, now });
    expect(seeded).not.toBeNull();
    const workspaceId = seeded!.workspaceId;

    const user = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    expect(await verifyPassword(user.passwordHash, DEMO_LOGIN.password)).toBe(true);
    const key = await prisma.apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(seeded!.apiKey) } });
    expect(key).toMatchObject({ workspaceId, scope: "full", revokedAt: null });

    expect(await prisma.profile.count({ where: { workspaceId } })).toBe(200);
    const withLocale = await prisma.profile.count({
      where: { workspaceId, properties: { path: ["customer_locale"], not: "null" } },
    });
    expect(withLocale).toBeGreaterThan(0);
    expect(await prisma.list.count({ where: { workspaceId } })).toBe(2);
    expect(await prisma.listMembership.count({ where: { workspaceId } })).toBeGreaterThan(0);

    const metricNameOf = new Map(
      (await prisma.metric.findMany({ where: { workspaceId } })).map((metric) => [metric.id, metric.name]),
    );
    const events = (await prisma.event.findMany({ where: { workspaceId } })).map((event) => ({
      ...event,
      metric: { name: metricNameOf.get(event.metricId) },
    }));
    expect(events.length).toBe(seeded!.events);
    const ninetyDaysAgo = now.getTime() - 90 * 24 * 3600 * 1000;
    expect(events.every((e) => e.time.getTime() >= ninetyDaysAgo && e.time <= now)).toBe(true);
    const metricNames = new Set(events.map((e) => e.metric.name));
    expect(metricNames).toContain("Placed Order");
    expect(metricNames).toContain("Opened Email");
    const order = events.find((e) => e.metric.name === "Placed Order");
    expect(order?.properties).toHaveProperty("customer_locale");
    const opened = await prisma.metric.findFirstOrThrow({ where: { workspaceId, name: "Opened Email" } });
    expect(opened.isMessageMetric).toBe(true);

    expect(await seedDemoIfEmpty(database, { profiles: 10, now })).toBeNull();
    expect(await prisma.workspace.count()).toBe(1);
  });
});
