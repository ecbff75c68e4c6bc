// The Profiles page's keyset position: the sort key of the row a page starts after (or ends
// before), carried in the URL as an opaque base64url token ("a.<created-ms or email>.<id>").

export type TProfilePageCursor = {
  direction: "after" | "before";
  createdAt?: Date;
  email?: string;
  id: string;
};

export function encodeProfileCursor(cursor: TProfilePageCursor): string {
  const key = cursor.email !== undefined ? `e${cursor.email}` : `t${cursor.createdAt?.getTime() ?? 0}`;
  return Buffer.from(JSON.stringify([cursor.direction === "after" ? "a" : "b", key, cursor.id])).toString(
    "base64url",
  );
}

/** Validated on the way in: anything malformed is no cursor (the first page). */
export function decodeProfileCursor(value: string | undefined): TProfilePageCursor | undefined {
  if (!value) return undefined;
  try {
    const [direction, key, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as string[];
    if (!/^[0-9a-f-]{36}$/i.test(id ?? "") || typeof key !== "string") return undefined;
    const base = { direction: direction === "b" ? ("before" as const) : ("after" as const), id: id! };
    if (key.startsWith("e")) return { ...base, email: key.slice(1) };
    const time = Number(key.slice(1));
    return Number.isFinite(time) ? { ...base, createdAt: new Date(time) } : undefined;
  } catch {
    return undefined;
  }
}

/** The same position seen from the other side (an empty page's way back). */
export function flipProfileCursor(cursor: TProfilePageCursor): TProfilePageCursor {
  return { ...cursor, direction: cursor.direction === "after" ? "before" : "after" };
}
