/**
 * The sandbox as an attacker meets it: a `member` of one workspace, with an API key, runs a skill whose scripted
 * model tries to break out through `run_shell`, `run_python`, `read_file` and `write_file`, while a second workspace's
 * files and run outputs sit on the same service. Every attempt prints BREACH when it succeeds and RAN when its
 * command really ran, so a test that ran nothing cannot pass. Real bubblewrap, PostgreSQL, Temporal and HTTP.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/config.ts';
import { diskUsage } from '../src/sandbox/sandbox.ts';
import type { FakeLlm, ScriptedReply } from './support/fake-llm.ts';
import { addMember, auth, createApiKey, jsonBody, signedInUser } from './support/identity.ts';
import { putWorkspaceFile, type RunWorld, runWorld, waitForStatus } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';
import { createTestAppWithModel } from './support/test-app-with-model.ts';

const DISK_MB = 32;
let t: TestApp;
let llm: FakeLlm;
let victim: RunWorld;
let attacker: RunWorld & { key: string };
const secret = `victim-secret-${randomUUID()}`;
const canary = `canary-${randomUUID()}`;

beforeAll(async () => {
  // What the worker's process holds in its environment must never reach a run.
  process.env.SKILLPLANE_TEST_CANARY = canary;
  ({ t, llm } = await createTestAppWithModel({
    OPENAI_API_KEY: canary,
    DEFAULT_MODEL: 'openai:gpt-4o-mini',
    RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    SANDBOX_DISK_MB: String(DISK_MB),
    SANDBOX_COMMAND_TIMEOUT_SECONDS: '60',
  }));

  victim = await runWorld(t);
  await putWorkspaceFile(victim, 'private/secret.txt', `${secret}\n`);
  const m = marker();
  llm.script(m, [
    { toolCalls: [{ name: 'write_file', arguments: { path: 'report.txt', content: `${secret}\n` } }] },
    { text: 'Done.' },
  ]);
  const victimRun = await start(victim, victim.owner.session, m, ['private']);
  expect((await waitForStatus(victim, victimRun, ['completed', 'failed'])).status).toBe('completed');

  const owner = await runWorld(t);
  const member = await signedInUser(t);
  await addMember(t, owner.owner, owner.ws, member, 'member');
  const key = await createApiKey(t, member, { workspace_id: owner.ws, name: 'attacker' });
  attacker = { ...owner, key };
  await putWorkspaceFile(attacker, 'mine/notes.txt', 'my own notes\n');
});

afterAll(async () => {
  delete process.env.SKILLPLANE_TEST_CANARY;
  await t?.close();
});

const marker = () => `scenario-${randomUUID()}`;

async function start(w: RunWorld, credential: string, instructions: string, contextPaths: string[] = []) {
  const res = await t.fetch(
    '/api/v1/skill-runs',
    jsonBody({ workspace_id: w.ws, skill_id: w.skillId, instructions, context_paths: contextPaths }, auth(credential)),
  );
  expect(res.status).toBe(202);
  return (await json(res)).run_id as string;
}

/** Runs the attacker's scripted tool calls, one per model step, and returns the finished run with its tool results. */
async function attack(calls: Array<{ name: string; arguments: Record<string, unknown> }>) {
  const m = marker();
  const steps: ScriptedReply[] = calls.map((call) => ({ toolCalls: [call] }));
  llm.script(m, [...steps, { text: 'Finished trying.' }]);
  const runId = await start(attacker, attacker.key, m, ['mine']);
  const run = await waitForStatus(attacker, runId, ['completed', 'failed', 'cancelled', 'timed_out'], 60_000);
  const stream = await (await t.fetch(`/api/v1/skill-runs/${runId}/events`, { headers: auth(attacker.key) })).text();
  // What the commands and tools answered, not what was asked of them (a tool_call echoes its input).
  const events = stream
    .split('\n\n')
    .filter((block) => /^event: (tool_result|console)$/m.test(block))
    .join('\n\n');
  return { run, events };
}

const shell = (command: string) => ({ name: 'run_shell', arguments: { command } });
const dataDir = () => t.config.SKILLPLANE_DATA_DIR;

function expectContained(result: { run: { status: string; console_output: string }; events: string }, ran: string[]) {
  const everything = `${result.run.console_output}\n${result.events}`;
  for (const name of ran) expect(everything, `the ${name} attempt did not run`).toContain(`RAN:${name}`);
  expect(everything).not.toContain('BREACH');
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(canary);
}

