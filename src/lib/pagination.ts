/**
 * Keyset pagination over (created_at, id). The cursor is opaque to clients: base64url JSON of the last row's
 * position, so pages stay stable while rows are inserted.
 */
import { ApiError } from '../app/problem.ts';

export interface PageQuery {
  limit?: number;
  cursor?: string;
  sort?: 'created_at' | '-created_at';
}

interface Position {
  t: string;
  id: string;
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  try {
    const pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof pos.t === 'string' && typeof pos.id === 'string' && !Number.isNaN(Date.parse(pos.t))) return pos;
  } catch {}
  throw ApiError.validation([{ field: 'query.cursor', message: 'Invalid cursor', code: 'invalid_cursor' }]);
}

/**
 * A Prisma `where` + `orderBy` + `take` for one page; fetches one extra row to learn whether more follow.
 */
export function pageArgs(query: PageQuery) {
  const limit = query.limit ?? 50;
  const desc = (query.sort ?? '-created_at') === '-created_at';
  const pos = decodeCursor(query.cursor);
  const op = desc ? 'lt' : 'gt';
  const after = pos
    ? {
        OR: [{ createdAt: { [op]: new Date(pos.t) } }, { createdAt: new Date(pos.t), id: { [op]: pos.id } }],
      }
    : {};
  const dir = desc ? ('desc' as const) : ('asc' as const);
  return { where: after, orderBy: [{ createdAt: dir }, { id: dir }], take: limit + 1, limit };
}

export function toPage<T extends { createdAt: Date; id: string }, R>(rows: T[], limit: number, map: (row: T) => R) {
  const has_more = rows.length > limit;
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  const next_cursor =
    has_more && last
      ? Buffer.from(JSON.stringify({ t: last.createdAt.toISOString(), id: last.id })).toString('base64url')
      : null;
  return { data: data.map(map), next_cursor, has_more };
}

/**
 * An `InstantOrDate` query value as a Date: RFC 3339 offsets are normalised to UTC, and a plain date (`2025-01-01`)
 * is 00:00 UTC of that day, for `*_after` and `*_before` alike (so `*_before` excludes the day it names). The
 * document's schema has already refused anything else. Timestamps are stored to the millisecond while a client may
 * send nanoseconds, which a Date truncates: `up` rounds a sub-millisecond remainder up instead, so that
 * `created_before=…00.123999Z` still includes a row at `.123`.
 */
export function instantOf(value: string, round: 'down' | 'up' = 'down'): Date {
  if (!/T/i.test(value)) return new Date(`${value}T00:00:00Z`);
  const at = new Date(value);
  const subMillisecond = /\.\d{3}(\d*[1-9])/.test(value);
  return round === 'up' && subMillisecond ? new Date(at.getTime() + 1) : at;
}

function range(after: string | undefined, before: string | undefined) {
  return {
    ...(after ? { gt: instantOf(after) } : {}),
    ...(before ? { lt: instantOf(before, 'up') } : {}),
  };
}

/** `created_after` / `created_before` and `updated_after` / `updated_before` as a Prisma filter. */
export function timeRange(q: {
  created_after?: string;
  created_before?: string;
  updated_after?: string;
  updated_before?: string;
}) {
  return {
    ...(q.created_after || q.created_before ? { createdAt: range(q.created_after, q.created_before) } : {}),
    ...(q.updated_after || q.updated_before ? { updatedAt: range(q.updated_after, q.updated_before) } : {}),
  };
}
