// One row of the Activity feed as the browser receives it (from the page and /api/app/activity).
// Times are ISO strings from Date#toISOString, so they sort correctly as strings.

export type TActivityEvent = {
  id: string;
  time: string;
  metric: { id: string; name: string };
  profile: { id: string; label: string; email: string | null; name: string | null };
  /** The event's properties as stored (a JSON object). */
  properties: unknown;
  value: string | null;
  valueCurrency: string | null;
  origin: string;
};

export type TActivityPage = { events: TActivityEvent[]; nextCursor: string | null };

export type TActivityResponse = TActivityPage & { workspaceId: string };
