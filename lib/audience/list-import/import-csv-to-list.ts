import { z } from "zod";
import { CsvStreamParser, CsvSyntaxError, type TCsvRecord } from "@/lib/audience/list-import/csv-parser";
import { getListOrThrowForMembers } from "@/lib/audience/list-import/list-join";
import { type TImportRow, writeImportBatch } from "@/lib/audience/list-import/write-import-batch";
import { toProfileChanges, ZEmail, ZExternalId, ZPhoneNumber } from "@/lib/audience/profile-input";
import type { TProfileRequest } from "@/lib/audience/resolve-profiles";
import { invalid } from "@/lib/errors";

// CSV import into a list: records stream in from the parser, are validated row by row, and every
// IMPORT_BATCH_SIZE rows are written by writeImportBatch (upsertProfiles, the ingestion's profile
// writer, then the one list-join path, in one transaction: flows start once per join, segments
// re-evaluate). Progress is yielded after each batch; only one batch and the set of identifiers
// already seen are held in memory.

export const IMPORT_BATCH_SIZE = 1000;
/** Skipped rows reported in detail; beyond this only the count grows (the report stays bounded). */
export const MAX_REPORTED_SKIPS = 10_000;

export const IMPORT_TARGETS = [
  "ignore",
  "email",
  "phone_number",
  "external_id",
  "first_name",
  "last_name",
  "birthday",
  "property",
] as const;

export const ZColumnMapping = z
  .array(
    z.object({
      column: z.string().max(255),
      target: z.enum(IMPORT_TARGETS),
      /** The profile property a "property" column writes (defaults to the column name). */
      property: z.string().trim().min(1).max(255).optional(),
    }),
  )
  .max(500)
  .refine(
    (mapping) => mapping.some((entry) => ["email", "phone_number", "external_id"].includes(entry.target)),
    "Map at least one column to email, phone number or external id",
  );
export type TColumnMapping = z.output<typeof ZColumnMapping>;

export type TImportCounts = {
  rowsRead: number;
  created: number;
  updated: number;
  skipped: number;
  joined: number;
};
export type TSkippedRow = { line: number; reason: string; fields: string[] };
export type TImportEvent =
  | ({ type: "progress" } & TImportCounts)
  | { type: "skipped"; rows: TSkippedRow[] }
  | ({ type: "done" } & TImportCounts)
  | { type: "error"; message: string };

type TColumnPlan = { index: number; target: (typeof IMPORT_TARGETS)[number]; property: string };

function planColumns(header: string[], mapping: TColumnMapping): TColumnPlan[] {
  return mapping.flatMap((entry) => {
    if (entry.target === "ignore") return [];
    const index = header.indexOf(entry.column);
    if (index < 0) throw invalid(`Column “${entry.column}” is not in the file's header`, "/mapping");
    return [{ index, target: entry.target, property: entry.property ?? entry.column }];
  });
}

