import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { createCodeFunction } from "@/lib/code/functions/create-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { testRunCodeFunction } from "@/lib/code/functions/test-run-code-function";
import { createPythonRuntime } from "@/lib/code/runtime/python";
import { prisma } from "@/lib/db/prisma";
import { ingestEvent } from "@/lib/ingestion/ingest-event";
import { createTestDatabase } from "@/test/database";

// The Python side of the product path: the seed's template in Python through the host SDK, with
// the Pyodide runtime (lib/code/runtime/python) injected directly.

await createTestDatabase();
const { workspaceId } = await createApiFixture();
const runtime = createPythonRuntime({ warmRunners: 0, maxRunners: 1 });
afterAll(() => runtime.close());

describe("Python functions", () => {
  it("the seed's locale template in Python: dry run writes nothing, apply sets the locale", async () => {
    await prisma.metric.create({ data: { workspaceId, name: "Placed Order" } });
    const fn = await createCodeFunction({
      workspaceId,
      name: "Locale (Python)",
      language: "python",
      template: "locale-write-back",
      userId: null,
    });
    const { eventId, profileId } = await ingestEvent({
      workspaceId,
      document: eventDocument({
        metric: "Placed Order",
        profile: { email: "py@example.com" },
        properties: { customer_locale: "de-DE" },
      }),
    });
    const dry = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "event", eventId },
      mode: "dry-run",
      runtime,
    });
    expect(dry.error).toBeNull();
    expect(dry.outputs).toEqual({ locale: "de-DE" });
    expect(dry.sdkCalls.map((call) => [call.method, call.ok, call.applied])).toEqual([
      ["updateProfile", true, false],
    ]);
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).locale).toBeNull();

    const applied = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "event", eventId },
      mode: "apply",
      runtime,
    });
    expect(applied.status).toBe("ok");
    expect(applied.logs.map((line) => line.message).join("\n")).toContain("Saved locale de-DE");
    expect((await prisma.profile.findUniqueOrThrow({ where: { id: profileId } })).locale).toBe("de-DE");
  }, 60_000);

  it("the blank Python template runs as created", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Blank (Python)",
      language: "python",
      template: "blank",
      userId: null,
    });
    const result = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "sample", event: null },
      mode: "dry-run",
      runtime,
    });
    expect(result.error).toBeNull();
    expect(result.logs.map((line) => line.message).join("\n")).toContain(`Hello from ${fn.id}`);
  }, 60_000);

  it("reports a Python syntax error with its line at test time", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Bad",
      language: "python",
      template: "blank",
      userId: null,
    });
    await saveCodeDraft({
      workspaceId,
      functionId: fn.id,
      source: "def handler(event, profile, context):\n    return {\n",
      userId: null,
    });
    const result = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "sample", event: null },
      mode: "dry-run",
      runtime,
    });
    expect(result.status).toBe("error");
    expect(result.error?.line).toBe(2);
  }, 60_000);
});
