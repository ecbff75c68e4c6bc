import { describe, expect, it } from "vitest";
import { isDeeperThan, jsonDepth, readBodyText, readJsonBody } from "@/lib/api/read-json-body";
import { HookflowError } from "@/lib/errors";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/api/events", { method: "POST", body, headers, duplex: "half" } as RequestInit);

function streamOf(chunks: string[], onPull?: () => void) {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      if (index < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[index++]));
      else controller.close();
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<HookflowError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HookflowError);
  return error as HookflowError;
}

describe("body size limit", () => {
  it("accepts a body of exactly the limit", async () => {
    expect(await readBodyText(post("x".repeat(100)), 100)).toHaveLength(100);
  });

  it("refuses with 413 when Content-Length declares more than the limit, without reading", async () => {
    let pulls = 0;
    const request = post(
      streamOf(["{}"], () => pulls++),
      { "content-length": "101" },
    );
    expect((await failure(readBodyText(request, 100))).status).toBe(413);
    // The Request may pre-fill its stream's buffer once; the body itself is not read.
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it("refuses with 413 a streamed body as soon as it passes the limit", async () => {
    let pulls = 0;
    const chunks = Array.from({ length: 50 }, () => "x".repeat(40));
    const error = await failure(readBodyText(post(streamOf(chunks, () => pulls++)), 100));
    expect(error.status).toBe(413);
    expect(pulls).toBeLessThan(10);
  });

  it("counts bytes, not characters", async () => {
    expect((await failure(readBodyText(post("é".repeat(60)), 100))).status).toBe(413);
  });
});

describe("readJsonBody", () => {
  it("parses JSON", async () => {
    expect(await readJsonBody(post('{"data":{"a":[1,2]}}'), { limitBytes: 1000 })).toEqual({
      data: { a: [1, 2] },
    });
  });

  it.each(["", "   ", "{", "not json", '{"a":1,}'])("400 parse_error for %j", async (text) => {
    const error = await failure(readJsonBody(post(text), { limitBytes: 1000 }));
    expect(error.status).toBe(400);
    expect((error as { apiCode?: string }).apiCode).toBe("parse_error");
  });

  it("refuses documents nested deeper than 64 levels, ignoring brackets inside strings", async () => {
    const deep = `${"[".repeat(65)}${"]".repeat(65)}`;
    expect((await failure(readJsonBody(post(deep), { limitBytes: 1000 }))).status).toBe(400);
    const fine = JSON.stringify({ a: "[[[[[[[[[[".repeat(20), b: [[[1]]] });
    await expect(readJsonBody(post(fine), { limitBytes: 10_000 })).resolves.toBeTypeOf("object");
    expect(jsonDepth('{"a":"\\"[","b":[{}]}')).toBe(3);
  });

  it("isDeeperThan (on the parsed value) agrees with jsonDepth (on the text)", () => {
    const texts = [
      "1",
      '"[["',
      "[]",
      "{}",
      '{"a":"\\"[","b":[{}]}',
      "[[[]],[[[{}]]]]",
      '{"a":{"b":{"c":[1,{"d":null}]}}}',
    ];
    for (const text of texts) {
      const depth = jsonDepth(text);
      expect(isDeeperThan(JSON.parse(text), depth)).toBe(false);
      if (depth > 0) expect(isDeeperThan(JSON.parse(text), depth - 1)).toBe(true);
    }
  });

  it.each([
    ['{"a":"x\\u0000y"}', true],
    ['{"a\\u0000":1}', true],
    ['{"a":"\\ud800"}', true],
    ['{"a":"\\udc00x"}', true],
    ['{"a":"\\\\u0000"}', false], // an escaped backslash followed by the text u0000
    ['{"a":"\\ud83d\\ude00"}', false], // a proper surrogate pair (an emoji)
    ['{"a":"\\u00e9"}', false],
  ])("refuses strings PostgreSQL jsonb cannot store: %s → %s", async (text, refused) => {
    const result = readJsonBody(post(text), { limitBytes: 1000 });
    if (refused) expect((await failure(result)).status).toBe(400);
    else await expect(result).resolves.toBeTypeOf("object");
  });
});

describe("hostile bodies are refused naming the field (found by test/fuzz)", () => {
  it("refuses invalid UTF-8 instead of storing U+FFFD", async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    const error = await failure(readJsonBody(post(bytes), { limitBytes: 1000 }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  it.each([
    ['{"data":{"properties":{"__proto__":{"x":1}}}}', "/data/properties/__proto__"],
    ['{"data":[{"\\u005f_proto__":1}]}', "/data/0/__proto__"],
  ])("refuses a __proto__ key: %s", async (text, pointer) => {
    const error = await failure(readJsonBody(post(text), { limitBytes: 1000 }));
    expect(error).toMatchObject({ status: 400, pointer });
  });

  it("names the field holding an unstorable string or nesting too deep", async () => {
    const unstorable = await failure(
      readJsonBody(post('{"a":{"b/c":["ok","\\ud800"]}}'), { limitBytes: 1000 }),
    );
    expect(unstorable.pointer).toBe("/a/b~1c/1");
    const deep = await failure(
      readJsonBody(post(`{"x":${"[".repeat(70)}${"]".repeat(70)}}`), { limitBytes: 1000 }),
    );
    expect(deep.pointer).toBe(`/x${"/0".repeat(63)}`);
  });
});