/** Reads one data row into a profile request, or the reason it is skipped. */
export function rowToRequest(
  workspaceId: string,
  fields: string[],
  columns: TColumnPlan[],
): { request: TProfileRequest; keys: string[] } | { reason: string } {
  const attributes: Record<string, string> = {};
  const properties: Record<string, string> = {};
  for (const column of columns) {
    const value = (fields[column.index] ?? "").trim();
    if (value === "") continue;
    if (column.target === "property") properties[column.property] = value;
    else if (column.target === "birthday") properties.birthday = value;
    else attributes[column.target] = value;
  }
  const identity: { email?: string; phone_number?: string; external_id?: string } = {};
  if (attributes.email !== undefined) {
    const email = ZEmail.safeParse(attributes.email);
    if (!email.success) return { reason: `Invalid email “${attributes.email}”` };
    identity.email = email.data;
  }
  if (attributes.phone_number !== undefined) {
    const phone = ZPhoneNumber.safeParse(attributes.phone_number);
    if (!phone.success) return { reason: `Invalid phone number “${attributes.phone_number}” (use E.164)` };
    identity.phone_number = phone.data;
  }
  if (attributes.external_id !== undefined) {
    const externalId = ZExternalId.safeParse(attributes.external_id);
    if (!externalId.success) return { reason: "External id longer than 512 characters" };
    identity.external_id = externalId.data;
  }
  const keys = [
    identity.external_id ? `x:${identity.external_id}` : null,
    identity.email ? `e:${identity.email}` : null,
    identity.phone_number ? `p:${identity.phone_number}` : null,
  ].filter((key): key is string => key !== null);
  if (keys.length === 0) return { reason: "No identifier (email, phone number or external id)" };
  const changes = toProfileChanges({
    type: "profile",
    attributes: {
      ...identity,
      ...(attributes.first_name ? { first_name: attributes.first_name.slice(0, 1024) } : {}),
      ...(attributes.last_name ? { last_name: attributes.last_name.slice(0, 1024) } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    },
  });
  return { request: { workspaceId, changes, pointer: "/row" }, keys };
}

/**
 * Imports a CSV (text chunks, header first) into a list. Yields progress after every batch, the
 * skipped rows with reasons, and a final summary. Throws (HookflowError) before writing anything
 * when the list is unknown or the mapping names a column the header lacks.
 */
export async function* importCsvToList(options: {
  workspaceId: string;
  listId: string;
  mapping: TColumnMapping;
  chunks: AsyncIterable<string>;
}): AsyncGenerator<TImportEvent> {
  const list = await getListOrThrowForMembers(options);
  const parser = new CsvStreamParser();
  const counts: TImportCounts = { rowsRead: 0, created: 0, updated: 0, skipped: 0, joined: 0 };
  const seenKeys = new Map<string, number>();
  let columns: TColumnPlan[] | null = null;
  let batch: TImportRow[] = [];
  let skipped: TSkippedRow[] = [];
  let reportedSkips = 0;

  const skip = (row: TSkippedRow) => {
    counts.skipped++;
    if (reportedSkips < MAX_REPORTED_SKIPS) {
      reportedSkips++;
      skipped.push(row);
    }
  };

  async function* flush(): AsyncGenerator<TImportEvent> {
    if (batch.length > 0) {
      const written = await writeImportBatch({
        workspaceId: options.workspaceId,
        listId: list.id,
        rows: batch,
      });
      counts.created += written.created;
      counts.updated += written.updated;
      counts.joined += written.joined;
      for (const row of written.skipped) skip(row);
      batch = [];
    }
    if (skipped.length > 0) {
      yield { type: "skipped", rows: skipped };
      skipped = [];
    }
    yield { type: "progress", ...counts };
  }

  const take = (record: TCsvRecord) => {
    if (!columns) {
      columns = planColumns(
        record.fields.map((field) => field.trim()),
        options.mapping,
      );
      return;
    }
    counts.rowsRead++;
    const read = rowToRequest(options.workspaceId, record.fields, columns);
    if ("reason" in read) return skip({ line: record.line, reason: read.reason, fields: record.fields });
    // A row sharing any identifier with an earlier row of the file is a duplicate.
    const firstLine = read.keys.map((key) => seenKeys.get(key)).find((line) => line !== undefined);
    if (firstLine !== undefined) {
      return skip({
        line: record.line,
        reason: `Duplicate row in the file (same identifier as line ${firstLine})`,
        fields: record.fields,
      });
    }
    for (const key of read.keys) seenKeys.set(key, record.line);
    batch.push({ line: record.line, fields: record.fields, request: read.request });
  };

  for await (const chunk of options.chunks) {
    for (const record of parser.push(chunk)) {
      take(record);
      if (batch.length >= IMPORT_BATCH_SIZE) yield* flush();
    }
  }
  // A quoted field left open is the file's fault (400-style), named by its line; the complete
  // rows before it are still written, then the import stops.
  let unclosed: CsvSyntaxError | null = null;
  let last: TCsvRecord[] = [];
  try {
    last = parser.finish();
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    unclosed = error;
  }
  for (const record of last) take(record);
  if (!columns) throw invalid(unclosed?.message ?? "The file is empty: it needs a header row", "/file");
  yield* flush();
  if (unclosed) throw invalid(`${unclosed.message} (the rows before it were imported)`, "/file");
  yield { type: "done", ...counts };
}

/** A byte stream (a request body) as text chunks, read one at a time. */
export async function* textChunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
  }
}
