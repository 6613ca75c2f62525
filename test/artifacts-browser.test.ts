/**
 * What a real browser (headless Chromium) makes of an artifact opened through its view URL, on the API's own
 * origin: its scripts and sibling assets (data fetched too) run and load, but in an opaque origin, so they cannot read what the API
 * origin keeps (a session token Swagger UI stored in localStorage), its cookies, or call the API as the viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactForm } from './support/artifacts.ts';
import { type BrowserPage, findChromium, openBrowser } from './support/chromium.ts';
import { auth, createWorkspace, jsonBody, signedInUser, type TestUser } from './support/identity.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

const chromium = findChromium();
if (!chromium) console.warn('artifacts-browser.test.ts skipped: no Chromium (apt-get install chromium).');

let t: TestApp;
let owner: TestUser;
let page: BrowserPage;

const PROBE = `
window.probe = { origin: self.origin, inline: window.inline === true };
try { window.probe.storage = String(localStorage.getItem('token')); } catch (e) { window.probe.storage = 'blocked:' + e.name; }
try { window.probe.cookie = document.cookie; } catch (e) { window.probe.cookie = 'blocked:' + e.name; }
window.done = Promise.all([
  fetch('/api/v1/me', { credentials: 'include' }).then(
    (r) => { window.probe.api = r.status; },
    () => { window.probe.api = 'blocked'; },
  ),
  fetch('assets/data.json').then((r) => r.json()).then(
    (data) => { window.probe.data = data.sales; },
    (e) => { window.probe.data = 'failed:' + e; },
  ),
]);`;

beforeAll(async () => {
  if (!chromium) return;
  t = await createTestApp();
  owner = await signedInUser(t);
  page = await openBrowser(chromium);
});
afterAll(async () => {
  await page?.close();
  await t?.close();
});

describe.skipIf(!chromium)('an artifact in a browser', () => {
  it('runs sandboxed: its scripts load but cannot reach what the API origin holds', async () => {
    const ws = await createWorkspace(t, owner);
    const project = await json(
      await t.fetch('/api/v1/projects', jsonBody({ workspace_id: ws, name: 'B' }, auth(owner.session))),
    );
    const published = await t.fetch('/api/v1/artifacts', {
      method: 'POST',
      headers: auth(owner.session),
      body: artifactForm({ project_id: project.id, path: 'probe/index.html' }, [
        {
          name: 'index.html',
          content: '<!doctype html><script>window.inline = true</script><script src="assets/probe.js"></script>',
        },
        { name: 'assets/probe.js', content: PROBE },
        { name: 'assets/data.json', content: '{"sales": 42}' },
      ]),
    });
    const artifact = await json(published);
    const opened = await json(
      await t.fetch('/api/v1/artifacts/open', jsonBody({ artifact_id: artifact.id }, auth(owner.session))),
    );

    // What Swagger UI on this origin could keep: a session token in localStorage.
    await page.goto(`${t.url}/docs`);
    await page.evaluate(`localStorage.setItem('token', ${JSON.stringify(owner.session)})`);
    expect(await page.evaluate<string>("localStorage.getItem('token')")).toBe(owner.session);

    await page.goto(opened.url);
    await page.evaluate('window.done');
    const probe = await page.evaluate<Record<string, unknown>>('window.probe');
    // Its own files load, scripts and data alike.
    expect(probe).toMatchObject({ origin: 'null', inline: true, data: 42 });
    expect(probe.storage).toBe('blocked:SecurityError');
    expect(probe.cookie).toBe('blocked:SecurityError');
    expect(probe.api).toBe('blocked');
    expect(JSON.stringify(probe)).not.toContain(owner.session);
  });
});
