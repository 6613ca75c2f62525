/**
 * Sign-in throttling per account, on top of the per-address rate limit: an attacker with many addresses still gets
 * SIGN_IN_MAX_FAILURES guesses per account before a lock that doubles with every further failure. The state is a
 * row in PostgreSQL, so every API process shares it.
 *
 * Each attempt is counted as a failure *before* the password is checked, in one atomic upsert that also sets the lock
 * when the count reaches the maximum; a successful sign-in then deletes the row. So parallel guesses cannot all slip
 * in before the lock exists. The account key is a hash of the normalised e-mail, whether or not a user has it, so the
 * answers (and timings) are the same for unknown e-mails and nothing tells whether an account exists.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Config } from '../config.ts';
import { signIn } from './users.ts';

/** No lock lasts longer than this, so a victim whose account is being guessed at is locked out for at most an hour. */
const MAX_LOCK_SECONDS = 3600;
/** Failures older than this are forgotten: occasional typos over months never add up to a lock. */
const FORGET_AFTER = Prisma.sql`interval '24 hours'`;

type Policy = Pick<Config, 'SIGN_IN_MAX_FAILURES' | 'SIGN_IN_LOCKOUT_SECONDS' | 'SESSION_TTL_HOURS'>;

const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Signs in, refusing with 429 while the account is locked; a success clears the account's failures. */
export async function throttledSignIn(prisma: PrismaClient, email: string, password: string, policy: Policy) {
  const account = accountKey(email);
  await claimAttempt(prisma, account, policy);
  const session = await signIn(prisma, email, password, policy.SESSION_TTL_HOURS);
  await prisma.signInThrottle.deleteMany({ where: { account } });
  return session;
}

async function claimAttempt(prisma: PrismaClient, account: string, policy: Policy): Promise<void> {
  const max = policy.SIGN_IN_MAX_FAILURES;
  const lockFor = (failures: Prisma.Sql) =>
    Prisma.sql`CASE WHEN ${failures} >= ${max}::int
      THEN now() + LEAST(${MAX_LOCK_SECONDS}::float8,
                         ${policy.SIGN_IN_LOCKOUT_SECONDS}::float8 * power(2, LEAST(${failures} - ${max}::int, 20)))
                   * interval '1 second'
    END`;
  const next = Prisma.sql`(CASE WHEN t.updated_at < now() - ${FORGET_AFTER} THEN 1 ELSE t.failures + 1 END)`;
  const counted = await prisma.$queryRaw<Array<{ failures: number }>>`
    INSERT INTO sign_in_throttles AS t (account, failures, locked_until, updated_at)
    VALUES (${account}, 1, ${lockFor(Prisma.sql`1`)}, now())
    ON CONFLICT (account) DO UPDATE SET failures = ${next}, locked_until = ${lockFor(next)}, updated_at = now()
    WHERE t.locked_until IS NULL OR t.locked_until <= now()
    RETURNING failures`;
  if (counted.length > 0) return;
  const row = await prisma.signInThrottle.findUnique({ where: { account } });
  const seconds = Math.max(1, Math.ceil(((row?.lockedUntil?.getTime() ?? 0) - Date.now()) / 1000));
  throw new ApiError(429, 'RATE_LIMIT_EXCEEDED', {
    detail: `Too many failed sign-ins for this e-mail; retry in ${seconds} s.`,
    headers: { 'Retry-After': String(seconds) },
  });
}
