import { describe, expect, it } from "vitest";
import {
  batchMeta,
  type TBatchDocument,
  type TEventItemRow,
  toBatchItem,
  toWireBody,
} from "@/lib/event-webhooks/batch-document";
import { sampleItem } from "@/lib/event-webhooks/sample-payload";
import { loadPayloadSchema, payloadValidators } from "@/lib/event-webhooks/testing/payload-schema";
import { MESSAGE_METRICS } from "@/lib/metrics/message-metrics";

const validate = payloadValidators();
const NOW = new Date("2026-11-29T12:00:00.000Z");
const WORKSPACE = "0190d000-0000-7000-8000-00000000000a";
const WEBHOOK = "0190d000-0000-7000-8000-00000000000b";

function row(overrides: Partial<TEventItemRow> = {}): TEventItemRow {
  return {
    event_id: "0190d000-0000-7000-8000-000000000001",
    time: new Date("2026-11-29T10:00:00.123Z"),
    unique_id: "evt-1",
    properties: { Subject: "Hello", nested: { a: [1, 2] } },
    value: "12.5000",
    value_currency: "EUR",
    metric_id: "0190d000-0000-7000-8000-000000000002",
    metric_name: "Opened Email",
    profile_id: "0190d000-0000-7000-8000-000000000003",
    email: "ada@example.com",
    phone_number: null,
    external_id: null,
    first_name: "Ada",
    last_name: null,
    organization: null,
    title: null,
    locale: null,
    timezone: "Europe/Berlin",
    location: { city: "Berlin" },
    profile_properties: { tier: "gold" },
    ...overrides,
  };
}

const documentOf = (items: TBatchDocument["data"], isTest = false): TBatchDocument => ({
  data: items,
  meta: batchMeta({ workspaceId: WORKSPACE, webhookId: WEBHOOK, now: NOW, isTest }),
});

describe("event webhook payload v1", () => {
  it("a batch of mixed topics conforms to the published schema, numeric strings become numbers", () => {
    const document = documentOf([
      toBatchItem(row()),
      toBatchItem(
        row({
          event_id: "0190d000-0000-7000-8000-000000000011",
          metric_name: "Received Email",
          value: null,
          value_currency: null,
          properties: null,
          location: null,
          profile_properties: null,
        }),
      ),
      toBatchItem(row({ event_id: "0190d000-0000-7000-8000-000000000012", metric_name: "Unsubscribed" })),
    ]);
    expect(validate(document)).toEqual([]);
    expect(validate(JSON.parse(toWireBody(document)))).toEqual([]);
    expect(document.data.map((item) => item.topic)).toEqual([
      "Opened Email",
      "Received Email",
      "Unsubscribed",
    ]);
    expect(document.data[0]!.payload.event).toMatchObject({ value: 12.5, time: "2026-11-29T10:00:00.123Z" });
    expect(document.data[1]!.payload.event.properties).toEqual({});
  });

  it("every sample (all message metrics, Placed Order, a custom metric) and the test marker conform", () => {
    const metrics = [...MESSAGE_METRICS, "Placed Order", "Custom Thing"];
    for (const [index, name] of metrics.entries()) {
      const metric = { id: `0190d000-0000-7000-8000-0000000001${String(index).padStart(2, "0")}`, name };
      const document = documentOf([sampleItem(metric, NOW)], index % 2 === 0);
      expect({ name, errors: validate(JSON.parse(toWireBody(document))) }).toEqual({ name, errors: [] });
    }
    const test = JSON.parse(
      toWireBody(documentOf([sampleItem({ id: WEBHOOK, name: "Opened Email" }, NOW)], true)),
    );
    expect(test.meta.test).toBe(true);
  });

  it("the validator does fail: missing meta field, missing topic, unknown version, undocumented field", () => {
    const good = JSON.parse(toWireBody(documentOf([toBatchItem(row())])));
    const without = structuredClone(good);
    delete without.meta.webhook_id;
    expect(validate(without).join()).toContain("webhook_id");
    const noTopic = structuredClone(good);
    delete noTopic.data[0].topic;
    expect(validate(noTopic).join()).toContain("topic");
    const version = structuredClone(good);
    version.meta.payload_version = 2;
    expect(validate(version)).not.toEqual([]);
    const extra = structuredClone(good);
    extra.data[0].payload.event.surprise = 1;
    expect(validate(extra).join()).toContain("strict");
    expect(validate({ data: [], meta: good.meta })).not.toEqual([]);
  });

  it("the schema requires every field it documents (only meta.test is optional)", () => {
    const schema = loadPayloadSchema() as {
      $defs: Record<string, { required?: string[]; properties?: object }>;
    };
    for (const [name, definition] of Object.entries(schema.$defs)) {
      if (!definition.properties) continue;
      const documented = Object.keys(definition.properties).filter(
        (key) => !(name === "meta" && key === "test"),
      );
      expect({ name, required: [...(definition.required ?? [])].sort() }).toEqual({
        name,
        required: documented.sort(),
      });
    }
  });

  it("the wire body has the documented key order, and a stored (jsonb-reordered) document always gives the same bytes", () => {
    // jsonb orders keys by length, then bytes: a stored document comes back reordered.
    const jsonbRoundTrip = (value: unknown) =>
      JSON.parse(JSON.stringify(value), (_key, node) =>
        node && typeof node === "object" && !Array.isArray(node)
          ? Object.fromEntries(
              Object.entries(node).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1)),
            )
          : node,
      ) as TBatchDocument;
    const stored = jsonbRoundTrip(documentOf([toBatchItem(row())]));
    const body = toWireBody(stored);
    expect(JSON.stringify(stored)).not.toBe(body);
    expect(toWireBody(jsonbRoundTrip(stored))).toBe(body);
    const parsed = JSON.parse(body);
    expect(Object.keys(parsed)).toEqual(["data", "meta"]);
    expect(Object.keys(parsed.data[0])).toEqual(["id", "topic", "payload"]);
    expect(Object.keys(parsed.data[0].payload.event)).toEqual([
      "metric",
      "time",
      "unique_id",
      "value",
      "value_currency",
      "properties",
    ]);
    expect(Object.keys(parsed.meta)).toEqual(["workspace_id", "webhook_id", "timestamp", "payload_version"]);
  });
});
