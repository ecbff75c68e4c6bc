import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { sealSecret } from "@/lib/crypto/secret-box";
import { renderJsonBody } from "@/lib/templating/render-json-body";
import { renderText } from "@/lib/templating/render-text";
import { profileFixture } from "@/lib/templating/scope-fixture";
import { buildTemplateScope } from "@/lib/templating/template-scope";
import { renderWebhookRequest } from "@/lib/webhooks/render-webhook-request";
import { createTestDatabase } from "@/test/database";
import {
  createTally,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileJson,
  hostileString,
  objectOf,
  PROTOTYPE_KEYS,
  withinTimeLimit,
} from "@/test/fuzz/hostile-values";

// Fuzzing webhook templates. Two contracts: (1) a hostile TEMPLATE (the flow author's) renders or
// fails with a message, within the render budget, never throws; (2) hostile DATA (profile and
// event properties, from the public API) is printed as data, never evaluated: a property holding
// "{{ secrets.API_TOKEN }}" comes out as those characters, and the secret's value never appears.

const db = await createTestDatabase();
const fixture = await createApiFixture("Fuzz templates");
const SECRET_VALUE = "s3cr3t-value-9f8e7d6c";
await db.prisma.secret.create({
  data: { workspaceId: fixture.workspaceId, name: "API_TOKEN", ciphertext: sealSecret(SECRET_VALUE) },
});
const TIMEOUT = 60_000 + FUZZ_RUNS * 100;

const FRAGMENTS = [
  "{{",
  "}}",
  "{%",
  "%}",
  "{{ person.email }}",
  "{{ person.properties.note | json }}",
  "{{ event.Items | join: ',' }}",
  "{% for i in (1..100000) %}",
  "{% for j in (1..100000) %}{{ i }}{% endfor %}",
  "{% endfor %}",
  "{% if person.x %}",
  "{% endif %}",
  "{% raw %}",
  "{% endraw %}",
  "{% include 'secrets' %}",
  "{% render 'x' %}",
  "{% layout 'x' %}",
  "{% assign a = person | lookup: '__proto__' %}",
  "{{ a.constructor.constructor }}",
  "{{ person.constructor }}",
  "{{ secrets.API_TOKEN | append: secrets.API_TOKEN }}",
  "{{ secrets['API_TOKEN'] }}",
  "{{ 'x' | append: 'y' | times: 1000000 }}",
  "{% capture c %}",
  "{% endcapture %}",
  "{% cycle 'a', 'b' %}",
  "{% tablerow i in (1..99999) %}",
  "{% endtablerow %}",
  "{{ (1..9999999) | join }}",
  "{{ person | lookup: 'Favorite Color' }}",
  "{{ outputs['code-1'].score }}",
  '"',
  "\\",
  "\n",
];
const hostileTemplate = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      hostileString.filter((text) => text.length < 5000),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

const scope = (properties: Record<string, unknown>) =>
  buildTemplateScope({
    profile: profileFixture({ properties }),
    event: { metricName: "Fuzz", properties, time: new Date(0), uniqueId: "e1", value: null },
    secrets: { API_TOKEN: SECRET_VALUE },
    outputs: { "code-1": properties },
  });

describe("fuzzing webhook templates", () => {
  it(`hostile templates: ${FUZZ_RUNS} render or fail with a message, in time`, {
    timeout: TIMEOUT,
  }, async () => {
    const tally = createTally("hostile templates (body, header)");
    await fc.assert(
      fc.asyncProperty(hostileTemplate, async (template) => {
        const data = scope({ note: "x", Items: ["a"] });
        const started = performance.now();
        const [body, header] = await withinTimeLimit("render", () =>
          Promise.all([renderJsonBody(template, data), renderText(template, data)]),
        );
        // The budget is 250 ms per render; allow for a loaded machine, not for a runaway.
        expect(performance.now() - started).toBeLessThan(3000);
        for (const result of [body, header]) {
          tally.count(result.ok ? "rendered" : "refused");
          if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });

  it(`hostile data: ${FUZZ_RUNS} property values printed as data, never evaluated`, {
    timeout: TIMEOUT,
  }, async () => {
    const tally = createTally("hostile data in renderWebhookRequest");
    const keys = fc.oneof(
      hostileString.filter((key) => key.length < 100),
      fc.constantFrom(...PROTOTYPE_KEYS),
    );
    await fc.assert(
      fc.asyncProperty(hostileString, keys, hostileJson, async (note, key, other) => {
        const properties = objectOf([
          ["note", note],
          [key, other],
        ]);
        const rendered = await withinTimeLimit("renderWebhookRequest", () =>
          renderWebhookRequest({
            db: db.pool,
            workspaceId: fixture.workspaceId,
            template: {
              url: "https://example.com",
              headers: [{ name: "x-note", value: "{{ person.properties.note }}" }],
              body: '{"note": {{ person.properties.note | json }}, "lookup": {{ event | lookup: "note" | json }}}',
            },
            profile: profileFixture({ properties }),
            event: { metricName: "Fuzz", properties, time: new Date(0), uniqueId: "e1", value: null },
            secrets: "decrypt",
          }),
        );
        tally.count(rendered.ok ? "rendered as data" : "refused");
        if (!rendered.ok) {
          // Refusals are size or header-safety ones, never an evaluation of the data.
          expect(rendered.message).toMatch(/line break|NUL|larger|too long|limit|characters/i);
          return;
        }
        expect(rendered.request.json).toEqual({ note, lookup: note });
        expect(rendered.request.headers["x-note"]).toBe(note);
        if (!note.includes(SECRET_VALUE)) expect(rendered.request.body).not.toContain(SECRET_VALUE);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });
});
