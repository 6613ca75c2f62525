/**
 * The TypeScript client against the real server: identity, workspaces, members, API keys, skills, files and
 * schedules, each namespace's methods driven end to end.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Skillplane } from '../clients/typescript/src/index.ts';
import { saveToFile, uploadFromPath } from '../clients/typescript/src/node.ts';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import { makeZip } from './support/files.ts';
import { signedInUser } from './support/identity.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let w: ClientWorld;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_DEFAULT_PER_MINUTE: '100000', RATE_LIMIT_FILES_PER_MINUTE: '100000' });
  w = await clientWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('identity', () => {
  it('signs in, reads the user, and signs out (the token then stops working)', async () => {
    const user = await signedInUser(t);
    const client = new Skillplane({ baseUrl: `${t.url}/api/v1` });
    const session = await client.auth.signIn({ email: user.email, password: user.password });
    expect(client.credential).toBe(session.token);
    expect(await client.auth.me()).toMatchObject({ id: user.id, email: user.email });
    const token = session.token;
    await client.auth.signOut();
    expect(client.credential).toBeUndefined();
    const err = await apiError(new Skillplane({ baseUrl: t.url, sessionToken: token }).auth.me());
    expect(err.status).toBe(401);
  });

  it('creates users as an administrator', async () => {
    const admin = await clientWorld(t, { isAdmin: true });
    const created = await admin.client.users.create({ email: 'new-user@example.com', password: 'a long password 123' });
    expect(created).toMatchObject({ email: 'new-user@example.com' });
    expect(created).not.toHaveProperty('password');
  });

  it('manages workspaces and their members', async () => {
    const other = await signedInUser(t);
    const ws = await w.client.workspaces.create({ name: 'Second' });
    expect(ws.id).toMatch(/^ws_/);
    expect((await w.client.workspaces.get(ws.id)).name).toBe('Second');
    expect((await w.client.workspaces.update(ws.id, { name: 'Renamed' })).name).toBe('Renamed');
    const ids = [];
    for await (const each of w.client.workspaces.list({ limit: 1 })) ids.push(each.id);
    expect(ids).toEqual(expect.arrayContaining([w.workspaceId, ws.id]));

    const member = await w.client.members.add(ws.id, { email: other.email, role: 'viewer' });
    expect(member).toMatchObject({ user_id: other.id, role: 'viewer' });
    expect((await w.client.members.update(ws.id, other.id, { role: 'member' })).role).toBe('member');
    expect((await w.client.members.list(ws.id)).data.map((m) => m.user_id)).toContain(other.id);
    await w.client.members.remove(ws.id, other.id);
    expect((await w.client.members.list(ws.id)).data.map((m) => m.user_id)).not.toContain(other.id);

    await w.client.workspaces.delete(ws.id);
    expect((await apiError(w.client.workspaces.get(ws.id))).type).toBe('NOT_FOUND');
  });

  it('creates, lists and revokes API keys; a key works as the credential until revoked', async () => {
    const created = await w.client.apiKeys.create({ name: 'ci', workspace_id: w.workspaceId });
    expect(created.key).toMatch(/^spk_(live|test)_/);
    const keyClient = new Skillplane({ baseUrl: t.url, apiKey: created.key });
    expect((await keyClient.auth.me()).id).toBe(w.user.id);
    expect((await w.client.apiKeys.list()).data.map((k) => k.id)).toContain(created.id);
    await w.client.apiKeys.revoke(created.id);
    expect((await apiError(keyClient.auth.me())).status).toBe(401);
  });

  it('reads health without a credential', async () => {
    const health = await new Skillplane({ baseUrl: t.url }).health.get();
    expect(health.status).toBe('ok');
  });
});

describe('skills', () => {
  it('creates, reads, updates, lists versions, publishes and deletes', async () => {
    const skill = await w.client.skills.create({ name: 'summarise', description: 'd', instructions: 'Be short.' });
    expect(skill.workspace_id).toBe(w.workspaceId);
    expect((await w.client.skills.get(skill.id)).name).toBe('summarise');
    await w.client.skills.update(skill.id, { instructions: 'Be shorter.' });
    const versions = await w.client.skills.versions(skill.id).toArray();
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    const published = await w.client.skills.publish(skill.id, 2);
    expect(published).toMatchObject({ version: 2 });
    expect((await w.client.skills.list()).data.map((s) => s.id)).toContain(skill.id);
    await w.client.skills.delete(skill.id);
    expect((await apiError(w.client.skills.get(skill.id))).status).toBe(404);
  });
});

describe('files', () => {
  it('uploads a Blob, text, bytes, a stream and a path, then lists, reads, downloads and deletes', async () => {
    const blob = await w.client.files.upload({
      file: new Blob(['a,b\n1,2\n'], { type: 'text/csv' }),
      name: 'a.csv',
      path: 'in',
    });
    expect(blob).toMatchObject({ path: 'in/a.csv', size: 8, mime_type: 'text/csv' });
    const text = await w.client.files.upload({ file: 'héllo', name: 'naïve.txt', path: 'in' });
    expect(text).toMatchObject({ name: 'naïve.txt', size: 6 });
    const bytes = await w.client.files.upload({ file: new Uint8Array([1, 2, 3]), name: 'b.bin', path: 'in' });
    expect(bytes.size).toBe(3);
    const chunks = ['streamed ', 'content ', 'in parts'];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await w.client.files.upload({
      file: stream,
      name: 'stream.txt',
      path: 'in',
      contentType: 'text/plain',
    });
    expect(streamed).toMatchObject({ size: 25, mime_type: 'text/plain' });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'client-files-'));
    await writeFile(path.join(dir, 'from-disk.txt'), 'on disk');
    const fromPath = await uploadFromPath(w.client, path.join(dir, 'from-disk.txt'), { path: 'in' });
    expect(fromPath).toMatchObject({ name: 'from-disk.txt', size: 7 });

    expect((await w.client.files.get(blob.id)).sha256).toBe(blob.sha256);
    const listed = await w.client.files.list({ limit: 2 }).toArray();
    expect(listed.map((f) => f.id).sort()).toEqual([blob.id, text.id, bytes.id, streamed.id, fromPath.id].sort());
    const tree = await w.client.files.tree({ path: 'in' });
    expect(tree.data.map((e) => e.name).sort()).toEqual(['a.csv', 'b.bin', 'from-disk.txt', 'naïve.txt', 'stream.txt']);

    expect(await (await w.client.files.download(streamed.id)).text()).toBe('streamed content in parts');
    const part = await w.client.files.download(streamed.id, { range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('streamed');
    expect(await (await w.client.files.downloadByPath({ path: 'in/naïve.txt' })).text()).toBe('héllo');
    const target = path.join(dir, 'saved.csv');
    expect(await saveToFile(w.client.files.download(blob.id), target)).toBe(8);
    expect(await readFile(target, 'utf8')).toBe('a,b\n1,2\n');

    await w.client.files.delete(bytes.id);
    expect((await apiError(w.client.files.get(bytes.id))).type).toBe('NOT_FOUND');
    await w.client.files.deleteTree({ path: 'in' });
    expect((await w.client.files.list()).data).toEqual([]);
  });

  it('extracts a ZIP archive', async () => {
    const zip = await makeZip([
      { name: 'docs/one.txt', content: 'one' },
      { name: 'docs/two.txt', content: 'two' },
    ]);
    await w.client.files.upload({ file: new Blob([new Uint8Array(zip)]), name: 'pack.zip', path: 'archives' });
    const result = await w.client.files.extract({ path: 'archives/pack.zip', destination: 'unpacked' });
    expect(result).toMatchObject({ extracted_to: 'unpacked', file_count: 2 });
    expect(await (await w.client.files.downloadByPath({ path: 'unpacked/docs/two.txt' })).text()).toBe('two');
  });
});

describe('schedules', () => {
  it('creates, lists, reads, updates, pauses, resumes, triggers and deletes', async () => {
    const skill = await w.client.skills.create({ name: 'nightly', description: 'd', instructions: 'Report.' });
    const schedule = await w.client.schedules.create({
      name: 'every night',
      skill_id: skill.id,
      cron_expression: '0 3 * * *',
      timezone: 'Europe/Berlin',
      instructions: 'Nightly report.',
    });
    expect(schedule.id).toMatch(/^sched_/);
    expect((await w.client.schedules.get(schedule.id)).cron_expression).toBe('0 3 * * *');
    expect((await w.client.schedules.update(schedule.id, { cron_expression: '0 4 * * *' })).cron_expression).toBe(
      '0 4 * * *',
    );
    expect((await w.client.schedules.pause(schedule.id, { note: 'holiday' })).status).toBe('paused');
    expect((await w.client.schedules.resume(schedule.id)).status).toBe('active');
    expect((await w.client.schedules.trigger(schedule.id)).triggered).toBe(true);
    expect((await w.client.schedules.list()).data.map((s) => s.id)).toContain(schedule.id);
    await w.client.schedules.delete(schedule.id);
    expect((await apiError(w.client.schedules.get(schedule.id))).status).toBe(404);
  });
});
