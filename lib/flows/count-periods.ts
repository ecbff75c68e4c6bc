// The periods the editor's run counts can cover (client-safe: the toolbar's picker and the
// server action share them).
export const COUNT_PERIODS = {
  "24h": { label: "24 h", ms: 86_400_000 },
  "7d": { label: "7 d", ms: 7 * 86_400_000 },
  "30d": { label: "30 d", ms: 30 * 86_400_000 },
} as const;
export type TCountPeriod = keyof typeof COUNT_PERIODS;
