import { hash, verify } from "@node-rs/argon2";

// Argon2id with OWASP's minimum (19 MiB, 2 passes); ~30 ms per hash on this 2-core machine,
// slow for an attacker with a stolen table, fast enough for sign-in.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash of the sign-in page.
    return false;
  }
}
