import { checkRevision } from "@/lib/api/check-revision";
import { handleApiError } from "@/lib/api/handle-api-error";
import { authenticateApiKey, type TApiPrincipal } from "@/lib/api-keys/authenticate-api-key";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";

export type TApiContext<P> = { request: Request; url: URL; principal: TApiPrincipal; params: P };

type TRouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler of the Klaviyo-compatible API: authenticates the key
 * (`Authorization: Klaviyo-API-Key <key>` or `Bearer <key>`) and its scope (`needs: "ingest"`
 * lets ingest and full keys in; `"full"` only full keys), checks the `revision` header, and turns
 * whatever the handler throws into a JSON:API error document (handleApiError).
 */
export function withApiKey<P = Record<string, never>>(
  handler: (context: TApiContext<P>) => Promise<Response>,
  options: { needs: ApiKeyScope },
): (request: Request, context: TRouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      const principal = await authenticateApiKey(request.headers.get("authorization"), {
        needs: options.needs,
      });
      checkRevision(request.headers.get("revision"));
      const params = (await context?.params) ?? ({} as P);
      return await handler({ request, url: new URL(request.url), principal, params });
    } catch (error) {
      return handleApiError(error);
    }
  };
}
