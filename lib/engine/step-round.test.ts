import { describe, expect, it } from "vitest";
import { createStepRound, writeDeferred } from "@/lib/engine/step-round";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();

describe("step rounds", () => {
  it("writes deferred statements in one query with their values as the parameterised form would", async () => {
    await db.pool.query(
      "create table round_probe (id int, t text, j jsonb, at timestamptz, n numeric, b boolean, a text[], raw bytea)",
    );
    const round = createStepRound(db.pool);
    const tricky = `it's a \\ back'slash \\' "quoted" $1 $2 ;; -- not a comment`;
    const document = { nested: { quote: "'", backslash: "\\", dollar: "$1" }, list: [1, "x"] };
    const at = new Date("2026-02-28T23:59:59.123Z");
    const insert =
      "insert into round_probe (id, t, j, at, n, b, a, raw) values ($1, $2, $3, $4, $5, $6, $7, $8)";
    round.defer({
      text: insert,
      values: [1, tricky, JSON.stringify(document), at, 1.5, true, ["a'b", "c\\d"], null],
    });
    // Through the handlers' database: a write is deferred, not sent.
    await round.database.query(insert, [2, null, null, null, null, false, [], Buffer.from([0, 255])]);
    expect((await db.pool.query("select 1 from round_probe")).rowCount).toBe(0);

    const client = await db.pool.connect();
    try {
      await writeDeferred(client, round.deferred);
      const rows = await client.query("select * from round_probe order by id");
      expect(rows.rows[0]).toMatchObject({
        id: 1,
        t: tricky,
        j: document,
        n: "1.5",
        b: true,
        a: ["a'b", "c\\d"],
      });
      expect((rows.rows[0].at as Date).toISOString()).toBe(at.toISOString());
      expect(rows.rows[1]).toMatchObject({ id: 2, t: null, j: null, b: false, a: [] });
      expect([...(rows.rows[1].raw as Buffer)]).toEqual([0, 255]);
    } finally {
      client.release();
    }
  });

  it("writes same-text single-row inserts as one multi-row insert, other statements in place", async () => {
    await db.pool.query(
      `create type probe_status as enum ('ok', 'error');
       create table merge_probe (id int primary key, key text unique, status probe_status, j jsonb);
       create table merge_log (seq serial, note text)`,
    );
    const insert = `insert into merge_probe (id, key, status, j) values ($1, $2, $3::"probe_status", $4)
       on conflict (key) do nothing`;
    const statements = [
      { text: insert, values: [1, "a", "ok", JSON.stringify({ n: "(x)" })] },
      { text: "insert into merge_log (note) values ($1) returning seq", values: ["first"] },
      { text: insert, values: [2, "a", "error", null] },
      { text: insert, values: [3, "c'", "error", "[]"] },
      { text: "insert into merge_log (note) values ($1) returning seq", values: ["second"] },
    ];
    const client = await db.pool.connect();
    try {
      await client.query("begin");
      let sent = "";
      const counting = {
        query: (sql: string) => {
          sent = sql;
          return client.query(sql);
        },
      } as unknown as typeof client;
      await writeDeferred(counting, statements);
      await client.query("commit");
      // One statement for the three probe rows; RETURNING statements are never merged.
      expect(sent.match(/insert into merge_probe/g)).toHaveLength(1);
      expect(sent.match(/insert into merge_log/g)).toHaveLength(2);
    } finally {
      client.release();
    }
    const rows = await db.pool.query("select id, key, status, j from merge_probe order by id");
    // The conflicting second row is skipped, as it would be one statement after the other.
    expect(rows.rows).toEqual([
      { id: 1, key: "a", status: "ok", j: { n: "(x)" } },
      { id: 3, key: "c'", status: "error", j: [] },
    ]);
    const notes = await db.pool.query("select note from merge_log order by seq");
    expect(notes.rows.map((row) => row.note)).toEqual(["first", "second"]);
  });

  it("merges inserts whose conflict target names a partial unique index (code invocations)", async () => {
    await db.pool.query(
      `create table partial_probe (id int primary key, key text);
       create unique index partial_probe_key on partial_probe (key) where key is not null`,
    );
    const insert =
      "insert into partial_probe (id, key) values ($1, $2) on conflict (key) where key is not null do nothing";
    const statements = [null, "a", null, "a", "b"].map((key, index) => ({
      text: insert,
      values: [index + 1, key],
    }));
    const client = await db.pool.connect();
    let sent = "";
    try {
      const counting = {
        query: (sql: string) => {
          sent = sql;
          return client.query(sql);
        },
      } as unknown as typeof client;
      await writeDeferred(counting, statements);
    } finally {
      client.release();
    }
    expect(sent.match(/insert into partial_probe/g)).toHaveLength(1);
    const rows = await db.pool.query("select id, key from partial_probe order by id");
    // Keyless rows never conflict; the second "a" is skipped.
    expect(rows.rows.map((row) => row.id)).toEqual([1, 2, 3, 5]);
  });

  it("sends an identical read once per round, and again after it failed", async () => {
    const round = createStepRound(db.pool);
    const read = "select txid_current_if_assigned() is null as fresh, now() as at, $1::int as n";
    const [first, second] = await Promise.all([
      round.database.query(read, [1]),
      round.database.query(read, [1]),
    ]);
    expect(second).toBe(first);
    const other = await round.database.query(read, [2]);
    expect(other).not.toBe(first);
    await expect(round.database.query("select 1/$1::int", [0])).rejects.toThrow();
    await expect(round.database.query("select 1/$1::int", [1])).resolves.toBeDefined();
  });
});
