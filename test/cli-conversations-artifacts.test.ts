/**
 * `skillplane conversations get|update|delete|items` and `artifacts update|preview` as users run them: a subprocess
 * against the real server (a fake LLM behind it for a real turn's items), each effect checked through the SDK.
 * Careless and hostile input: another tenant's or an unknown id exits 4 with a one-line error, a bad value exits 2
 * naming the field.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Skillplane } from '../clients/typescript/src/index.ts';
import { newId } from '../src/lib/ids.ts';
import { type CliHome, type CliResult, signedInCli } from './support/cli.ts';
import { type ClientWorld, clientWorld } from './support/client.ts';
import type { FakeLlm } from './support/fake-llm.ts';
import type { TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

let t: TestApp;
let llm: FakeLlm;
let cli: CliHome;
/** The CLI's own user through the SDK, to check what the CLI did. */
let sdk: Skillplane;
/** Another tenant, whose ids the CLI's user must not reach. */
let other: ClientWorld;
const parsed = (stdout: string) => JSON.parse(stdout);

/** A refusal as the CLI reports it: the documented exit code, one `error:` line and its details, no stack trace. */
function expectRefused(res: CliResult, code: number, what: string) {
  expect(res.code, `${what}: ${res.stderr}`).toBe(code);
  expect(res.stderr).toMatch(/^error: .+ \(.+, HTTP \d{3}\)$/m);
  expect(res.stderr).not.toMatch(/^\s+at /m);
  expect(res.stdout).toBe('');
}

