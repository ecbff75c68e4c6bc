import { expect, test } from "@playwright/test";
import { startWebhookReceiver, type TWebhookReceiver } from "@/lib/event-webhooks/testing/webhook-receiver";
import { canvasNode, connect, newFlow } from "../flows/canvas-helpers";
import { createApiKey, eventBody, klaviyoHeaders, signUp, uniqueEmail } from "../shell/helpers";

// A flow webhook node's delivery log: a live metric-triggered flow posts to a receiver started
// here on 127.0.0.1 (allowlisted by scripts/e2e-server.ts); the node's inspector links to its log,
// which shows the delivery, its attempt, the charts, and replays it with the same webhook-id.

let receiver: TWebhookReceiver;
test.beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
test.afterEach(async () => {
  await receiver.close();
});

test("flow webhook node: a run's delivery in the node's log, with its attempt and charts; replay it", async ({
  page,
}) => {
  await signUp(page, { name: "Flo Hooks", email: uniqueEmail("flo") });
  const key = await createApiKey(page, "flow log e2e");
  const post = async (email: string, orderId: string) => {
    const posted = await page.request.post("/api/events", {
      headers: klaviyoHeaders(key),
      data: eventBody({ metric: "Placed Order", email, properties: { OrderId: orderId } }),
    });
    expect(posted.status()).toBe(202);
  };
  await post(uniqueEmail("seed"), "A-0");
  await expect
    .poll(async () =>
      JSON.stringify(await (await page.request.get("/api/metrics", { headers: klaviyoHeaders(key) })).json()),
    )
    .toContain("Placed Order");

  await newFlow(page);
  const inspector = page.getByTestId("inspector");
  await page.getByTestId("palette-metric-trigger").click();
  await canvasNode(page, "metric-trigger").click();
  await inspector.getByLabel("Metric", { exact: true }).selectOption({ label: "Placed Order" });
  await page.getByTestId("palette-webhook").click();
  await connect(page, canvasNode(page, "metric-trigger"), canvasNode(page, "webhook"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await canvasNode(page, "webhook").click();
  await inspector.getByLabel("Endpoint URL").fill(receiver.url);
  await page.getByTestId("publish-button").click();
  await page.getByRole("button", { name: /Publish live/ }).click();
  await expect(page.getByTestId("publish-message")).toContainText("Published version 1 (live)");

  const shopper = uniqueEmail("shopper");
  await post(shopper, "A-1");
  const [sent] = await receiver.waitForRequests(1, 30_000);
  expect(sent?.json).toEqual({}); // the palette node's default body

  // The inspector's link (a new tab in the editor) leads to the node's log.
  await canvasNode(page, "webhook").click();
  const href = await inspector.getByTestId("webhook-delivery-log-link").getAttribute("href");
  expect(href).toMatch(/^\/webhooks\/flows\/[0-9a-f-]{36}\//);
  await page.goto(href!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/: deliveries$/);
  await expect(page.getByTestId("flow-webhook-url")).toHaveText(receiver.url);

  const delivery = page.getByTestId("delivery");
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toHaveAttribute("data-status", "succeeded");
  await expect(delivery).toContainText(shopper);
  await expect(page.getByTestId("stat-attempts")).toHaveText("1");
  await expect(page.getByTestId("stat-success-rate")).toContainText("100 %");
  await expect(page.getByTestId("success-rate-chart")).toBeVisible();
  await expect(page.getByTestId("latency-chart")).toBeVisible();
  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/chart=7d/);
  await expect(page.getByTestId("success-rate-chart")).toBeVisible();
  await page.getByRole("link", { name: "Last 24 hours" }).click();
  await expect(page).not.toHaveURL(/chart=/);

  await delivery.getByRole("button", { name: "Show attempts" }).click();
  const attempts = delivery.getByTestId("attempt");
  await expect(attempts).toHaveCount(1);
  await expect(attempts.nth(0).getByTestId("attempt-response-status")).toHaveText("HTTP 200");

  await delivery.getByRole("button", { name: "Replay", exact: true }).click();
  await expect(attempts).toHaveCount(2, { timeout: 30_000 });
  await expect(attempts.nth(1)).toHaveAttribute("data-replay", "true");
  await expect(delivery).toHaveAttribute("data-attempts", "2");
  const requests = await receiver.waitForRequests(2);
  expect(requests[1]?.webhookId).toBe(requests[0]?.webhookId);
  expect(requests[1]?.body).toBe(requests[0]?.body);

  // The status filter.
  await page.getByLabel("Status").selectOption({ label: "Failed" });
  await expect(page.getByText("No deliveries match")).toBeVisible();

  // Listed among the flow webhook nodes of the webhooks page.
  await page.goto("/webhooks");
  await expect(page.getByTestId("flow-webhook-nodes")).toContainText(receiver.url);
});
