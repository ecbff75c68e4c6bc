import { expect, type Page, test } from "@playwright/test";
import { connectE2eDatabase, insertLiveFlow, workspaceIdOf } from "../engine/engine-database";
import { createApiKey, klaviyoHeaders, newUserPage, uniqueEmail } from "../shell/helpers";

// Event and profile data that looks like HTML, script, Liquid, SQL and spreadsheet formulas is
// ingested through the public API, runs through a flow whose webhook quotes it, and is then shown
// on every page that displays such data. Each payload that could execute sets a window flag or
// opens a dialog; the spec asserts neither happened on any page, and that the text is shown as
// text (escaped), not interpreted.

const PAYLOADS = {
  img: `<img src=x onerror="window.__xss='img'">`,
  script: `<script>window.__xss='script'</script>`,
  svg: `<svg onload="alert('svg')">`,
  liquid: "{{ secrets.API_TOKEN }}{% raw %}x{% endraw %}",
  sql: "'; drop table events; --",
  formula: '=HYPERLINK("http://evil.example","click")',
};

async function expectNothingExecuted(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), where).toBeUndefined();
}

test("hostile event and profile data is shown as text on every page, never executed", async ({
  browser,
  request,
}) => {
  const ownerEmail = uniqueEmail("ivy");
  const page = await newUserPage(browser, { name: "Ivy Injection", email: ownerEmail });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const headers = klaviyoHeaders(await createApiKey(page, "injection e2e"));
  const customer = uniqueEmail("mallory");
  const metric = `Hostile ${PAYLOADS.svg}`;

  // The flow first (so the event starts a run): metric trigger → webhook quoting the data, to a
  // loopback port nothing listens on (the attempt fails and records its error).
  const createMetric = await request.post("/api/events", {
    headers,
    data: eventDocument(metric, uniqueEmail("seed"), {}, {}),
  });
  expect(createMetric.status()).toBe(202);
  const database = await connectE2eDatabase();
  let flowId: string;
  try {
    const workspaceId = await workspaceIdOf(database, ownerEmail);
    const metricRow = await database.query<{ id: string }>(
      "select id from metrics where workspace_id = $1 and name = $2",
      [workspaceId, metric],
    );
    flowId = await insertLiveFlow(database, {
      workspaceId,
      name: `Flow ${PAYLOADS.img}`,
      graph: {
        schemaVersion: 1,
        nodes: [
          {
            id: "trigger",
            type: "metric-trigger",
            position: { x: 0, y: 0 },
            config: { metricId: metricRow.rows[0]!.id, filters: { match: "all", groups: [] } },
          },
          {
            id: "quote",
            type: "webhook",
            label: `Quote ${PAYLOADS.script}`,
            position: { x: 0, y: 120 },
            config: {
              url: "http://127.0.0.1:9/hook",
              headers: [],
              body: '{"note": {{ event.note | json }}, "name": {{ person.first_name | json }}}',
            },
          },
        ],
        edges: [{ id: "e1", source: "trigger", sourceHandle: null, target: "quote" }],
        settings: { filters: { match: "all", groups: [] }, reentry: { mode: "always" } },
      } as never,
    });
  } finally {
    await database.end();
  }

  const sent = await request.post("/api/events", {
    headers,
    data: eventDocument(
      metric,
      customer,
      {
        first_name: PAYLOADS.img,
        last_name: PAYLOADS.script,
        properties: { ...PAYLOADS, [PAYLOADS.img]: "key" },
      },
      { ...PAYLOADS, note: PAYLOADS.script },
    ),
  });
  expect(sent.status()).toBe(202);

  await page.goto("/activity");
  await expect(page.getByText(metric).filter({ visible: true }).first()).toBeVisible({ timeout: 30_000 });
  await expectNothingExecuted(page, "activity");

  await page.goto(`/profiles?q=${encodeURIComponent(customer)}`);
  const row = page.getByTestId("profile-row").filter({ hasText: customer });
  await expect(row).toBeVisible();
  await expectNothingExecuted(page, "profiles list");
  await row.getByRole("link", { name: customer }).click();
  // The name is text in the heading; properties are values of the editable fields.
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PAYLOADS.img);
  const values = await page
    .locator("input")
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(values).toEqual(
    expect.arrayContaining([PAYLOADS.formula, PAYLOADS.liquid, PAYLOADS.sql, PAYLOADS.img]),
  );
  await expectNothingExecuted(page, "profile page and its event timeline");

  await page.goto(`/flows/${flowId}/runs`);
  const runRow = page.getByTestId("run-row").filter({ hasText: customer });
  await expect(runRow).toBeVisible({ timeout: 30_000 });
  await expectNothingExecuted(page, "runs list");
  await runRow.getByRole("link", { name: customer }).click();
  await expect(page.getByTestId("step").first()).toBeVisible();
  await expectNothingExecuted(page, "run page");

  await page.goto(`/webhooks/flows/${flowId}/quote`);
  await expect(page.locator("body")).toContainText(/127\.0\.0\.1:9|deliver/i, { timeout: 30_000 });
  await expectNothingExecuted(page, "flow deliveries");

  await page.goto(`/flows/${flowId}`);
  await expect(page.getByText(`Quote ${PAYLOADS.script}`).filter({ visible: true }).first()).toBeVisible({
    timeout: 30_000,
  });
  await expectNothingExecuted(page, "flow editor");
  expect(dialogs).toEqual([]);
});

function eventDocument(
  metric: string,
  email: string,
  profile: Record<string, unknown>,
  properties: Record<string, unknown>,
) {
  return {
    data: {
      type: "event",
      attributes: {
        properties,
        metric: { data: { type: "metric", attributes: { name: metric } } },
        profile: { data: { type: "profile", attributes: { email, ...profile } } },
      },
    },
  };
}
