import { afterAll, describe, expect, it } from "vitest";
import { createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import {
  deleteCodeSecret,
  listCodeSecrets,
  loadCodeSecrets,
  setCodeSecret,
} from "@/lib/code/functions/code-secrets";
import { createCodeFunction, duplicateCodeFunction } from "@/lib/code/functions/create-code-function";
import { deployCodeFunction, redeployCodeVersion } from "@/lib/code/functions/deploy-code-function";
import {
  getCodeFunction,
  getInvocation,
  listCodeFunctions,
  listInvocations,
  listRecentTopicEvents,
  listTopicChoices,
} from "@/lib/code/functions/queries";
import { deleteCodeFunction, renameCodeFunction } from "@/lib/code/functions/rename-or-delete-code-function";
import { saveCodeDraft } from "@/lib/code/functions/save-code-draft";
import { setCodeTopics } from "@/lib/code/functions/set-code-topics";
import { testRunCodeFunction } from "@/lib/code/functions/test-run-code-function";
import { createCodeRuntime } from "@/lib/code/runtime";
import { prisma } from "@/lib/db/prisma";
import { publishTestFlow } from "@/lib/engine/testing/engine-fixtures";
import { startLoopbackReceiver } from "@/lib/engine/testing/loopback-receiver";
import { HookflowError } from "@/lib/errors";
import { ingestEvent } from "@/lib/ingestion/ingest-event";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
const fixture = await createApiFixture();
const other = await createApiFixture("Other");
const workspaceId = fixture.workspaceId;
const runtime = createCodeRuntime();
afterAll(() => runtime.close());

const metricId = async (name: string, workspace = workspaceId) =>
  (
    await prisma.metric.upsert({
      where: { workspaceId_name: { workspaceId: workspace, name } },
      create: { workspaceId: workspace, name },
      update: {},
    })
  ).id;

async function placeOrder(email: string, locale: string) {
  return ingestEvent({
    workspaceId,
    document: eventDocument({
      metric: "Placed Order",
      profile: { email },
      properties: { customer_locale: locale },
    }),
  });
}

describe("functions: create, save, deploy, versions", () => {
  it("creates the seed's locale template subscribed to Placed Order, deploys numbered versions, redeploys", async () => {
    const placedOrder = await metricId("Placed Order");
    const fn = await createCodeFunction({
      workspaceId,
      name: "Locale",
      language: "javascript",
      template: "locale-write-back",
      userId: null,
    });
    const detail = await getCodeFunction({ workspaceId, functionId: fn.id });
    expect(detail.topics).toEqual([{ metricId: placedOrder, name: "Placed Order" }]);
    expect(detail.settings.outputs).toEqual([{ name: "locale", type: "string", default: "" }]);
    expect(detail.status).toBe("draft");

    const v1 = await deployCodeFunction({ workspaceId, functionId: fn.id, userId: null });
    expect(v1.number).toBe(1);
    const saved = await saveCodeDraft({
      workspaceId,
      functionId: fn.id,
      source: "export default async function () { return { locale: 'x' }; }\n",
      userId: null,
    });
    expect(saved.compileErrors).toEqual([]);
    expect((await getCodeFunction({ workspaceId, functionId: fn.id })).hasUndeployedChanges).toBe(true);
    const v2 = await deployCodeFunction({ workspaceId, functionId: fn.id, userId: null });
    expect(v2.number).toBe(2);
    const versions = await prisma.codeFunctionVersion.findMany({
      where: { functionId: fn.id },
      orderBy: { number: "asc" },
    });
    expect(versions.map((version) => version.number)).toEqual([1, 2]);
    expect(versions[0]!.source).toContain("customer_locale");
    expect(versions[0]!.compiled).toBeTruthy();

    await redeployCodeVersion({ workspaceId, functionId: fn.id, versionId: v1.versionId, userId: null });
    const after = await getCodeFunction({ workspaceId, functionId: fn.id });
    expect(after.deployedVersion?.number).toBe(1);
    expect(after.versions.map((version) => [version.number, version.isDeployed])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it("returns compile errors with line and column at save, and refuses to deploy them", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Broken",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const saved = await saveCodeDraft({
      workspaceId,
      functionId: fn.id,
      source: "export default async function () {\n  const x = ;\n}\n",
      userId: null,
    });
    expect(saved.compileErrors[0]).toMatchObject({ line: 2, column: expect.any(Number) });
    expect((await getCodeFunction({ workspaceId, functionId: fn.id })).draftSource).toContain("const x = ;");
    await expect(deployCodeFunction({ workspaceId, functionId: fn.id, userId: null })).rejects.toThrow(
      /line 2, column/,
    );
    const notAllowed = await saveCodeDraft({
      workspaceId,
      functionId: fn.id,
      source: 'import fs from "fs";\nexport default async function () {}\n',
      userId: null,
    });
    expect(notAllowed.compileErrors[0]?.line).toBe(1);
  });

  it("duplicates, renames, lists and deletes; another workspace's function is not found", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Original",
      language: "python",
      template: "locale-write-back",
      userId: null,
    });
    const copy = await duplicateCodeFunction({ workspaceId, functionId: fn.id, userId: null });
    await renameCodeFunction({ workspaceId, functionId: copy.id, name: "Renamed", userId: null });
    const list = await listCodeFunctions({ workspaceId });
    const renamed = list.find((row) => row.id === copy.id)!;
    expect(renamed).toMatchObject({
      name: "Renamed",
      language: "python",
      status: "draft",
      errorRate24h: null,
    });
    expect(renamed.topics.map((topic) => topic.name)).toEqual(["Placed Order"]);
    await expect(getCodeFunction({ workspaceId: other.workspaceId, functionId: fn.id })).rejects.toThrow(
      "Code function was not found",
    );
    await deleteCodeFunction({ workspaceId, functionId: copy.id });
    expect(await prisma.codeFunction.findUnique({ where: { id: copy.id } })).toBeNull();
  });
});