describe('the sandbox holds against a member of another workspace', () => {
  it('cannot read other tenants, the host, the database or the source, and the run still completes', async () => {
    const d = dataDir();
    const result = await attack([
      // Every file the sandbox can see outside the read-only system /usr, searched for the other workspace's secret
      // and the worker's key.
      shell(
        `grep -rls -D skip --exclude-dir=proc --exclude-dir=dev --exclude-dir=usr -e '${secret}' -e '${canary}' / 2>/dev/null | sed 's/^/BREACH:found:/'; echo RAN:search`,
      ),
      shell(`ls -la '${d}' '${d}/runs' '${d}/files' 2>/dev/null && echo BREACH:datadir; echo RAN:datadir`),
      shell(`cat '${path.join(projectRoot, 'package.json')}' 2>/dev/null && echo BREACH:source; echo RAN:source`),
      shell(
        'for p in /proc/[0-9]*; do tr "\\0" "\\n" < $p/environ 2>/dev/null; done | grep -E "OPENAI|SKILLPLANE|DATABASE|PASSWORD" && echo BREACH:environ; ' +
          'test $(ls -d /proc/[0-9]* | wc -l) -lt 10 || echo BREACH:host-pids; echo RAN:proc',
      ),
      shell(
        'ls /tmp/.s.PGSQL* /var/run/postgresql 2>/dev/null && echo BREACH:pgsocket; ' +
          'ls -d /tmp/skillplane-* 2>/dev/null && echo BREACH:hosttmp; echo RAN:pg',
      ),
      {
        name: 'run_python',
        arguments: {
          code: [
            'import socket, urllib.parse',
            `targets = [("127.0.0.1", ${new URL(t.url).port}), ("127.0.0.1", ${new URL(llm.baseUrl).port}), ("127.0.0.1", ${new URL(t.databaseUrl).port || 5432})]`,
            'for host, port in targets:',
            '    s = socket.socket(); s.settimeout(2)',
            '    try:',
            '        s.connect((host, port)); print("BREACH:connect", port)',
            '    except OSError as e:',
            '        print("refused", port, e.errno)',
            'print("RAN:network")',
          ].join('\n'),
        },
      },
      shell(
        `for f in /usr/x /x /etc/x context/x '${d}/x' '${path.join(projectRoot, 'x')}'; do touch "$f" 2>/dev/null && echo BREACH:write:$f; done; echo RAN:write`,
      ),
      shell(
        'id -u | grep -qx 0 && echo BREACH:root; grep -q "^CapEff:\\s*0*$" /proc/self/status || echo BREACH:caps; echo RAN:identity',
      ),
      shell('unshare -U true 2>/dev/null && echo BREACH:userns; echo RAN:userns'),
    ]);
    expect(result.run.status).toBe('completed');
    expectContained(result, ['search', 'datadir', 'source', 'proc', 'pg', 'network', 'write', 'identity', 'userns']);
    expect(result.run.console_output).toMatch(/refused \d+/);
    for (const f of ['/usr/x', '/x', path.join(dataDir(), 'x'), path.join(projectRoot, 'x')])
      expect(existsSync(f)).toBe(false);
  });

  it('cannot follow a planted symlink out of its directory with read_file or write_file', async () => {
    const d = dataDir();
    const victimBlobs = path.join(d, 'files');
    const result = await attack([
      shell(
        `ln -s '${victimBlobs}' escape && ln -s /etc/passwd outputs/passwd && ln -s '${d}' outputs/data && echo RAN:links`,
      ),
      { name: 'read_file', arguments: { path: 'escape' } },
      { name: 'read_file', arguments: { path: 'outputs/passwd' } },
      { name: 'read_file', arguments: { path: '../../files' } },
      { name: 'write_file', arguments: { path: 'data/planted.txt', content: 'BREACH' } },
      { name: 'read_file', arguments: { path: 'context/mine/notes.txt' } },
    ]);
    expect(result.run.status).toBe('completed');
    expectContained(result, ['links']);
    expect(result.events).toContain('leaves the sandbox');
    expect(result.events).not.toContain('root:x:0:0');
    expect(result.events).toContain('my own notes');
    expect(existsSync(path.join(d, 'planted.txt'))).toBe(false);
  });

  it('cannot start more processes than its limit, and leaves none behind', async () => {
    const tag = 3000 + Math.floor(Math.random() * 900);
    const result = await attack([
      {
        name: 'run_python',
        arguments: {
          code: [
            'import os',
            'n = 0',
            'for i in range(500):',
            '    try:',
            '        pid = os.fork()',
            '    except OSError:',
            '        break',
            '    if pid == 0:',
            `        os.execv("/bin/sleep", ["sleep", "${tag}"])`,
            '    n += 1',
            'print("forked", n)',
            'if n >= 500: print("BREACH:fork")',
            'print("RAN:fork")',
          ].join('\n'),
        },
      },
      shell(
        `setsid sleep ${tag + 1} >/dev/null 2>&1 < /dev/null & nohup sleep ${tag + 2} >/dev/null 2>&1 & echo RAN:background`,
      ),
    ]);
    expect(result.run.status).toBe('completed');
    expectContained(result, ['fork', 'background']);
    // Every process the run started died with its PID namespace.
    const left = spawnedSleeps(tag);
    expect(left).toEqual([]);
  });

  it('fails the run with SANDBOX_DISK_QUOTA_EXCEEDED when it writes past its disk budget, and the disk keeps room', async () => {
    const result = await attack([
      shell(`dd if=/dev/zero of=big bs=1M count=${DISK_MB * 4} 2>&1 | tail -1; echo RAN:dd`),
      shell(`for i in $(seq 200); do head -c 1000000 /dev/zero > f$i || break; done; echo RAN:many`),
    ]);
    expect(result.run.status).toBe('failed');
    expect(result.run.error.type).toBe('SANDBOX_DISK_QUOTA_EXCEEDED');
    const runDir = path.join(dataDir(), 'runs', result.run.id);
    const use = await diskUsage(runDir);
    expect(use.bytes).toBeLessThan(2 * DISK_MB * 1024 * 1024);
  });

  it('floods its output without flooding the event log', async () => {
    const result = await attack([shell('yes flood | head -c 20000000; echo RAN:flood')]);
    expect(result.run.status).toBe('completed');
    expect(result.events).toContain('is not streamed');
    expect(result.events.length).toBeLessThan(4 * 1024 * 1024);
  });

  it('keeps each run to its own directory, owned by its own uid', async () => {
    const runsDir = path.join(dataDir(), 'runs');
    const others = (await readdir(runsDir)).filter((id) => id.startsWith('run_'));
    const result = await attack([
      shell(
        `ls /sandbox/../ ; for r in ${others.join(' ')}; do ls "${runsDir}/$r" 2>/dev/null && echo BREACH:$r; done; echo RAN:runs`,
      ),
    ]);
    expect(result.run.status).toBe('completed');
    expectContained(result, ['runs']);
  });
});

