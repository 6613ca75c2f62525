/**
 * `skillplane projects|memories|webhooks|events|deliveries|artifacts|chat` as users run them: a subprocess against
 * the real server (a fake LLM behind it for `chat`, a real webhook receiver and dispatcher). A webhook's signing
 * secret is printed once and never again (nor kept in the config file or in plaintext in the database); `chat`
 * streams the answer before the turn ends, continues a conversation, and Ctrl-C cancels the turn on the server.
 * Careless and hostile input: another tenant's ids exit 4, bad values exit 2 naming the field.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Skillplane } from '../clients/typescript/src/index.ts';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher.ts';
import { type CliHome, signedInCli } from './support/cli.ts';
import { type ClientWorld, clientWorld } from './support/client.ts';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { type Receiver, startReceiver } from './support/webhook-receiver.ts';

let t: TestApp;
let llm: FakeLlm;
let receiver: Receiver;
let dispatcher: { stop(): Promise<void> };
let cli: CliHome;
/** The CLI's own user through the SDK, to check what the CLI did. */
let sdk: Skillplane;
let session: string;
/** Another tenant, whose ids the CLI's user must not reach. */
let other: ClientWorld;
const parsed = (stdout: string) => JSON.parse(stdout);

beforeAll(async () => {
  llm = await startFakeLlm();
  receiver = await startReceiver();
  t = await createTestApp({
    OPENAI_BASE_URL: llm.baseUrl,
    OPENAI_API_KEY: 'k',
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: '100000',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_DISPATCH_INTERVAL_MS: '200',
  });
  dispatcher = startWebhookDispatcher(t.deps);
  ({ cli, sdk, session } = await signedInCli(t));
  other = await clientWorld(t);
});
afterAll(async () => {
  await dispatcher?.stop();
  await receiver?.close();
  await t?.close();
  await llm?.close();
});