describe("deleting a function a live flow uses", () => {
  it("is refused, naming the flow", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "In use",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const metric = await metricId("Used By Flow");
    await publishTestFlow({
      workspaceId,
      name: "Uses code",
      nodes: [
        {
          id: "trigger",
          type: "metric-trigger",
          position: { x: 0, y: 0 },
          config: { metricId: metric, filters: { match: "all", groups: [] } },
        } as never,
        { id: "code", type: "code", position: { x: 0, y: 0 }, config: { functionId: fn.id } },
      ],
    });
    await expect(deleteCodeFunction({ workspaceId, functionId: fn.id })).rejects.toThrow(
      /used by the flow "Uses code"/,
    );
  });
});

describe("topics", () => {
  it("refuses Opened Email and Received Email on the server with the seed's rule, accepts other message metrics", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Topics",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    for (const name of ["Opened Email", "Received Email"]) {
      const forbidden = await metricId(name);
      const attempt = setCodeTopics({ workspaceId, functionId: fn.id, metricIds: [forbidden] });
      await expect(attempt).rejects.toBeInstanceOf(HookflowError);
      await expect(attempt).rejects.toThrow(`"${name}" cannot trigger a code function`);
    }
    const clicked = await metricId("Clicked Email");
    const topics = await setCodeTopics({ workspaceId, functionId: fn.id, metricIds: [clicked] });
    expect(topics.map((topic) => topic.name)).toEqual(["Clicked Email"]);
    const choices = await listTopicChoices({ workspaceId });
    expect(choices.find((choice) => choice.name === "Opened Email")?.refusal).toMatch(/cannot be triggered/);
    expect(choices.find((choice) => choice.name === "Clicked Email")?.refusal).toBeNull();
    const foreign = await metricId("Placed Order", other.workspaceId);
    await expect(setCodeTopics({ workspaceId, functionId: fn.id, metricIds: [foreign] })).rejects.toThrow(
      /no metric .* in this workspace/,
    );
  });
});