describe('without a sandbox', () => {
  it('fails runs that need one with SANDBOX_UNAVAILABLE and says why in /health', async () => {
    const bare = await createTestApp({
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: 'test-key',
      RATE_LIMIT_SKILL_RUNS_PER_MINUTE: '1000',
      SANDBOX_BWRAP_PATH: '/nonexistent/bwrap',
    });
    try {
      const w = await runWorld(bare);
      const m = marker();
      llm.script(m, [{ toolCalls: [shell('echo RAN:unconfined > /tmp/ran-unconfined')] }, { text: 'ok' }]);
      const res = await bare.fetch(
        '/api/v1/skill-runs',
        jsonBody({ workspace_id: w.ws, skill_id: w.skillId, instructions: m }, auth(w.owner.session)),
      );
      const run = await waitForStatus(w, (await json(res)).run_id, ['completed', 'failed']);
      expect(run.status).toBe('failed');
      expect(run.error.type).toBe('SANDBOX_UNAVAILABLE');
      expect(run.console_output ?? '').not.toContain('RAN:unconfined');
      const health = await json(await bare.fetch('/api/v1/health'));
      expect(health.checks.sandbox.status).toBe('down');
      expect(health.checks.sandbox.detail).toBe('the configured bubblewrap does not run');
    } finally {
      await bare.close();
    }
  });
});

function spawnedSleeps(tag: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => new RegExp(`sleep ${tag}|sleep ${tag + 1}|sleep ${tag + 2}`).test(line));
}
