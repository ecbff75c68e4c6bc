import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/prisma";
import { moduleLog } from "@/lib/log";

const SESSION_DAYS = 30;

declare module "next-auth" {
  interface Session {
    sessionId: string;
    user: { id: string } & DefaultSession["user"];
  }
  interface User {
    sessionId?: string;
  }
}

const ZCredentials = z.object({ email: z.email(), password: z.string().min(1).max(200) });

// JWT sessions (the only kind next-auth allows with credentials), each bound to a row in
// `sessions`: signing out deletes the row, and currentUser() refuses a token whose row is gone.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_DAYS * 24 * 3600 },
  pages: { signIn: "/sign-in" },
  logger: {
    // A wrong password is an expected outcome answered on the form, not a server error to log.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin")
        return;
      moduleLog("auth").error({ err: error }, "auth error");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const user = await prisma.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
        if (!user || !(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
        const session = await prisma.session.create({
          data: { userId: user.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000) },
        });
        return { id: user.id, email: user.email, name: user.name, sessionId: session.id };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.sessionId = typeof token.sid === "string" ? token.sid : "";
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await prisma.session.deleteMany({ where: { id: sid } });
    },
  },
});
