// bench:list-import — streams a generated CSV of ROWS rows (never built whole: generated in chunks
// as the request body is read) to a production Hookflow's list import route, with a session cookie
// from a real sign-in, and reads the NDJSON progress. Reports rows/s and the server's resident
// memory sampled during the import (flat = the file is never held whole).
//   npm run build && npm run bench:list-import -- --rows 100000
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { machineDescription, startBenchServer } from "./lib/bench-server";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, port: { type: "string", default: "3341" } },
});
const ROWS = Number(values.rows);
const PASSWORD = "bench list import password";

function* csvChunks(rows: number): Generator<string> {
  yield "email,first_name,last_name,birthday,plan\r\n";
  for (let start = 0; start < rows; start += 500) {
    let chunk = "";
    for (let index = start; index < Math.min(rows, start + 500); index++) {
      chunk += `person${index}@bench.example,First${index},"Last, ${index}",19${70 + (index % 30)}-0${1 + (index % 9)}-1${index % 10},${index % 3 === 0 ? "pro" : "free"}\r\n`;
    }
    yield chunk;
  }
}

function bodyStream(rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = csvChunks(rows);
  return new ReadableStream({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/** Resident memory (MiB) of this process's descendants (tsx → the Hookflow server), per process. */
function descendantRssMiB(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) {
      if (parent === process.pid) return true;
    }
    return false;
  };
  const sizes: number[] = [];
  for (const pid of parents.keys()) {
    if (!isDescendant(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+(node|next)/m.test(status)) continue;
      sizes.push(Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024));
    } catch {
      // the process ended
    }
  }
  return sizes;
}

/** The largest descendant: the server process. */
function childRssMiB(): number {
  return Math.max(0, ...descendantRssMiB());
}

async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    const cookies = await page.context().cookies();
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

async function main() {
  const server = await startBenchServer({ port: Number(values.port), name: "list-import" });
  try {
    const { prisma } = server.database;
    const email = "bench-list-import@example.com";
    await prisma.user.update({ where: { email }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const list = await prisma.list.create({
      data: { workspaceId: server.workspaceId, name: "Bench import" },
    });
    const cookie = await sessionCookie(server.baseUrl, email);
    const mapping = [
      { column: "email", target: "email" },
      { column: "first_name", target: "first_name" },
      { column: "last_name", target: "last_name" },
      { column: "birthday", target: "birthday" },
      { column: "plan", target: "property" },
    ];
    const memory: number[] = [childRssMiB()];
    const sampler = setInterval(() => memory.push(childRssMiB()), 500);
    const started = performance.now();
    const response = await fetch(
      `${server.baseUrl}/api/app/lists/${list.id}/import?mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
      {
        method: "POST",
        body: bodyStream(ROWS),
        headers: { cookie, "content-type": "text/csv" },
        duplex: "half",
      } as RequestInit,
    );
    if (!response.ok || !response.body)
      throw new Error(`import refused: ${response.status} ${await response.text()}`);
    let last: Record<string, unknown> = {};
    let buffer = "";
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line) last = JSON.parse(line);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const members = await prisma.listMembership.count({ where: { listId: list.id } });
    console.log(machineDescription());
    console.log(JSON.stringify(last));
    console.log(
      `${ROWS.toLocaleString("en")} rows in ${seconds.toFixed(1)} s = ${Math.round(ROWS / seconds).toLocaleString("en")} rows/s; ${members.toLocaleString("en")} members`,
    );
    console.log(
      `server RSS (MiB): start ${memory[0]}, max ${Math.max(...memory)}, end ${memory.at(-1)}; samples every 0.5 s: ${memory.join(" ")}`,
    );
    if (last.type !== "done" || members !== ROWS) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

await main();