describe("environment variables", () => {
  it("seals values, lists them masked, and refuses past 64 KiB per function", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Secrets",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const saved = await setCodeSecret({
      workspaceId,
      functionId: fn.id,
      name: "API_TOKEN",
      value: "s3cr3t-value",
    });
    expect(saved.masked).not.toContain("s3cr3t");
    const row = await prisma.secret.findFirstOrThrow({ where: { functionId: fn.id, name: "API_TOKEN" } });
    expect(row.ciphertext).not.toContain("s3cr3t");
    expect(await loadCodeSecrets(db.pool, { workspaceId, functionId: fn.id })).toEqual({
      API_TOKEN: "s3cr3t-value",
    });
    expect(JSON.stringify(await listCodeSecrets({ workspaceId, functionId: fn.id }))).not.toContain("s3cr3t");

    await setCodeSecret({ workspaceId, functionId: fn.id, name: "BIG", value: "x".repeat(60 * 1024) });
    const tooMuch = setCodeSecret({
      workspaceId,
      functionId: fn.id,
      name: "MORE",
      value: "y".repeat(5 * 1024),
    });
    await expect(tooMuch).rejects.toThrow(/64 KiB per function/);
    // Replacing a value counts the new value, not old + new.
    await setCodeSecret({ workspaceId, functionId: fn.id, name: "BIG", value: "z".repeat(63 * 1024) });
    await deleteCodeSecret({ workspaceId, functionId: fn.id, name: "BIG" });
    expect((await listCodeSecrets({ workspaceId, functionId: fn.id })).map((secret) => secret.name)).toEqual([
      "API_TOKEN",
    ]);
  });
});

