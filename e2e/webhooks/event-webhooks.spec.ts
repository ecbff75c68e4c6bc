import { expect, test } from "@playwright/test";
import { startWebhookReceiver, type TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { newUserPage, uniqueEmail } from "../shell/helpers";

// An event webhook made in the UI, pointed at a receiver started here on 127.0.0.1 that verifies
// every request with the official libraries (standardwebhooks and svix). The e2e server must allow
// that loopback target: scripts/e2e-server.ts sets HOOKFLOW_WEBHOOK_ALLOWLIST=127.0.0.1/32, and
// the page says so (the allowlist notice), which the spec checks first to fail with a clear reason.

let receiver: TWebhookReceiver;

test.beforeEach(async () => {
  receiver = await startWebhookReceiver();
});

test.afterEach(async () => {
  await receiver.close();
});

test("create an event webhook, send a test event, see the delivery and its attempt, replay it", async ({
  browser,
}) => {
  const page = await newUserPage(browser, { name: "Wanda Webhooks", email: uniqueEmail("wanda") });

  await page.goto("/webhooks");
  await expect(
    page.getByTestId("allowlist-notice"),
    "the e2e server must run with HOOKFLOW_WEBHOOK_ALLOWLIST=127.0.0.1/32",
  ).toContainText("127.0.0.1/32");
  await expect(page.getByText("No event webhooks yet")).toBeVisible();

  // The form: topics are the workspace's metrics, message metrics included.
  await page.getByRole("link", { name: "Create webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks\/new$/);
  await page.getByLabel("Name", { exact: true }).fill("Warehouse sync");
  await page.getByLabel("Search metrics").fill("email");
  await expect(page.getByRole("checkbox", { name: "Clicked Email" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Unsubscribed", exact: true })).toBeHidden();
  await page.getByRole("checkbox", { name: "Opened Email" }).check();
  await page.getByRole("checkbox", { name: "Received Email" }).check();
  await page.getByLabel("Search metrics").fill("unsub");
  await page.getByRole("checkbox", { name: "Unsubscribed", exact: true }).check();
  const chosen = page.getByTestId("selected-topics");
  await expect(chosen).toContainText("Opened Email");
  await expect(chosen).toContainText("Received Email");
  await expect(chosen).toContainText("Unsubscribed");
  await page.getByLabel("Batch size").fill("1");

  // A private address outside the allowlist is refused by the server, at the URL field.
  const url = page.getByLabel("Endpoint URL");
  await url.fill("http://10.0.0.1/hooks");
  await page.getByRole("button", { name: "Create webhook" }).click();
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Refused to connect to 10\.0\.0\.1/)).toBeVisible();
  await expect(page).toHaveURL(/\/webhooks\/new$/);

  await url.fill(receiver.url);
  await page.getByRole("button", { name: "Create webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks\/[0-9a-f-]{36}$/);
  const webhookPage = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Warehouse sync");
  await expect(page.getByTestId("webhook-url")).toHaveText(receiver.url);
  const topics = page.getByTestId("webhook-topics");
  for (const topic of ["Opened Email", "Received Email", "Unsubscribed"])
    await expect(topics).toContainText(topic);
  await expect(page.getByText("No deliveries yet")).toBeVisible();

  // The signing secret is hidden until revealed; the receiver verifies with it.
  const secret = page.getByTestId("signing-secret");
  await expect(secret).toHaveAttribute("data-revealed", "false");
  await expect(secret).not.toContainText(/whsec_[A-Za-z0-9+/]/);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(secret).toHaveAttribute("data-revealed", "true");
  const whsec = ((await secret.textContent()) ?? "").trim();
  expect(whsec).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  receiver.secrets.push(whsec);

  // The sample payload follows the chosen metric; the test event sends it.
  await page.getByLabel("Metric", { exact: true }).selectOption({ label: "Received Email" });
  await expect(page.getByTestId("sample-payload")).toContainText('"topic": "Received Email"');
  await page.getByRole("button", { name: "Send test event" }).click();
  const result = page.getByTestId("test-result");
  await expect(result).toContainText("HTTP 200");
  await expect(result.getByTestId("test-result-duration")).toHaveText(/^in \d/);

  const [sent] = await receiver.waitForRequests(1);
  expect(sent?.verified).toEqual([{ secret: whsec, standardwebhooks: true, svix: true }]);
  expect(sent?.json).toMatchObject({ data: [{ topic: "Received Email" }], meta: { test: true } });

  // The delivery and its one attempt.
  const delivery = page.getByTestId("delivery");
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toHaveAttribute("data-status", "succeeded");
  await expect(delivery).toHaveAttribute("data-test", "true");
  await expect(delivery).toContainText("Received Email");
  await delivery.getByRole("button", { name: "Show attempts" }).click();
  const attempts = delivery.getByTestId("attempt");
  await expect(attempts).toHaveCount(1);
  const first = attempts.nth(0);
  await expect(first).toHaveAttribute("data-replay", "false");
  await expect(first.getByTestId("attempt-response-status")).toHaveText("HTTP 200");
  await expect(first.getByTestId("attempt-duration")).toBeVisible();
  await first.getByText("Request and response").click();
  await expect(first.getByTestId("attempt-request-body")).toContainText('"test": true');
  await expect(first.getByTestId("attempt-response-body")).toContainText('"ok": true');

  // Replay: a second attempt of the same delivery, marked replay, with the same webhook-id.
  await delivery.getByRole("button", { name: "Replay", exact: true }).click();
  await expect(attempts).toHaveCount(2, { timeout: 30_000 });
  const second = attempts.nth(1);
  await expect(second).toHaveAttribute("data-replay", "true");
  await expect(second.getByTestId("attempt-replay")).toHaveText("Replay");
  await expect(second.getByTestId("attempt-response-status")).toHaveText("HTTP 200");
  await expect(delivery).toHaveAttribute("data-attempts", "2");
  await expect(delivery).toHaveAttribute("data-status", "succeeded");

  const requests = await receiver.waitForRequests(2);
  expect(requests).toHaveLength(2);
  expect(requests[1]?.webhookId).toBe(requests[0]?.webhookId);
  expect(requests[1]?.body).toBe(requests[0]?.body);
  expect(requests[1]?.verified).toEqual([{ secret: whsec, standardwebhooks: true, svix: true }]);

  // The list shows the webhook, enabled, with its topics.
  await page
    .getByRole("navigation", { name: "Breadcrumb" })
    .getByRole("link", { name: "Event webhooks" })
    .click();
  await expect(page).toHaveURL(/\/webhooks$/);
  const row = page.getByTestId("webhook-row").filter({ hasText: "Warehouse sync" });
  await expect(row).toContainText(receiver.url);
  await expect(row.getByTestId("webhook-state")).toHaveAttribute("data-enabled", "true");
  await expect(row).toContainText("Opened Email");

  // Test sends are not in the charts; the log says how long deliveries are kept.
  await page.goto(webhookPage);
  await expect(page.getByTestId("charts-empty")).toContainText("test sends are not counted");
  await expect(page.getByText(/Kept 30 days after their last attempt/)).toBeVisible();

  // Settings → Webhooks: the retention, checked per field, then saved and shown on the log.
  await page.goto("/settings/webhooks");
  const days = page.getByLabel("Keep deliveries (days)");
  await expect(days).toHaveValue("30");
  await days.fill("400");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByText("Retention must be at most 365 days")).toBeVisible();
  await days.fill("7");
  await page.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByRole("status")).toContainText("kept 7 days");
  await page.goto(webhookPage);
  await expect(page.getByText(/Kept 7 days after their last attempt/)).toBeVisible();
});
