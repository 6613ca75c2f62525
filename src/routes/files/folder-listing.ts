/**
 * A folder's entries, computed from file paths (folders exist while they hold files): one SQL query groups the
 * files under the folder by their next path segment, in byte order of names, paginated by name.
 */
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import type { TreeEntry, TreeListing } from '../../../generated/routes.ts';
import { ApiError } from '../../app/problem.ts';
import { joinPath } from '../../files/paths.ts';
import { iso } from '../serializers.ts';

interface Row {
  name: string;
  is_file: boolean;
  size: bigint;
  updated_at: Date;
  file_id: string | null;
  mime_type: string | null;
}

function decodeCursor(cursor: string | undefined): string {
  if (!cursor) return '';
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!name || Buffer.from(name).toString('base64url') !== cursor) {
    throw ApiError.validation([{ field: 'query.cursor', message: 'Invalid cursor', code: 'invalid_cursor' }]);
  }
  return name;
}

/** The entries of `folder` ('' is the root), or undefined when no file lives under it. */
export async function listFolder(
  prisma: PrismaClient,
  workspaceId: string,
  folder: string,
  { limit = 50, cursor }: { limit?: number; cursor?: string },
): Promise<TreeListing | undefined> {
  const prefix = folder ? `${folder}/` : '';
  const after = decodeCursor(cursor);
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT name,
           bool_and(position('/' in rest) = 0) AS is_file,
           sum(size)::bigint AS size,
           max(updated_at) AS updated_at,
           min(id) FILTER (WHERE position('/' in rest) = 0) AS file_id,
           min(mime_type) FILTER (WHERE position('/' in rest) = 0) AS mime_type
    FROM (
      SELECT id, size, mime_type, updated_at, rest, split_part(rest, '/', 1) AS name
      FROM (SELECT *, substr(path, char_length(${prefix}) + 1) AS rest FROM files
            WHERE workspace_id = ${workspaceId} AND starts_with(path, ${prefix})) under
    ) entries
    WHERE name COLLATE "C" > ${after}
    GROUP BY name
    ORDER BY name COLLATE "C"
    LIMIT ${limit + 1}`;
  if (rows.length === 0 && folder && !after) return undefined;
  const has_more = rows.length > limit;
  const page = rows.slice(0, limit);
  const data = page.map(
    (r): TreeEntry => ({
      name: r.name,
      type: r.is_file ? 'file' : 'directory',
      path: joinPath(folder, r.name),
      size: Number(r.size),
      updated_at: iso(r.updated_at),
      file_id: r.file_id,
      mime_type: r.mime_type,
    }),
  );
  const last = page.at(-1);
  return {
    path: folder,
    data,
    next_cursor: has_more && last ? Buffer.from(last.name).toString('base64url') : null,
    has_more,
  };
}
