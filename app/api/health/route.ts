import { pool } from "@/lib/db/prisma";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers, orchestrators and the e2e harness. */
export async function GET() {
  try {
    await pool().query("select 1");
    return Response.json({ status: "ok" });
  } catch {
    return Response.json(
      { status: "unavailable", reason: "database unreachable" },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
}
