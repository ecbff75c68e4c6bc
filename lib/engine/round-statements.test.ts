import { describe, expect, it } from "vitest";
import { RECORD_ROUND_SQL, SETTLE_RUNS_SQL } from "@/lib/engine/round-statements";
import { createTestDatabase } from "@/test/database";

// The round's statements are prepared and PostgreSQL keeps a generic plan per connection until
// the tables' next ANALYZE: that plan must be lookups by key whatever the tables held when it was
// made. A plan reading runs or in-flight steps by status (as the former forms' generic plans did
// on empty tables) costs time proportional to the backlog on every round.

const db = await createTestDatabase();

type TPlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: TPlanNode[];
};

/** How the statement's generic plan reads runs and steps: "Seq Scan <table>" or "index <name>". */
async function accessOf(sql: string): Promise<string[]> {
  const result = await db.pool.query<{ "QUERY PLAN": { Plan: TPlanNode }[] }>(
    `explain (generic_plan, format json) ${sql}`,
  );
  const access: string[] = [];
  const walk = (node: TPlanNode) => {
    const index = node["Index Name"];
    if (index && /^(runs|steps)_/.test(index)) access.push(`index ${index}`);
    if (node["Node Type"] === "Seq Scan" && /^(runs|steps)$/.test(node["Relation Name"] ?? ""))
      access.push(`Seq Scan ${node["Relation Name"]}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(result.rows[0]!["QUERY PLAN"][0]!.Plan);
  return access;
}

const BY_KEY = /^index (runs_pkey|steps_pkey|steps_run_id_idx|steps_claim_job_idx)$/;

describe("the round's statements' generic plans", () => {
  it("look runs and steps up by key on tables never analyzed (a new database)", async () => {
    for (const sql of [RECORD_ROUND_SQL, SETTLE_RUNS_SQL]) {
      const access = await accessOf(sql);
      expect(access.length).toBeGreaterThan(0);
      expect(access.filter((entry) => !BY_KEY.test(entry))).toEqual([]);
    }
  });
});
