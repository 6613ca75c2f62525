/**
 * Swagger UI at /docs, working with no network: its assets come from the pinned `swagger-ui-dist` package and are
 * served by us, the page runs no inline script, and a Content-Security-Policy keeps it to this origin (it is the
 * page where people paste their keys). Authorisations persist across reloads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Env, Hono } from 'hono';

const distDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const init = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Skillplane API</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

/** Swagger UI sets inline styles and shows schema images as data: URLs; everything else stays on this origin. */
const csp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const cache = new Map<string, Buffer>();
const asset = (name: string) => {
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(path.join(distDir, name));
    cache.set(name, body);
  }
  return body;
};

export function mountDocs<E extends Env>(app: Hono<E>): void {
  app.get('/docs', (c) => c.html(page, 200, { 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' }));
  app.get('/docs/init.js', (c) =>
    c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Security-Policy': csp }),
  );
  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    const type = Object.hasOwn(assets, name) ? assets[name] : undefined;
    if (!type) return c.notFound();
    return c.body(new Uint8Array(asset(name)), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    });
  });
}
