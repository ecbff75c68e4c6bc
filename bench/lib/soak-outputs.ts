import { writeFileSync } from "node:fs";
import { lineChartSvg } from "./line-chart-svg";
import { MEMORY_KINDS, slope, type TMemory } from "./process-memory";

// The soak's outputs: one CSV row per step (memory per process group split by kind, latencies,
// answers, load average) and the SVG charts shown in docs/RELIABILITY.md.

export const GROUPS = ["web", "worker", "codeRunner", "postgres"] as const;
export type TGroup = (typeof GROUPS)[number];

export type TSoakRow = {
  /** Minutes since the start of the soak at the end of this step. */
  minute: number;
  memory: Record<TGroup, TMemory>;
  apiP99: number;
  e2eP99: number;
  accepted: number;
  refused: number;
  load1: number;
};

const COLUMN: Record<(typeof MEMORY_KINDS)[number] | "processes", string> = {
  pss: "pss_mib",
  pssAnon: "private_pss_anon_mib",
  pssShmem: "shmem_pss_mib",
  pssFile: "file_pss_mib",
  rssAnon: "rss_anon_mib",
  rssShmem: "rss_shmem_mib",
  rssFile: "rss_file_mib",
  processes: "processes",
};
const SNAKE: Record<TGroup, string> = {
  web: "web",
  worker: "worker",
  codeRunner: "code_runner",
  postgres: "postgres",
};

/**
 * Trend (least-squares MiB/min over the second half) of each group's private memory and of its
 * PSS, and whether private memory is flat: its projected growth over that half under 5 % of its
 * level (the test applied to memory a leak would grow; shared buffers warming up are not one).
 */
export function memoryTrends(rows: TSoakRow[]) {
  const half = rows.slice(Math.floor(rows.length / 2));
  const span = half.length > 1 ? half.at(-1)!.minute - half[0]!.minute : 0;
  const trend = (group: TGroup, kind: keyof TMemory) =>
    Math.round(slope(half.map((row) => [row.minute, row.memory[group][kind]])) * 100) / 100;
  const result = Object.fromEntries(
    GROUPS.map((group) => {
      const privateSlope = trend(group, "pssAnon");
      const level = half.reduce((sum, row) => sum + row.memory[group].pssAnon, 0) / Math.max(1, half.length);
      return [
        group,
        {
          privateMiBPerMin: privateSlope,
          pssMiBPerMin: trend(group, "pss"),
          privateFlat: privateSlope * span < 0.05 * level,
        },
      ];
    }),
  );
  return result as Record<TGroup, { privateMiBPerMin: number; pssMiBPerMin: number; privateFlat: boolean }>;
}

export function writeSoakOutputs(out: string, rows: TSoakRow[], summary: Record<string, unknown>) {
  const memoryColumns = GROUPS.flatMap((group) =>
    [...MEMORY_KINDS, "processes" as const].map((kind) => ({
      name: `${SNAKE[group]}_${COLUMN[kind]}`,
      pick: (row: TSoakRow) => row.memory[group][kind],
    })),
  );
  const header = [
    "minute",
    ...memoryColumns.map((c) => c.name),
    "api_p99_ms",
    "e2e_p99_ms",
    "accepted",
    "refused",
    "load1",
  ];
  const csv = rows.map((row) =>
    [
      row.minute,
      ...memoryColumns.map((c) => c.pick(row)),
      row.apiP99,
      row.e2eP99,
      row.accepted,
      row.refused,
      row.load1,
    ].join(","),
  );
  writeFileSync(`${out}.csv`, `# ${JSON.stringify(summary)}\n${header.join(",")}\n${csv.join("\n")}\n`);

  const series = (name: string, color: string, pick: (row: TSoakRow) => number) => ({
    name,
    color,
    points: rows.map((row) => [row.minute, pick(row)] as [number, number]),
  });
  const perGroup = (kind: keyof TMemory) => [
    series("web", "#2563eb", (r) => r.memory.web[kind]),
    series("worker", "#16a34a", (r) => r.memory.worker[kind]),
    series("code runner", "#d97706", (r) => r.memory.codeRunner[kind]),
    series("PostgreSQL", "#9333ea", (r) => r.memory.postgres[kind]),
  ];
  const what = `${summary.rate}/s for ${rows.at(-1)?.minute ?? 0} min`;
  const charts: Record<string, string> = {
    memory: lineChartSvg({
      title: `Soak: memory per process group (PSS, all kinds), ${what}`,
      xLabel: "minute",
      yLabel: "MiB",
      series: perGroup("pss"),
    }),
    "memory-private": lineChartSvg({
      title: `Soak: private memory per process group (Pss_Anon), ${what}`,
      xLabel: "minute",
      yLabel: "MiB",
      series: perGroup("pssAnon"),
    }),
    "postgres-memory": lineChartSvg({
      title: "Soak: PostgreSQL memory by kind (PSS of all its processes)",
      xLabel: "minute",
      yLabel: "MiB",
      series: [
        series("private", "#9333ea", (r) => r.memory.postgres.pssAnon),
        series("shared buffers", "#0891b2", (r) => r.memory.postgres.pssShmem),
        series("files", "#65a30d", (r) => r.memory.postgres.pssFile),
      ],
    }),
    latency: lineChartSvg({
      title: "Soak: p99 latency per step",
      xLabel: "minute",
      yLabel: "ms",
      series: [
        series("API (202)", "#2563eb", (r) => r.apiP99),
        series("end to end", "#dc2626", (r) => r.e2eP99),
      ],
    }),
  };
  for (const [name, svg] of Object.entries(charts)) writeFileSync(`${out}-${name}.svg`, `${svg}\n`);
}
