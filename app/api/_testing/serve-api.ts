import http from "node:http";
import type { AddressInfo } from "node:net";
import { dispatchApiRequest } from "@/lib/http/api-routes";
import { continueUnlessOverloaded } from "@/lib/http/refuse-overloaded";

// Test support (the `_` folder is private to Next's router): the Klaviyo-compatible routes over
// real HTTP on 127.0.0.1 through the production dispatcher, without starting Next, so the
// official klaviyo-api client (axios) can talk to them in an integration test.
export async function serveApi(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  let origin = "";
  const serve: http.RequestListener = (incoming, outgoing) => {
    dispatchApiRequest(incoming, outgoing, origin)
      .then((isHandled) => {
        if (!isHandled) outgoing.writeHead(404).end();
      })
      .catch((error: unknown) => {
        console.error("[serve-api] handler crashed:", error);
        outgoing.writeHead(500).end();
      });
  };
  const server = http.createServer(serve);
  // As server/main.ts: `Expect: 100-continue` goes through the ingestion gate first.
  server.on("checkContinue", continueUnlessOverloaded(serve));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: origin,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
