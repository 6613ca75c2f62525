/** The TypeScript client's `artifacts` namespace against the real server, every method end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, type ClientWorld, clientWorld } from './support/client.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let w: ClientWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await clientWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('artifacts', () => {
  it('publishes, replaces, lists, previews, serves, opens, renames and deletes', async () => {
    const project = await w.client.projects.create({ name: 'Client' });
    const files = { 'index.html': '<script src="assets/chart.js"></script>', 'assets/chart.js': new Uint8Array([59]) };
    const art = await w.client.artifacts.publish({
      project_id: project.id,
      path: 'report/index.html',
      type: 'report',
      files,
    });
    expect(art).toMatchObject({ root: 'report', type: 'report', version: 1, file_count: 2 });
    const again = await w.client.artifacts.publish({
      project_id: project.id,
      path: 'report/index.html',
      files: { 'index.html': '<p>v2</p>' },
    });
    expect(again).toMatchObject({ id: art.id, version: 2, file_count: 1 });

    expect((await w.client.artifacts.list({ project_id: project.id }).toArray()).map((a) => a.id)).toEqual([art.id]);
    expect((await w.client.artifacts.list({ type: 'doc' }).toArray()).length).toBe(0);
    expect((await w.client.artifacts.get(art.id)).title).toBe('report');
    const preview = await w.client.artifacts.preview({ project_id: project.id, path: 'report/index.html' });
    expect(preview).toMatchObject({ content: '<p>v2</p>', encoding: 'utf-8', truncated: false });
    const raw = await w.client.artifacts.serve(project.id, 'report/index.html');
    expect(raw.headers.get('content-security-policy')).toMatch(/^sandbox /);
    expect(await raw.text()).toBe('<p>v2</p>');
    const opened = await w.client.artifacts.open({ artifact_id: art.id, expires_in: 60 });
    expect(await (await fetch(opened.url)).text()).toBe('<p>v2</p>');

    expect((await w.client.artifacts.update(art.id, { title: 'Q3' })).title).toBe('Q3');
    await w.client.artifacts.delete(art.id);
    expect((await apiError(w.client.artifacts.get(art.id))).status).toBe(404);
    const bad = await apiError(
      w.client.artifacts.publish({ project_id: project.id, path: '../x.html', files: { 'x.html': 'x' } }),
    );
    expect(bad.status).toBe(400);
  });
});
