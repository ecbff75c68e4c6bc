import http from "node:http";
import { type AddressInfo, isIP, type Socket } from "node:net";
import type { TDial } from "./guarded-connector";
import type { TResolver } from "./resolve-allowed-addresses";

// Test support for the SSRF guard. Tests never open a socket to anything but 127.0.0.0/8 or ::1:
// hostile and public targets are checked through `createRecordingDial`, which records what the
// guard would dial and fails the connection instead of connecting.

export class NotDialledError extends Error {
  override readonly name = "NotDialledError";
}

export function createRecordingDial() {
  const dialled: { hostname: string; addresses: string[] }[] = [];
  const dial: TDial = async (connectOptions, addresses): Promise<Socket> => {
    dialled.push({ hostname: connectOptions.hostname, addresses: addresses.map((entry) => entry.address) });
    throw new NotDialledError(`test: would dial ${addresses.map((entry) => entry.address).join(", ")}`);
  };
  return { dial, dialled };
}

/**
 * A resolver answering from a table. A host with a list of lists answers the next list on each
 * call (the last one repeats): a rebinding DNS server. Unknown names fail like getaddrinfo.
 */
export function createFakeResolver(table: Record<string, string[] | string[][]>) {
  const calls: string[] = [];
  const resolve: TResolver = async (host) => {
    const answersForHost = table[host];
    const callIndex = calls.filter((call) => call === host).length;
    calls.push(host);
    if (answersForHost === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
    }
    const isSequence = Array.isArray(answersForHost[0]);
    const answers = isSequence
      ? (answersForHost as string[][])[Math.min(callIndex, answersForHost.length - 1)]!
      : (answersForHost as string[]);
    return answers.map((address) => ({ address, family: isIP(address) || 4 }));
  };
  return { resolve, calls };
}

export type TLoopbackServer = {
  port: number;
  /** TCP connections accepted, with the local address each arrived on. */
  connections: { localAddress: string | undefined }[];
  requests: { method: string; url: string; host: string | undefined }[];
  close: () => Promise<void>;
};

/** A node:http server on a loopback address; `handle` answers (200 "ok" by default). */
export async function startLoopbackServer(
  options: {
    host?: "127.0.0.1" | "::1";
    handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  } = {},
): Promise<TLoopbackServer> {
  const connections: TLoopbackServer["connections"] = [];
  const requests: TLoopbackServer["requests"] = [];
  const handle =
    options.handle ??
    ((_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.end("ok");
    });
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", host: req.headers.host });
    handle(req, res);
  });
  server.on("connection", (socket) => connections.push({ localAddress: socket.localAddress }));
  await new Promise<void>((resolve) => server.listen(0, options.host ?? "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
