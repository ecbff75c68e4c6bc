import type { NextRequest } from "next/server";
import {
  importCsvToList,
  type TImportEvent,
  textChunksOf,
  ZColumnMapping,
} from "@/lib/audience/list-import/import-csv-to-list";
import { getListOrThrowForMembers } from "@/lib/audience/list-import/list-join";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { forbidden, HookflowError, invalid } from "@/lib/errors";
import { moduleLog } from "@/lib/log";
import { jsonError, NO_STORE } from "../../../json-error";

/**
 * CSV import into a list, streamed both ways: the body is the CSV (read chunk by chunk, never held
 * whole), `?mapping=` the column mapping (JSON), and the reply is NDJSON — progress after each batch
 * of 1,000 rows, skipped rows with reasons, then `done` (or `error`). Session cookie auth and the
 * editor role are checked here (the proxy does not cover /api), plus a same-origin check.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ listId: string }> }) {
  try {
    const { workspace } = await requireWorkspace({ role: "editor" });
    const origin = request.headers.get("origin");
    if (origin && new URL(origin).host !== request.headers.get("host")) {
      throw forbidden("Imports are only accepted from Hookflow's own pages");
    }
    const { listId } = await params;
    await getListOrThrowForMembers({ workspaceId: workspace.id, listId });
    const mapping = ZColumnMapping.parse(parseJson(request.nextUrl.searchParams.get("mapping")));
    if (!request.body) throw invalid("Send the CSV file as the request body", "/file");
    const events = importCsvToList({
      workspaceId: workspace.id,
      listId,
      mapping,
      chunks: textChunksOf(request.body),
    });
    return new Response(ndjsonStream(events), {
      headers: { ...NO_STORE, "content-type": "application/x-ndjson; charset=utf-8" },
    });
  } catch (error) {
    return jsonError(error, "api/app/lists/import");
  }
}

function parseJson(text: string | null): unknown {
  if (!text) throw invalid("Give the column mapping (?mapping=)", "/mapping");
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("The column mapping is not valid JSON", "/mapping");
  }
}

function ndjsonStream(events: AsyncGenerator<TImportEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        const message =
          error instanceof HookflowError
            ? error.message
            : "The import stopped: something went wrong on our side";
        if (!(error instanceof HookflowError))
          moduleLog("app-api").error({ err: error }, "list import failed");
        controller.enqueue(encoder.encode(`${JSON.stringify({ type: "error", message })}\n`));
        controller.close();
      }
    },
    async cancel() {
      await events.return(undefined);
    },
  });
}
