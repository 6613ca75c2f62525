/**
 * Regression tests for what Schemathesis found (test/fuzz.test.ts), each through HTTP: the server and the document
 * now agree on what is valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from './support/files.ts';
import { auth } from './support/identity.ts';
import { type RunWorld, runWorld } from './support/runs.ts';
import { createTestApp, json, type TestApp } from './support/test-app.ts';

let t: TestApp;
let w: RunWorld;
let doc: {
  components: { schemas: Record<string, { pattern?: string; properties?: Record<string, { pattern?: string }> }> };
};
beforeAll(async () => {
  t = await createTestApp({}, { worker: false });
  w = await runWorld(t);
  doc = await json(await t.fetch('/openapi.json'));
});
afterAll(() => t?.close());

const h = () => auth(w.owner.session);

describe('what the fuzzer found', () => {
  it("answers 400, not Node's bare 431, to a URL just past the document's limits", async () => {
    // Over 16 KiB percent-encoded (Node's default limit), under the server's 64 KiB.
    const path = '𝄞'.repeat(1500);
    const res = await t.fetch(`/api/v1/files/tree?workspace_id=${w.ws}&path=${encodeURIComponent(path)}`, {
      headers: h(),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).errors[0].field).toBe('query.path');
  });

  it('documents the workspace paths it refuses, in queries and upload fields alike', async () => {
    const pattern = new RegExp(doc.components.schemas.FilePath!.pattern!);
    for (const path of ['/abs', 'a/../b', 'a\\b', 'C:x', 'tab\there']) {
      expect(pattern.test(path)).toBe(false);
      const query = await t.fetch(`/api/v1/files/tree?workspace_id=${w.ws}&path=${encodeURIComponent(path)}`, {
        headers: h(),
      });
      expect(query.status).toBe(400);
      const form = await upload(t, w.owner.session, {
        name: 'a.txt',
        content: 'x',
        fields: { workspace_id: w.ws, path },
      });
      expect(form.status).toBe(400);
      expect((await json(form)).errors[0].field).toBe('body.path');
    }
    for (const path of ['input/data.csv', './a', 'a/.../b', 'ab:c', 'dir/']) expect(pattern.test(path)).toBe(true);
  });
});
