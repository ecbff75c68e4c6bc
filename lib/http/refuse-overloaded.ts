import { randomUUID } from "node:crypto";
import type http from "node:http";
import { JSON_API_CONTENT_TYPE } from "@/lib/api/json-api-error";
import {
  bulkEventAdmission,
  type IngestAdmission,
  OVERLOAD_ERROR,
  OVERLOAD_RETRY_AFTER_SECONDS,
  singleEventAdmission,
} from "@/lib/ingestion/ingest-admission";

// The overload refusal at the node:http layer. Refusing through the route handler cost a URL, a
// Headers, a web stream over the socket, a Request, a Response and its arrayBuffer() per 503; in
// a burst the web process spent its core refusing and accepted 5-15 % of its sustainable rate
// (docs/RELIABILITY.md, "Burst"). Here a refusal is a path compare, the gate's check and one
// write of a body serialised once. The gate and its counters are the ones the routes use
// (`withIngestAdmission` stays as the guard when Next serves the routes), and the check only
// peeks: an admitted request takes its slot in the handler, in the same tick.
// The body is never read here: when the 503 is finished node:http discards the rest of the
// request body (`req._dump()`), so a keep-alive connection stays in step for its next request.

const ID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000";
const [BODY_HEAD, BODY_TAIL] = JSON.stringify({ errors: [{ id: ID_PLACEHOLDER, ...OVERLOAD_ERROR }] }).split(
  ID_PLACEHOLDER,
) as [string, string];
// A UUID is always 36 ASCII characters, so the length is fixed too.
const HEADERS = [
  "content-type",
  JSON_API_CONTENT_TYPE,
  "retry-after",
  String(OVERLOAD_RETRY_AFTER_SECONDS),
  "content-length",
  String(Buffer.byteLength(BODY_HEAD) + ID_PLACEHOLDER.length + Buffer.byteLength(BODY_TAIL)),
];

const GATES: Record<string, () => IngestAdmission> = {
  "/api/events": singleEventAdmission,
  "/api/event-bulk-create-jobs": bulkEventAdmission,
};

/** Answers 503 + Retry-After and returns true if this is an ingestion POST its gate refuses. */
export function refuseOverloadedIngestion(
  incoming: http.IncomingMessage,
  outgoing: http.ServerResponse,
): boolean {
  if (incoming.method !== "POST") return false;
  const url = incoming.url ?? "";
  const queryAt = url.indexOf("?");
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(/\/+$/, "");
  const gate = GATES[path];
  if (!gate || gate().admitsNow()) return false;
  outgoing.writeHead(503, HEADERS);
  outgoing.end(BODY_HEAD + randomUUID() + BODY_TAIL);
  return true;
}

/**
 * node:http's 'checkContinue' listener. Without one, node:http answers `Expect: 100-continue`
 * with `100 Continue` before any listener runs, so the client sent its whole body only to be
 * refused. With it, an overloaded ingestion POST gets the 503 + Retry-After instead of
 * `100 Continue` (node:http then closes the connection: the body was never asked for, so the
 * next bytes on it could be that body); anything else is continued and served as usual.
 */
export function continueUnlessOverloaded(serve: http.RequestListener): http.RequestListener {
  return (incoming, outgoing) => {
    if (refuseOverloadedIngestion(incoming, outgoing)) return;
    outgoing.writeContinue();
    serve(incoming, outgoing);
  };
}
