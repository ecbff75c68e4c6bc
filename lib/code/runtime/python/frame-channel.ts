import type { Duplex } from "node:stream";

/**
 * Length-prefixed JSON frames between the host and a Python runner (4-byte big-endian length, then
 * UTF-8 JSON; the same format as child/python-child.mjs). Not Node's built-in IPC: the runner is
 * untrusted, and here the host refuses an oversized frame from its header, before buffering or
 * parsing it, so a guest that escapes into JavaScript cannot stall the host with a huge message.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export type TFrameChannel = {
  send(message: unknown): void;
};

export function openFrameChannel(
  stream: Duplex,
  handlers: { onFrame: (frame: Record<string, unknown>) => void; onViolation: (reason: string) => void },
): TFrameChannel {
  let chunks: Buffer[] = [];
  let bufferedBytes = 0;
  let isClosed = false;

  stream.on("data", (chunk: Buffer) => {
    if (isClosed) return;
    chunks.push(chunk);
    bufferedBytes += chunk.length;
    while (bufferedBytes >= 4) {
      const head = Buffer.concat(chunks);
      chunks = [head];
      const length = head.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) {
        isClosed = true;
        handlers.onViolation(`frame of ${length} bytes is over the ${MAX_FRAME_BYTES}-byte limit`);
        return;
      }
      if (head.length < 4 + length) return;
      const body = head.subarray(4, 4 + length);
      const rest = head.subarray(4 + length);
      chunks = rest.length > 0 ? [rest] : [];
      bufferedBytes = rest.length;
      let frame: unknown;
      try {
        frame = JSON.parse(body.toString("utf8"));
      } catch {
        isClosed = true;
        handlers.onViolation("frame is not JSON");
        return;
      }
      if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
        isClosed = true;
        handlers.onViolation("frame is not an object");
        return;
      }
      handlers.onFrame(frame as Record<string, unknown>);
    }
  });
  stream.on("error", () => {
    isClosed = true;
  });

  return {
    send(message) {
      if (isClosed || stream.destroyed) return;
      const body = Buffer.from(JSON.stringify(message), "utf8");
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length, 0);
      stream.write(Buffer.concat([header, body]));
    },
  };
}
