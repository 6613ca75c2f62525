/**
 * A skill with its latest version in one round trip: the hot read behind `GET /skills/{id}` and every handler that
 * loads a skill. Two primary-key reads through Prisma cost two round trips in sequence (its relation include, a
 * lateral JSON aggregation); this is one join on both primary keys, sent straight to the pool Prisma uses, so no
 * query is built or result mapped per call. Reads of the same turn share one query (src/lib/batch-loader.ts), as
 * Prisma's own `findUnique` batching did.
 */
import type pg from 'pg';
import { BatchLoader } from '../../lib/batch-loader.ts';
import type { SkillWithLatest } from './skills.service.ts';

interface Row {
  id: string;
  workspace_id: string;
  name: string;
  is_global: boolean;
  latest_version: number;
  published_version: number | null;
  created_at: Date;
  updated_at: Date;
  version_name: string;
  description: string;
  instructions: string;
  tools: string[];
  created_by: string;
  version_created_at: Date;
}

const SQL = `
  SELECT s.id, s.workspace_id, s.name, s.is_global, s.latest_version, s.published_version, s.created_at, s.updated_at,
         v.name AS version_name, v.description, v.instructions, v.tools, v.created_by, v.created_at AS version_created_at
    FROM skills s JOIN skill_versions v ON v.skill_id = s.id AND v.version = s.latest_version
   WHERE s.id = ANY($1::text[])`;

const loaders = new WeakMap<pg.Pool, BatchLoader<Row>>();

export async function findSkillWithLatest(pool: pg.Pool, skillId: string): Promise<SkillWithLatest | null> {
  let loader = loaders.get(pool);
  if (!loader) {
    loader = new BatchLoader(async (ids) => {
      const { rows } = await pool.query<Row>(SQL, [ids]);
      return new Map(rows.map((row) => [row.id, row]));
    });
    loaders.set(pool, loader);
  }
  const row = await loader.get(skillId);
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    isGlobal: row.is_global,
    latestVersion: row.latest_version,
    publishedVersion: row.published_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    versions: [
      {
        skillId: row.id,
        version: row.latest_version,
        name: row.version_name,
        description: row.description,
        instructions: row.instructions,
        tools: [...row.tools],
        createdBy: row.created_by,
        createdAt: row.version_created_at,
      },
    ],
  };
}