describe("test runs", () => {
  it("dry run shows the SDK writes and applies nothing; apply writes through the API's path", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Dry",
      language: "javascript",
      template: "locale-write-back",
      userId: null,
    });
    await setCodeSecret({ workspaceId, functionId: fn.id, name: "GREETING", value: "hello" });
    const list = await prisma.list.create({ data: { workspaceId, name: "Locales" } });
    await saveCodeDraft({
      workspaceId,
      functionId: fn.id,
      userId: null,
      source: `import { updateProfile, addToList, createEvent } from "hookflow";
export default async function (event, profile, context) {
  console.log(context.env.GREETING, event.metric.name);
  await updateProfile({ locale: event.properties.customer_locale, tier: "gold" });
  await addToList("${list.id}");
  await createEvent({ metric: "Locale Saved", properties: { locale: event.properties.customer_locale } });
  return { locale: event.properties.customer_locale, extra: 1 };
}
`,
    });
    const { eventId, profileId } = await placeOrder("dry@example.com", "de-DE");
    const recent = await listRecentTopicEvents({ workspaceId, functionId: fn.id });
    expect(recent.map((event) => event.id)).toContain(eventId);

    const dry = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "event", eventId },
      mode: "dry-run",
      runtime,
    });
    expect(dry.error).toBeNull();
    expect(dry.status).toBe("ok");
    expect(dry.outputs).toEqual({ locale: "de-DE" });
    // GREETING is a secret: its value is masked in what the invocation records (logs included).
    expect(dry.logs.map((line) => line.message)).toContain("•••• Placed Order");
    expect(dry.sdkCalls.map((call) => [call.method, call.ok, call.applied])).toEqual([
      ["updateProfile", true, false],
      ["addToList", true, false],
      ["createEvent", true, false],
    ]);
    const untouched = await prisma.profile.findUniqueOrThrow({ where: { id: profileId } });
    expect(untouched.locale).toBeNull();
    expect(await prisma.listMembership.count({ where: { listId: list.id } })).toBe(0);
    expect(await prisma.metric.count({ where: { workspaceId, name: "Locale Saved" } })).toBe(0);

    const applied = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "event", eventId },
      mode: "apply",
      runtime,
    });
    expect(applied.status).toBe("ok");
    const written = await prisma.profile.findUniqueOrThrow({ where: { id: profileId } });
    expect(written.locale).toBe("de-DE");
    expect(written.properties).toMatchObject({ tier: "gold" });
    expect(await prisma.listMembership.count({ where: { listId: list.id, profileId } })).toBe(1);
    const created = await prisma.event.findFirstOrThrow({
      where: { workspaceId, profileId, metricId: await metricId("Locale Saved") },
    });
    expect(created).toMatchObject({ origin: "code", originId: applied.invocationId, depth: 1 });

    const logs = await listInvocations({ workspaceId, functionId: fn.id });
    expect(logs.invocations.map((row) => [row.trigger, row.isDryRun, row.status])).toEqual([
      ["test", false, "ok"],
      ["test", true, "ok"],
    ]);
    const full = await getInvocation({ workspaceId, invocationId: applied.invocationId! });
    expect(full.outputs).toEqual({ locale: "de-DE" });
    expect((full.sdkCalls as unknown[]).length).toBe(3);
  });

  it("runs unsaved source, reports compile errors and runtime errors with the user's line", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Errors",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const compile = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      source: "export default async function () {\n  return {;\n}\n",
      input: { kind: "sample", event: null },
      mode: "dry-run",
      runtime,
    });
    expect(compile).toMatchObject({ status: "error", invocationId: null, error: { line: 2 } });
    const thrown = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      source:
        "export default async function (event) {\n  console.log(event.metric.name);\n  throw new Error('boom');\n}\n",
      input: { kind: "sample", event: { metric: "Sample", properties: {} } },
      mode: "dry-run",
      runtime,
    });
    expect(thrown.status).toBe("error");
    expect(thrown.error?.message).toContain("boom");
    expect(thrown.error?.line).toBe(3);
    expect(thrown.logs.map((line) => line.message)).toEqual(["Sample"]);
  });

  it("fetches through the host's guarded fetch: loopback allowed in tests, the metadata address refused", async () => {
    const receiver = await startLoopbackReceiver();
    try {
      const fn = await createCodeFunction({
        workspaceId,
        name: "Fetch",
        language: "javascript",
        template: "blank",
        userId: null,
      });
      const result = await testRunCodeFunction({
        workspaceId,
        functionId: fn.id,
        source: `export default async function () {
  const ok = await fetch("${receiver.url}/hook", { method: "POST", body: JSON.stringify({ a: 1 }) });
  let refused = null;
  try { await fetch("http://169.254.169.254/latest/meta-data/"); } catch (error) { refused = String(error.message); }
  return { status: ok.status, refused };
}
`,
        input: { kind: "sample", event: null },
        mode: "dry-run",
        runtime,
      });
      expect(result.error).toBeNull();
      expect(result.returnValue).toMatchObject({
        status: 200,
        refused: expect.stringMatching(/169\.254\.169\.254/),
      });
      expect(result.fetches.map((fetch) => [fetch.method, fetch.status])).toEqual([
        ["POST", 200],
        ["GET", null],
      ]);
      expect(receiver.requests.map((request) => request.body)).toEqual(['{"a":1}']);
    } finally {
      await receiver.close();
    }
  });

  it("records a failure of the runtime itself (runner gone) as a crashed invocation", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "Crash",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    const brokenRuntime = {
      invoke: () => Promise.reject(new Error("runner process exited")),
      close: async () => {},
    };
    const result = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      input: { kind: "sample", event: null },
      mode: "dry-run",
      runtime: brokenRuntime,
    });
    expect(result).toMatchObject({ status: "crashed", error: { name: "RuntimeFailure" } });
    const row = await getInvocation({ workspaceId, invocationId: result.invocationId! });
    expect(row.status).toBe("crashed");
  });

  it("getProfile reads the invocation's own writes; removeFromList; invalid calls reach the guest as errors", async () => {
    const fn = await createCodeFunction({
      workspaceId,
      name: "SDK",
      language: "javascript",
      template: "blank",
      userId: null,
    });
    await prisma.list.create({ data: { workspaceId, name: "Newsletter" } });
    const { profileId } = await placeOrder("sdk@example.com", "fr-FR");
    const result = await testRunCodeFunction({
      workspaceId,
      functionId: fn.id,
      source: `import { getProfile, updateProfile, addToList, removeFromList } from "hookflow";
export default async function () {
  await updateProfile({ first_name: "Ada", plan: "pro" });
  const profile = await getProfile();
  await addToList("Newsletter");
  const removal = await removeFromList("Newsletter");
  let bad = null;
  try { await updateProfile({ email: "not-an-email" }); } catch (error) { bad = error.message; }
  let missing = null;
  try { await addToList("No such list"); } catch (error) { missing = error.message; }
  return { firstName: profile.firstName, plan: profile.properties.plan, removed: removal.removed, bad, missing };
}
`,
      input: { kind: "profile", profileId },
      mode: "apply",
      runtime,
    });
    expect(result.error).toBeNull();
    expect(result.returnValue).toEqual({
      firstName: "Ada",
      plan: "pro",
      removed: true,
      bad: expect.stringContaining("email: Not a valid email address"),
      missing: expect.stringContaining('no list "No such list" in this workspace'),
    });
    expect(result.sdkCalls.map((call) => [call.method, call.ok])).toEqual([
      ["updateProfile", true],
      ["getProfile", true],
      ["addToList", true],
      ["removeFromList", true],
      ["updateProfile", false],
      ["addToList", false],
    ]);
    expect(await prisma.listMembership.count({ where: { profileId } })).toBe(0);
  });
});
