/**
 * `npm run generate`: everything in generated/ comes from openapi/ and prisma/schema.prisma.
 *   1. Redocly bundles the split document into generated/openapi.json (what the server serves).
 *   2. hono-takibi writes the zod schemas and `createRoute` definitions (generated/routes.ts); integer path
 *      parameters are then made to coerce, which hono-takibi does for query parameters only.
 *   3. openapi-typescript writes the client types (generated/api.ts) for openapi-fetch, and the same file into the
 *      TypeScript client package (clients/typescript/src/generated/api.ts), which must build without this repository.
 *   4. Prisma writes its client (generated/prisma/).
 * Deterministic: CI runs it and fails on any difference from what is committed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';

/**
 * `format: date-time` is RFC 3339, which allows any UTC offset (`+01:00`), but hono-takibi emits `z.iso.datetime()`,
 * which takes only `Z`: widen every one of them, so the server accepts what the document allows.
 */
function acceptOffsets(file: string) {
  const source = readFileSync(file, 'utf8');
  const widened = source.replace(/z\.iso(\s*)\.datetime\(\)/g, 'z.iso$1.datetime({ offset: true })');
  if (widened === source) throw new Error(`generate: no z.iso.datetime() in ${file}; has hono-takibi changed?`);
  writeFileSync(file, widened);
}

const bin = (name: string) => path.join(projectRoot, 'node_modules/.bin', name);
const run = (name: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const started = performance.now();
  execFileSync(bin(name), args, {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  console.log(`generate: ${name} ${Math.round(performance.now() - started)} ms`);
};

run('redocly', ['bundle', 'openapi/openapi.yaml', '--ext', 'json', '-o', 'generated/openapi.json']);
run('hono-takibi', []);
coercePathIntegers();
acceptOffsets(path.join(projectRoot, 'generated/routes.ts'));
run('openapi-typescript', [
  'generated/openapi.json',
  '-o',
  'generated/api.ts',
  '--default-non-nullable',
  'false',
  '--read-write-markers',
]);
const clientTypes = path.join(projectRoot, 'clients/typescript/src/generated/api.ts');
mkdirSync(path.dirname(clientTypes), { recursive: true });
copyFileSync(path.join(projectRoot, 'generated/api.ts'), clientTypes);
rmSync(path.join(projectRoot, 'generated/prisma'), { recursive: true, force: true });
// `prisma generate` never runs the schema engine but insists that a binary path exists; the native engine cannot be
// downloaded here, so point it at any existing file (see README, "Migrations without Prisma's native engine").
run('prisma', ['generate'], {
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
});

/**
 * A path segment is always a string, so an `integer` path parameter validated as `z.int()` rejects every request.
 * Rewrite each such parameter component to coerce first, as hono-takibi does for integer query parameters.
 */
function coercePathIntegers(): void {
  const routesFile = path.join(projectRoot, 'generated/routes.ts');
  const document = JSON.parse(readFileSync(path.join(projectRoot, 'generated/openapi.json'), 'utf8'));
  let code = readFileSync(routesFile, 'utf8');
  const parameters = Object.entries(document.components?.parameters ?? {}) as [
    string,
    { in?: string; schema?: { type?: string } },
  ][];
  for (const [name, parameter] of parameters) {
    if (parameter.in !== 'path' || parameter.schema?.type !== 'integer') continue;
    const declaration = new RegExp(
      `(export const ${name}ParamsSchema = )z\\s*\\.int\\(\\)((?:\\s*\\.(?:min|max)\\([^)]*\\))*)`,
    );
    if (!declaration.test(code)) throw new Error(`generate: cannot find the integer path parameter ${name}`);
    code = code.replace(
      declaration,
      (_, head: string, limits: string) => `${head}z.coerce.number().pipe(z.int()${limits.replace(/\s+/g, '')})`,
    );
  }
  writeFileSync(routesFile, code);
}