describe('help', () => {
  it('lists the new command groups', async () => {
    const root = await cli.run(['--help']);
    for (const group of ['projects', 'memories', 'webhooks', 'events', 'deliveries', 'artifacts', 'chat']) {
      expect(root.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    }
    const chat = await cli.run(['chat', '--help']);
    expect(chat.stdout).toContain('--conversation');
    expect(chat.stdout).toMatch(/chat turn\s+did not complete/);
  });
});

describe('projects and memories', () => {
  it('creates, lists, shows, updates and deletes a project', async () => {
    const created = await cli.run(['projects', 'create', 'Research', '--description', 'Q3 numbers']);
    expect(created.code, created.stderr).toBe(0);
    const id = /^id:\s+(proj_\w+)$/m.exec(created.stdout)![1]!;
    expect(created.stdout).toMatch(/^description:\s+Q3 numbers$/m);
    expect((await cli.run(['projects', 'list'])).stdout).toMatch(new RegExp(`^${id}\\s+Research`, 'm'));
    const updated = await cli.run(['projects', 'update', id, '--name', 'Renamed', '--json']);
    expect(parsed(updated.stdout)).toMatchObject({ id, name: 'Renamed', description: 'Q3 numbers' });
    expect((await sdk.projects.get(id)).name).toBe('Renamed');
    expect(parsed((await cli.run(['projects', 'get', id, '--json'])).stdout).name).toBe('Renamed');
    const deleted = await cli.run(['projects', 'delete', id]);
    expect(deleted.stdout).toBe(`Deleted ${id}.\n`);
    expect((await cli.run(['projects', 'get', id])).code).toBe(4);
  });

  it('keeps memories for the workspace and for a project', async () => {
    const project = await sdk.projects.create({ name: 'Memories' });
    const global = parsed((await cli.run(['memories', 'create', 'Prefers metric units.', '--json'])).stdout);
    const local = await cli.run(['memories', 'create', 'Deadline is Friday.', '--project', project.id, '--json']);
    expect(local.code, local.stderr).toBe(0);
    expect(parsed(local.stdout)).toMatchObject({ project_id: project.id, source: 'user' });
    expect(global.project_id).toBeNull();
    const list = parsed((await cli.run(['memories', 'list', '--json'])).stdout);
    expect(list.map((m: { id: string }) => m.id)).toEqual([global.id]);
    const inProject = await cli.run(['memories', 'list', '--project', project.id]);
    expect(inProject.stdout).toMatch(
      new RegExp(`^${parsed(local.stdout).id}\\s+${project.id}\\s+user\\s+Deadline`, 'm'),
    );
    const updated = await cli.run(['memories', 'update', global.id, 'Prefers SI units.']);
    expect(updated.stdout).toMatch(/^content:\s+Prefers SI units\.$/m);
    expect((await sdk.memories.get(global.id)).content).toBe('Prefers SI units.');
    expect((await cli.run(['memories', 'get', global.id])).code).toBe(0);
    expect((await cli.run(['memories', 'delete', global.id])).code).toBe(0);
    expect((await cli.run(['memories', 'get', global.id])).code).toBe(4);
  });

  it("exits 4 for another tenant's project or memory, and 2 naming the field for bad input", async () => {
    const theirs = await other.client.projects.create({ name: 'Secret plans' });
    const memory = await other.client.memories.create({ content: 'Their fact.' });
    for (const args of [
      ['projects', 'get', theirs.id],
      ['projects', 'update', theirs.id, '--name', 'Mine now'],
      ['projects', 'delete', theirs.id],
      ['memories', 'get', memory.id],
      ['memories', 'update', memory.id, 'overwritten'],
      ['memories', 'delete', memory.id],
    ]) {
      const res = await cli.run(args);
      expect(res.code, args.join(' ')).toBe(4);
    }
    expect((await other.client.projects.get(theirs.id)).name).toBe('Secret plans');
    expect((await other.client.memories.get(memory.id)).content).toBe('Their fact.');
    const tooLong = await cli.run(['projects', 'create', 'x'.repeat(201)]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/name/);
    const empty = await cli.run(['memories', 'create', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/content/);
    expect((await cli.run(['memories', 'create', 'x', '--project', 'not-a-project'])).code).toBe(2);
  });
});

describe('webhooks, events and deliveries', () => {
  it('prints the signing secret once, on create and rotate, and never keeps or shows it again', async () => {
    const created = await cli.run(['webhooks', 'create', receiver.url, '--event', 'skill_run.completed']);
    expect(created.code, created.stderr).toBe(0);
    const [secret, blank, summary] = created.stdout.split('\n');
    expect(secret).toMatch(/^whsec_\S+$/);
    expect(blank).toBe('');
    expect(summary).toContain('store it now, it is not shown again');
    const id = /(whk_\w+)/.exec(summary!)![1]!;
    receiver.secrets = [secret!];

    const shown = [
      await cli.run(['webhooks', 'get', id]),
      await cli.run(['webhooks', 'get', id, '--json']),
      await cli.run(['webhooks', 'list']),
      await cli.run(['webhooks', 'list', '--json']),
      await cli.run(['webhooks', 'update', id, '--description', 'ops', '--json']),
    ];
    for (const res of shown) {
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout + res.stderr).not.toContain(secret);
    }
    expect(parsed(shown[4]!.stdout)).toMatchObject({ id, description: 'ops', events: ['skill_run.completed'] });
    expect(await readFile(cli.configFile, 'utf8')).not.toContain(secret);
    const row = await t.deps.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(secret!.slice('whsec_'.length));

    // A signing secret is never taken as an argument (it would be in `ps` and shell history).
    const given = await cli.run(['webhooks', 'create', `${receiver.url}/2`, '--secret', 'whsec_bad']);
    expect(given.code).toBe(2);
    expect(given.stderr).toContain("unknown option '--secret'");

    const rotated = await cli.run(['webhooks', 'rotate-secret', id, '--grace', '60', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const next = parsed(rotated.stdout);
    expect(next.secret).toMatch(/^whsec_/);
    expect(next.secret).not.toBe(secret);
    expect(next.previous_secret_expires_at).not.toBeNull();
    expect((await cli.run(['webhooks', 'get', id])).stdout).not.toContain(next.secret);
    const badGrace = await cli.run(['webhooks', 'rotate-secret', id, '--grace', 'soon']);
    expect(badGrace.code).toBe(2);
    expect(badGrace.stderr).toContain('--grace');
    const tooLong = await cli.run(['webhooks', 'rotate-secret', id, '--grace', '604801']);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('grace_period_seconds');
    receiver.secrets = [next.secret];

    await cli.run(['webhooks', 'delete', id]);
    expect((await cli.run(['webhooks', 'get', id])).code).toBe(4);
  });

  it('sends a test event, lists events and deliveries, and redelivers', async () => {
    const endpoint = parsed((await cli.run(['webhooks', 'create', `${receiver.url}?t=1`, '--json'])).stdout);
    receiver.secrets = [endpoint.secret];
    const sent = await cli.run(['webhooks', 'test', endpoint.id, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const event = parsed(sent.stdout);
    expect(event.id).toMatch(/^evt_/);
    await expect.poll(() => receiver.byId(event.id).length, { timeout: 15_000 }).toBe(1);

    expect((await cli.run(['events', 'list'])).stdout).toMatch(new RegExp(`^${event.id}\\s+${event.type}`, 'm'));
    const shown = parsed((await cli.run(['events', 'get', event.id, '--json'])).stdout);
    expect(shown).toMatchObject({ id: event.id, type: event.type });
    const [delivery] = shown.deliveries;
    expect(delivery.webhook_id).toBe(endpoint.id);
    await expect
      .poll(async () => (await cli.run(['webhooks', 'deliveries', endpoint.id])).stdout, { timeout: 15_000 })
      .toMatch(new RegExp(`^${delivery.id}\\s.*\\ssucceeded\\s+1\\s+200`, 'm'));
    const again = await cli.run(['deliveries', 'redeliver', delivery.id]);
    expect(again.code, again.stderr).toBe(0);
    await expect.poll(() => receiver.byId(event.id).length, { timeout: 15_000 }).toBe(2);
    expect((await cli.run(['deliveries', 'get', delivery.id])).stdout).toMatch(/^tries:/m);
    await sdk.webhooks.delete(endpoint.id);
  });

  it("exits 4 for another tenant's endpoint, event or delivery, 2 for a refused URL", async () => {
    const theirs = await other.client.webhooks.create({ url: `${receiver.url}?other=1` });
    const event = await other.client.webhooks.test(theirs.id);
    await expect.poll(async () => (await other.client.webhookEvents.deliveries(event.id)).data.length).toBe(1);
    const [delivery] = (await other.client.webhookEvents.deliveries(event.id)).data;
    for (const args of [
      ['webhooks', 'get', theirs.id],
      ['webhooks', 'update', theirs.id, '--disable'],
      ['webhooks', 'rotate-secret', theirs.id],
      ['webhooks', 'test', theirs.id],
      ['webhooks', 'deliveries', theirs.id],
      ['webhooks', 'delete', theirs.id],
      ['events', 'get', event.id],
      ['deliveries', 'get', delivery!.id],
      ['deliveries', 'redeliver', delivery!.id],
    ]) {
      const res = await cli.run(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(4);
      expect(res.stdout).not.toContain(theirs.secret);
    }
    expect((await other.client.webhooks.get(theirs.id)).enabled).toBe(true);
    const refused = await cli.run(['webhooks', 'create', 'http://169.254.169.254/latest']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('url');
    const both = await cli.run(['webhooks', 'update', theirs.id, '--enable', '--disable']);
    expect(both.code).toBe(2);
  });
});

describe('artifacts', () => {
  it('publishes a folder, lists, shows, opens (a URL that serves it), downloads and deletes it', async () => {
    const project = await sdk.projects.create({ name: 'Reports' });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-artifact-'));
    const folder = path.join(dir, 'sales');
    await mkdir(path.join(folder, 'assets'), { recursive: true });
    await writeFile(path.join(folder, 'index.html'), '<h1>Sales</h1><script src="assets/chart.js"></script>');
    await writeFile(path.join(folder, 'assets', 'chart.js'), 'console.log(42);');

    const published = await cli.run(['artifacts', 'publish', folder, '--project', project.id, '--title', 'Sales']);
    expect(published.code, published.stderr).toBe(0);
    const id = /^id:\s+(art_\w+)$/m.exec(published.stdout)![1]!;
    expect(published.stdout).toMatch(/^path:\s+sales\/index\.html$/m);
    expect(published.stdout).toMatch(/^file_list:\s+(assets\/chart\.js,index\.html|index\.html,assets\/chart\.js)$/m);
    const again = await cli.run(['artifacts', 'publish', folder, '--project', project.id, '--json']);
    expect(parsed(again.stdout)).toMatchObject({ id, version: 2 });

    expect((await cli.run(['artifacts', 'list'])).stdout).toMatch(
      new RegExp(`^${id}\\s+Sales\\s+\\w+\\s+sales/index.html\\s+2\\s+2$`, 'm'),
    );
    expect(parsed((await cli.run(['artifacts', 'list', '--project', project.id, '--json'])).stdout)).toHaveLength(1);
    expect(parsed((await cli.run(['artifacts', 'get', id, '--json'])).stdout).file_count).toBe(2);

    const opened = await cli.run(['artifacts', 'open', id]);
    expect(opened.code, opened.stderr).toBe(0);
    const url = opened.stdout.trim();
    expect(url).toMatch(/^https?:\/\/\S+$/);
    expect(opened.stderr).toContain('works until');
    const page = await fetch(new URL(url, t.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Sales</h1>');

    const out = path.join(dir, 'copy');
    const downloaded = await cli.run(['artifacts', 'download', id, '--out', out]);
    expect(downloaded.code, downloaded.stderr).toBe(0);
    expect(await readFile(path.join(out, 'assets', 'chart.js'), 'utf8')).toBe('console.log(42);');
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('<h1>Sales</h1>');

    expect((await cli.run(['artifacts', 'delete', id])).code).toBe(0);
    expect((await cli.run(['artifacts', 'get', id])).code).toBe(4);
  });

  it("exits 4 for another tenant's artifact or project, 2 for bad input", async () => {
    const theirProject = await other.client.projects.create({ name: 'Theirs' });
    const theirs = await other.client.artifacts.publish({
      project_id: theirProject.id,
      path: 'r/index.html',
      files: { 'index.html': '<p>private</p>' },
    });
    for (const args of [
      ['artifacts', 'get', theirs.id],
      ['artifacts', 'open', theirs.id],
      ['artifacts', 'download', theirs.id, '--out', path.join(os.tmpdir(), `no-${randomUUID()}`)],
      ['artifacts', 'delete', theirs.id],
      ['artifacts', 'list', '--project', theirProject.id],
    ]) {
      const res = await cli.run(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(4);
      expect(res.stdout).not.toContain('private');
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-artifact-'));
    await writeFile(path.join(dir, 'index.html'), '<p>mine</p>');
    const into = await cli.run(['artifacts', 'publish', dir, '--project', theirProject.id]);
    expect(into.code).toBe(4);
    expect((await other.client.artifacts.list({ project_id: theirProject.id }).toArray()).map((a) => a.id)).toEqual([
      theirs.id,
    ]);
    const mine = await sdk.projects.create({ name: 'Mine' });
    const escaping = await cli.run(['artifacts', 'publish', dir, '--project', mine.id, '--path', '../index.html']);
    expect(escaping.code).toBe(2);
    expect(escaping.stderr).toContain('path');
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-artifact-'));
    const none = await cli.run(['artifacts', 'publish', empty, '--project', mine.id]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no files');
    const expiry = await cli.run(['artifacts', 'open', theirs.id, '--expires-in', 'later']);
    expect(expiry.code).toBe(2);
    expect(expiry.stderr).toContain('--expires-in');
  });
});

describe('chat', () => {
  it('streams the answer before the turn ends, and prints the new conversation on stderr', async () => {
    const m = `marker-${randomUUID()}`;
    const answer = 'The first part arrives early; the rest of the answer follows slowly, piece by piece.';
    llm.script(m, [{ text: answer, chunkDelayMs: 300 }]);
    const running = cli.start(['chat', `Tell me ${m}`]);
    await expect.poll(() => running.output().stdout, { timeout: 15_000 }).toContain('The first pa');
    expect(running.child.exitCode).toBeNull();
    expect(running.output().stdout).not.toContain('piece by piece.');
    // Nothing the user signs in with is in the process's arguments (what `ps` shows).
    const cmdline = await readFile(`/proc/${running.child.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain(session);
    const done = await running.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe(`${answer}\n`);
    const conversation = /conversation (conv_\w+)/.exec(done.stderr)![1]!;
    const items = await sdk.conversations.items(conversation).toArray();
    expect(items.map((i) => i.type)).toEqual(['message', 'message']);
  });

  it('continues a conversation, reads the message from stdin, and prints events as JSON lines', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const first = await cli.run(['chat', `Start ${m}`]);
    expect(first.code, first.stderr).toBe(0);
    const conversation = /conversation (conv_\w+)/.exec(first.stderr)![1]!;
    const second = await cli.run(['chat', '--conversation', conversation, '--json'], { input: 'And then?\n' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('conversation conv_');
    const events = second.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].type).toBe('response.created');
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { conversation_id: conversation } });
    const text = events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toBe('Second answer.');
    const items = await sdk.conversations.items(conversation).toArray();
    expect(items).toHaveLength(4);
  });

  it("exits 4 for another tenant's conversation, 2 without a message or with a bad model", async () => {
    const theirs = await other.client.conversations.create({ title: 'Private' });
    const res = await cli.run(['chat', '--conversation', theirs.id, 'hello']);
    expect(res.code, res.stderr).toBe(4);
    expect((await other.client.conversations.items(theirs.id).toArray()).length).toBe(0);
    const none = await cli.run(['chat'], { input: '   \n' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no message given');
    const model = await cli.run(['chat', '--model', 'x'.repeat(201), 'hi']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('model');
  });

  it('exits 1 with the reason when the turn fails', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [{ status: 400, body: '{"error":{"message":"bad request"}}' }]);
    const res = await cli.run(['chat', `Fail ${m}`]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/error: the turn resp_\w+ did not complete \(\w+: .+\)/);
  });

  it('cancels the turn on the server on Ctrl-C and exits 130', async () => {
    const m = `marker-${randomUUID()}`;
    llm.script(m, [
      { text: 'This answer is long and slow and will never be finished by the model.', chunkDelayMs: 1000 },
    ]);
    const running = cli.start(['chat', `Go slowly ${m}`]);
    await expect.poll(() => running.output().stdout, { timeout: 15_000 }).not.toBe('');
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code, done.stderr).toBe(130);
    const responseId = /turn (resp_\w+) cancelled/.exec(done.stderr)![1]!;
    await expect.poll(async () => (await sdk.responses.get(responseId)).status, { timeout: 15_000 }).toBe('cancelled');
  });
});
