import { type NextRequest, NextResponse } from "next/server";

// An optimistic check only (Next's guidance for Proxy): a visitor with no session cookie at all is
// sent to /sign-in before any page renders. Whether the cookie is valid — signature, expiry, the
// `sessions` row, the membership and role — is decided by every page, server action and route
// handler itself (requireWorkspace). Reading the JWT here would not make that unnecessary, and
// would pull the auth config (Prisma, argon2) into the proxy.

// Auth.js names its session cookie `authjs.session-token`, with a `__Secure-` prefix over https,
// and splits large tokens into `.0`, `.1`, … chunks.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  const hasSession = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // App pages only. Not /api/* (ingestion authenticates with API keys, /api/auth is Auth.js,
  // /api/app answers 401 itself), not the sign-in/up pages, not Next's assets or public files.
  matcher: [
    "/((?!api/|_next/|sign-in|sign-up|favicon\\.ico|robots\\.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)",
  ],
};
