import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

/** Opaque keyset cursor: (created_at, id) of the last delivery of the previous page. */
export function encodeDeliveryCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeDeliveryCursor(raw: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const createdAt = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime()))
    throw invalid("The page cursor is not valid", "cursor");
  return { createdAt, id };
}
