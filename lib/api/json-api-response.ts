import { JSON_API_CONTENT_TYPE } from "@/lib/api/json-api-error";

export function jsonApiResponse(document: unknown, status = 200): Response {
  return new Response(JSON.stringify(document), {
    status,
    headers: { "content-type": JSON_API_CONTENT_TYPE },
  });
}

/** Klaviyo answers 202/204 with no body (its client does not read one). */
export function emptyResponse(status: 202 | 204): Response {
  return new Response(null, { status });
}
