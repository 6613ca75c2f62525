/** Users and sessions: creating users (CLI, env bootstrap, API), signing in and out. */

import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import { newId } from '../lib/ids.ts';
import { forgetCredentials } from './authenticate.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { newSessionToken } from './tokens.ts';

export interface NewUser {
  email: string;
  password: string;
  name?: string | undefined;
  isAdmin?: boolean | undefined;
}

export async function createUser(prisma: PrismaClient, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  const taken = () => new ApiError(409, 'CONFLICT', { detail: `A user with e-mail ${email} already exists.` });
  if (await prisma.user.findUnique({ where: { email } })) throw taken();
  try {
    return await prisma.user.create({
      data: {
        id: newId('usr'),
        email,
        name: input.name ?? null,
        isAdmin: input.isAdmin ?? false,
        passwordHash: await hashPassword(input.password),
      },
    });
  } catch (err) {
    // Another request or process created the same user between the check and the insert.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw taken();
    throw err;
  }
}

export async function signIn(prisma: PrismaClient, email: string, password: string, ttlHours: number) {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? dummyPasswordHash);
  if (!user || !ok) throw new ApiError(401, 'INVALID_CREDENTIALS', { detail: 'E-mail or password is wrong.' });
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await prisma.session.create({ data: { id: newId('ses'), userId: user.id, tokenHash: hash, expiresAt } });
  return { token, expiresAt, user };
}

export async function signOut(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
  forgetCredentials();
}

/** Creates the configured administrator on start-up unless a user with that e-mail exists. */
export async function bootstrapAdmin(prisma: PrismaClient, email?: string, password?: string): Promise<boolean> {
  if (!email || !password) return false;
  if (await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } })) return false;
  try {
    await createUser(prisma, { email, password, isAdmin: true, name: 'Administrator' });
    return true;
  } catch (err) {
    // API processes starting together race for the same administrator; one creates it, the others find it made.
    if (err instanceof ApiError && err.status === 409) return false;
    throw err;
  }
}