beforeAll(async () => {
  ({ t, llm } = await createTestAppWithModel({
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
  }));
  ({ cli, sdk } = await signedInCli(t));
  other = await clientWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('conversations', () => {
  it('shows, updates, lists the items of and deletes a conversation', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'Sales rose by a third.' }]);
    const created = parsed((await cli.run(['conversations', 'create', '--title', 'Analysis', '--json'])).stdout);
    const id: string = created.id;
    const question = `How did sales do? ${m}`;
    const turn = await cli.run(['chat', '--conversation', id, question]);
    expect(turn.code, turn.stderr).toBe(0);

    const shown = await cli.run(['conversations', 'get', id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^id:\\s+${id}$`, 'm'));
    expect(shown.stdout).toMatch(/^title:\s+Analysis$/m);
    expect(shown.stdout).toMatch(/^status:\s+active$/m);
    expect(shown.stdout).toMatch(/^goal:\s+-$/m);
    expect(parsed((await cli.run(['conversations', 'get', id, '--json'])).stdout)).toEqual(
      await sdk.conversations.get(id),
    );

    const items = await cli.run(['conversations', 'items', id]);
    expect(items.code, items.stderr).toBe(0);
    const [header, asked, answered, ...rest] = items.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/ {2,}/));
    expect(header).toEqual(['ID', 'TYPE', 'ROLE', 'TEXT', 'CREATED']);
    // A long message is cut to 60 characters in the table.
    expect(asked).toEqual([
      expect.stringMatching(/^msg_/),
      'message',
      'user',
      `${question.slice(0, 59)}…`,
      expect.any(String),
    ]);
    expect(answered).toEqual([
      expect.stringMatching(/^msg_/),
      'message',
      'assistant',
      'Sales rose by a third.',
      expect.any(String),
    ]);
    expect(rest).toEqual([]);
    const itemsJson = parsed((await cli.run(['conversations', 'items', id, '--json'])).stdout);
    expect(itemsJson).toEqual(await sdk.conversations.items(id).toArray());

    const updated = await cli.run([
      ...['conversations', 'update', id],
      ...['--title', 'Q3 sales', '--goal', 'Explain the rise', '--status', 'archived'],
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/^title:\s+Q3 sales$/m);
    expect(updated.stdout).toMatch(/^goal:\s+Explain the rise$/m);
    expect(await sdk.conversations.get(id)).toMatchObject({
      title: 'Q3 sales',
      goal: 'Explain the rise',
      status: 'archived',
    });
    const cleared = await cli.run(['conversations', 'update', id, '--no-goal', '--status', 'active', '--json']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(parsed(cleared.stdout)).toMatchObject({ id, title: 'Q3 sales', goal: null, status: 'active' });
    expect((await sdk.conversations.get(id)).goal).toBeNull();

    const deleted = await cli.run(['conversations', 'delete', id]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`Deleted ${id}.\n`);
    await expect(sdk.conversations.get(id)).rejects.toMatchObject({ status: 404 });
    expectRefused(await cli.run(['conversations', 'get', id]), 4, 'get after delete');
    const gone = await cli.run(['conversations', 'delete', id, '--json']);
    expect(gone.code).toBe(4);
  });

  it('lists every item of a long conversation across pages, with tool calls and results', async () => {
    const conversation = await sdk.conversations.create({ title: 'Long' });
    const data = [
      {
        type: 'function_call',
        status: 'completed',
        call_id: 'call_1',
        name: 'run_python',
        arguments: '{"code":"1+1"}',
      },
      { type: 'function_call_output', call_id: 'call_1', output: '2' },
      ...Array.from({ length: 148 }, (_, n) => ({
        type: 'message',
        role: n % 2 ? 'assistant' : 'user',
        status: 'completed',
        content: [{ type: n % 2 ? 'output_text' : 'input_text', text: `line ${n}` }],
      })),
    ];
    const ids = data.map(() => newId('msg'));
    await t.deps.prisma.conversationItem.createMany({
      data: data.map((item, seq) => ({ id: ids[seq]!, conversationId: conversation.id, seq, data: item })),
    });

    const listed = parsed((await cli.run(['conversations', 'items', conversation.id, '--json'])).stdout);
    expect(listed.map((i: { id: string }) => i.id)).toEqual(ids);
    const table = (await cli.run(['conversations', 'items', conversation.id])).stdout.trimEnd().split('\n');
    expect(table).toHaveLength(1 + ids.length);
    expect(table[1]).toMatch(new RegExp(`^${ids[0]}\\s+function_call\\s+-\\s+run_python\\(\\{"code":"1\\+1"\\}\\)\\s`));
    expect(table[2]).toMatch(new RegExp(`^${ids[1]}\\s+function_call_output\\s+-\\s+2\\s`));
    expect(table.at(-1)).toMatch(new RegExp(`^${ids.at(-1)}\\s+message\\s+assistant\\s+line 147\\s`));
  });

  it("exits 4 for another tenant's or an unknown conversation, 2 naming the field for a bad value", async () => {
    const theirs = await other.client.conversations.create({ title: 'Private' });
    for (const target of [theirs.id, 'conv_doesnotexist']) {
      for (const args of [
        ['conversations', 'get', target],
        ['conversations', 'update', target, '--title', 'Mine now'],
        ['conversations', 'items', target],
        ['conversations', 'delete', target],
      ]) {
        const res = await cli.run(args);
        expectRefused(res, 4, args.join(' '));
        expect(res.stderr).toContain('HTTP 404');
        expect(res.stderr).not.toContain('Private');
      }
    }
    expect(await other.client.conversations.get(theirs.id)).toMatchObject({ title: 'Private', status: 'active' });

    const mine = await sdk.conversations.create({ title: 'Mine' });
    const status = await cli.run(['conversations', 'update', mine.id, '--status', 'deleted']);
    expectRefused(status, 2, 'bad status');
    expect(status.stderr).toMatch(/^ {2}body\.status: /m);
    const title = await cli.run(['conversations', 'update', mine.id, '--title', '']);
    expectRefused(title, 2, 'empty title');
    expect(title.stderr).toMatch(/^ {2}body\.title: /m);
    const goal = await cli.run(['conversations', 'update', mine.id, '--goal', 'x'.repeat(10_001)]);
    expectRefused(goal, 2, 'long goal');
    expect(goal.stderr).toMatch(/^ {2}body\.goal: /m);
    expect(await sdk.conversations.get(mine.id)).toMatchObject({ title: 'Mine', goal: null, status: 'active' });
  });
});

describe('artifacts', () => {
  const page = '<h1>Sales</h1>\n<script src="assets/chart.js"></script>\n';

  it('renames and retypes an artifact', async () => {
    const project = await sdk.projects.create({ name: 'Reports' });
    const artifact = await sdk.artifacts.publish({
      project_id: project.id,
      path: 'sales/index.html',
      title: 'Sales',
      files: { 'index.html': page },
    });
    const updated = await cli.run(['artifacts', 'update', artifact.id, '--title', 'Q3 sales', '--type', 'report']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/^title:\s+Q3 sales$/m);
    expect(updated.stdout).toMatch(/^type:\s+report$/m);
    expect(await sdk.artifacts.get(artifact.id)).toMatchObject({ title: 'Q3 sales', type: 'report', version: 1 });
    const retitled = await cli.run(['artifacts', 'update', artifact.id, '--title', 'Q3', '--json']);
    expect(parsed(retitled.stdout)).toMatchObject({ id: artifact.id, title: 'Q3', type: 'report' });
    expect((await sdk.artifacts.get(artifact.id)).title).toBe('Q3');
  });

  it('previews the entry or another file as text, binary files not, long ones cut', async () => {
    const project = await sdk.projects.create({ name: 'Previews' });
    const long = 'a'.repeat(70 * 1024);
    const artifact = await sdk.artifacts.publish({
      project_id: project.id,
      path: 'sales/index.html',
      files: {
        'index.html': page,
        'assets/chart.js': 'console.log(42);',
        'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
        'data.csv': long,
      },
    });

    const entry = await cli.run(['artifacts', 'preview', artifact.id]);
    expect(entry.code, entry.stderr).toBe(0);
    expect(entry.stdout).toBe(page);
    expect(entry.stderr).toBe('');
    const script = await cli.run(['artifacts', 'preview', artifact.id, '--file', 'assets/chart.js']);
    expect(script.stdout).toBe('console.log(42);');

    const json = await cli.run(['artifacts', 'preview', artifact.id, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(parsed(json.stdout)).toMatchObject({
      artifact: { id: artifact.id, project_id: project.id },
      file: { path: 'index.html', size: Buffer.byteLength(page) },
      encoding: 'utf-8',
      content: page,
      truncated: false,
    });

    const binary = await cli.run(['artifacts', 'preview', artifact.id, '--file', 'logo.png']);
    expect(binary.code, binary.stderr).toBe(0);
    expect(binary.stdout).toBe('');
    expect(binary.stderr).toContain('logo.png is binary, image/png: not previewed');
    const binaryJson = parsed(
      (await cli.run(['artifacts', 'preview', artifact.id, '--file', 'logo.png', '--json'])).stdout,
    );
    expect(binaryJson).toMatchObject({ encoding: 'none', content: null });

    const cut = await cli.run(['artifacts', 'preview', artifact.id, '--file', 'data.csv']);
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout).toBe('a'.repeat(64 * 1024));
    expect(cut.stderr).toContain(`only the start of data.csv: it has ${long.length} bytes`);
  });

  it("exits 4 for another tenant's or an unknown artifact or file, 2 naming the field for a bad value", async () => {
    const theirProject = await other.client.projects.create({ name: 'Theirs' });
    const theirs = await other.client.artifacts.publish({
      project_id: theirProject.id,
      path: 'r/index.html',
      title: 'Private',
      files: { 'index.html': '<p>private</p>' },
    });
    for (const target of [theirs.id, 'art_doesnotexist']) {
      for (const args of [
        ['artifacts', 'update', target, '--title', 'Mine now'],
        ['artifacts', 'preview', target],
        ['artifacts', 'preview', target, '--json'],
      ]) {
        const res = await cli.run(args);
        expectRefused(res, 4, args.join(' '));
        expect(res.stderr).not.toContain('private');
      }
    }
    expect(await other.client.artifacts.get(theirs.id)).toMatchObject({ title: 'Private', type: 'app' });

    const project = await sdk.projects.create({ name: 'Mine' });
    const mine = await sdk.artifacts.publish({
      project_id: project.id,
      path: 'mine/index.html',
      files: { 'index.html': '<p>mine</p>' },
    });
    const type = await cli.run(['artifacts', 'update', mine.id, '--type', 'movie']);
    expectRefused(type, 2, 'bad type');
    expect(type.stderr).toMatch(/^ {2}body\.type: /m);
    const title = await cli.run(['artifacts', 'update', mine.id, '--title', 'x'.repeat(201)]);
    expectRefused(title, 2, 'long title');
    expect(title.stderr).toMatch(/^ {2}body\.title: /m);
    expect(await sdk.artifacts.get(mine.id)).toMatchObject({ title: mine.title, type: mine.type });

    const escaping = await cli.run(['artifacts', 'preview', mine.id, '--file', '../r/index.html']);
    expectRefused(escaping, 2, 'escaping path');
    expect(escaping.stderr).toMatch(/^ {2}query\.path: /m);
    expectRefused(await cli.run(['artifacts', 'preview', mine.id, '--file', 'missing.html']), 4, 'missing file');
  });
});
