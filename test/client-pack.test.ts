/**
 * A newcomer's install: `npm pack` the client from the repository (its `prepare` builds dist/ with tsc), install the
 * tarball into an empty project, and run with it, against the real server: the README's quick start as written
 * (only its address changed), a script touching more of the client, and a type-checked TypeScript program.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { projectRoot } from '../src/config.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import { createApiKey, createWorkspace, signedInUser } from './support/identity.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

const run = promisify(execFile);
let t: TestApp;
let llm: FakeLlm;
let dir: string;

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: 'k',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
  }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'client-pack-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const script = `
import { Skillplane, ApiError } from '@skillplane/client';
import { uploadFromPath } from '@skillplane/client/node';
import { writeFile } from 'node:fs/promises';

const client = new Skillplane({ baseUrl: process.env.SKILLPLANE_URL, apiKey: process.env.SKILLPLANE_API_KEY });
await writeFile('notes.txt', 'from a packed client');
const file = await uploadFromPath(client, 'notes.txt', { path: 'inbox' });
const skill = await client.skills.create({ name: 'packed', description: 'd', instructions: 'Read inbox/notes.txt.' });
const names = [];
for await (const s of client.skills.list()) names.push(s.name);
const text = await (await client.files.download(file.id)).text();
const missing = await client.skills.get('skill_missing').catch((err) => err instanceof ApiError && err.type);
console.log(JSON.stringify({ file: file.path, skill: skill.id, names, text, missing }));
`;

const program = `
import { Skillplane, type SkillRun } from '@skillplane/client';
const client = new Skillplane({ apiKey: 'spk_live_x' });
export async function latest(): Promise<SkillRun['status'] | undefined> {
  const page = await client.skillRuns.list({ limit: 1 });
  return page.data[0]?.status;
}
`;

it('packs, installs from the tarball, and runs against the server', async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir, './clients/typescript'], {
    cwd: projectRoot,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  expect(packed!.files.map((f) => f.path)).toEqual(
    expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/node.js']),
  );
  expect(packed!.files.some((f) => f.path.startsWith('src/'))).toBe(false);

  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'newcomer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, packed!.filename)], {
    cwd: dir,
  });
  // The core entry runs in browsers, Deno and Bun: only the Node entry imports Node's modules. The CLI (dist/cli/,
  // reached only through the package's bin) is a Node program, and nothing outside it imports it.
  const dist = path.join(dir, 'node_modules/@skillplane/client/dist');
  const modules = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js'));
  expect(modules).toContain('index.js');
  expect(modules).toContain(path.join('cli', 'main.js'));
  const nodeImports = [];
  for (const file of modules.filter((f) => !f.startsWith(`cli${path.sep}`))) {
    const code = await readFile(path.join(dist, file), 'utf8');
    if (/from ["']node:/.test(code)) nodeImports.push(file);
    expect(code, file).not.toMatch(/from ["']\.\/cli\//);
  }
  expect(nodeImports).toEqual(['node.js']);

  // The README's quick start, with the administrator it assumes and a model that answers its two prompts.
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  const quickstart = /<!-- client-quickstart -->\n```js\n([\s\S]*?)```/.exec(readme)![1]!;
  await createUser(t.deps.prisma, { email: 'you@example.com', password: 'a long password', isAdmin: true });
  llm.script('Total the sales in context/data/sales.csv.', [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'context/data/sales.csv' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'total.txt', content: '42' } }] },
    { text: 'The total is 42.' },
  ]);
  llm.script('Say hello in five words.', [{ text: 'Hello from your new client.' }]);
  await writeFile(path.join(dir, 'quickstart.mjs'), quickstart.replace("'http://127.0.0.1:3000'", `'${t.url}'`));
  const started = await run(process.execPath, ['quickstart.mjs'], { cwd: dir });
  expect(started.stdout).toMatch(/^completed \[ 'total\.txt' \] \d+\.\d+\nHello from your new client\.$/);

  const owner = await signedInUser(t);
  const ws = await createWorkspace(t, owner);
  const key = await createApiKey(t, owner, { workspace_id: ws });
  await writeFile(path.join(dir, 'main.mjs'), script);
  const out = await run(process.execPath, ['main.mjs'], {
    cwd: dir,
    env: { ...process.env, SKILLPLANE_URL: t.url, SKILLPLANE_API_KEY: key },
  });
  expect(JSON.parse(out.stdout)).toEqual({
    file: 'inbox/notes.txt',
    skill: expect.stringMatching(/^skill_/),
    names: ['packed'],
    text: 'from a packed client',
    missing: 'NOT_FOUND',
  });

  await writeFile(path.join(dir, 'program.ts'), program);
  const tsc = path.join(projectRoot, 'node_modules/.bin/tsc');
  const flags = ['--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom'];
  await run(tsc, [...flags, '--noEmit', 'program.ts'], { cwd: dir });
}, 300_000);
