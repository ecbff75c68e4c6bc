import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createApiKey, eventBody, klaviyoHeaders, signUp, uniqueEmail } from "../shell/helpers";
import { canvasNode, connect, newFlow } from "./canvas-helpers";
import { monacoText, setMonacoText, typeIntoMonaco } from "./monaco-helpers";

// The webhook node as a marketer uses it: a metric-triggered flow, a body typed in Monaco with a
// parse error marked at its line and fixed, a live preview against a real profile and its event,
// then "Send test" to a receiver started here on 127.0.0.1 (scripts/e2e-server.ts allowlists
// 127.0.0.1/32) and the status, headers and body it answered.

type TReceived = { headers: http.IncomingHttpHeaders; body: string };
const received: TReceived[] = [];
let receiver: http.Server;
let receiverUrl = "";

test.beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response
        .writeHead(201, { "content-type": "application/json", "x-receiver": "loopback-e2e" })
        .end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orders`;
});
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const BROKEN_BODY = '{\n  "email": {{ person.email | json }},\n  "order": {{ event.OrderId | json }\n}';
const FIXED_BODY =
  '{\n  "email": {{ person.email | json }},\n  "order": {{ event.OrderId | json }},\n  "color": "{{ person|lookup:\'Favorite Color\' }}"\n}';

test("webhook node: Monaco body with a marked parse error, live preview, Send test to a loopback receiver", async ({
  page,
}) => {
  const email = uniqueEmail("hooked");
  await signUp(page, { name: "Hook Builder", email: uniqueEmail("builder") });
  const key = await createApiKey(page, "webhook e2e");
  const posted = await page.request.post("/api/events", {
    headers: klaviyoHeaders(key),
    data: eventBody({ metric: "Placed Order", email, properties: { OrderId: "A-1001", Total: 42 } }),
  });
  expect(posted.status()).toBe(202);
  await expect
    .poll(async () => {
      const response = await page.request.get("/api/metrics", { headers: klaviyoHeaders(key) });
      return JSON.stringify(await response.json());
    })
    .toContain("Placed Order");

  // A metric-triggered flow: Metric trigger → Webhook.
  await newFlow(page);
  await page.getByTestId("palette-metric-trigger").click();
  await expect(canvasNode(page, "metric-trigger")).toBeVisible();
  const inspector = page.getByTestId("inspector");
  await canvasNode(page, "metric-trigger").click();
  await inspector.getByLabel("Metric", { exact: true }).selectOption({ label: "Placed Order" });
  await page.getByTestId("palette-webhook").click();
  await expect(canvasNode(page, "webhook")).toBeVisible();
  await connect(page, canvasNode(page, "metric-trigger"), canvasNode(page, "webhook"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  await canvasNode(page, "webhook").click();
  await expect(inspector).toContainText("One HTTP POST to one endpoint");
  await inspector.getByLabel("Endpoint URL").fill(receiverUrl);
  await expect(inspector).toContainText("https, or http for development");

  // A broken tag: marked in Monaco and named with its line under the editor; then fixed.
  const body = inspector.getByTestId("monaco-editor");
  // Typed with the keyboard (Monaco may auto-close a brace: the unknown filter is the error either way).
  await typeIntoMonaco(page, body, '{"email": {{ person.email | nope }}');
  await expect.poll(() => monacoText(body)).toContain("{{ person.email | nope }}");
  await expect(inspector.getByTestId("webhook-body-status")).toContainText("Body template, line 1");
  await expect(inspector.getByTestId("webhook-body-status")).toContainText('Unknown filter "nope"');
  await expect(body.locator(".squiggly-error")).toHaveCount(1);
  await setMonacoText(page, body, BROKEN_BODY);
  await expect(inspector.getByTestId("webhook-body-status")).toContainText("Body template, line 3");
  await expect(body.locator(".squiggly-error")).toHaveCount(1);
  await setMonacoText(page, body, FIXED_BODY);
  await expect(body.locator(".squiggly-error")).toHaveCount(0);
  await expect(inspector.getByTestId("webhook-body-status")).not.toContainText("line");

  // Completion offers the metric's real property keys after `event.`.
  await body.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText("{{ event.");
  await expect(body.locator(".suggest-widget")).toContainText("OrderId");
  await page.keyboard.press("Escape");
  await setMonacoText(page, body, FIXED_BODY);

  // Live preview for the real profile and its Placed Order event.
  await inspector.getByLabel("Profile", { exact: true }).fill(email.slice(0, 10));
  await inspector.getByRole("button", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) }).click();
  await expect(inspector.locator("#webhook-preview-event")).not.toHaveValue("");
  const preview = inspector.getByTestId("webhook-preview-body");
  await expect(preview).toContainText(`"email": "${email}"`);
  await expect(preview).toContainText('"order": "A-1001"');

  // A render error (invalid JSON after rendering) is shown with its location, then fixed.
  await setMonacoText(page, body, '{\n  "raw": {{ person.email }}\n}');
  await expect(inspector.getByTestId("webhook-preview-error")).toContainText("not valid JSON");
  await expect(body.locator(".squiggly-error")).toHaveCount(1);
  await setMonacoText(page, body, FIXED_BODY);
  await expect(preview).toContainText('"order": "A-1001"');

  // Send test: the real request reaches the receiver; the panel shows what it answered and sent.
  await inspector.getByRole("button", { name: "Send test" }).click();
  const result = inspector.getByTestId("webhook-test-result");
  await expect(result.getByTestId("webhook-test-status")).toHaveText("201");
  await expect(result.getByRole("table", { name: "Response headers" })).toContainText("loopback-e2e");
  await expect(result.getByTestId("Response body")).toContainText('"received": true');
  expect(received).toHaveLength(1);
  const got = received[0]!;
  expect(JSON.parse(got.body)).toEqual({ email, order: "A-1001", color: "" });
  await result.getByText("Request sent").click();
  const sentHeaders = result.getByRole("table", { name: "Request headers" });
  await expect(sentHeaders).toContainText(String(got.headers["webhook-signature"]));
  await expect(sentHeaders).toContainText(String(got.headers["webhook-id"]));
  await expect(result).toContainText(`POST ${receiverUrl}`);

  await result.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/webhook-node-sent.png" });

  // The expanded view: editor and preview side by side, the same profile still chosen.
  await inspector.getByRole("button", { name: "Expand" }).click();
  const dialog = page.getByRole("dialog", { name: "Webhook body" });
  await expect(dialog.getByTestId("webhook-preview-body")).toContainText('"order": "A-1001"');
  await page.screenshot({ path: "test-results/webhook-node-expanded.png" });
  await dialog.getByRole("button", { name: "Back to the panel" }).click();
  await expect(dialog).toHaveCount(0);
});
