/**
 * Builds the one `OpenAPIHono` app: shared middleware, the routes generated from the document, the document itself
 * at /openapi.json and Swagger UI at /docs. Everything the app talks to comes in through `deps`.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { lazyChild } from '../logger.ts';
import { registerRoutes } from '../routes/index.ts';
import { mountDocs } from './docs.ts';
import { methodGuard, notFound, onError } from './error-handler.ts';
import { isStreamedUpload, openApiDocument } from './operations.ts';
import { ApiError } from './problem.ts';
import { requestLog } from './request-log.ts';
import type { AppEnv, Deps } from './types.ts';
import { temporalDeadline } from './unavailable.ts';
import { validationHook } from './validation-hook.ts';

const documentJson = JSON.stringify(openApiDocument);

export function createApp(deps: Deps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId({ limitLength: 200, generator: () => `req_${randomUUID().replaceAll('-', '')}` }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set(
      'logger',
      lazyChild(deps.logger, () => ({ request_id: c.get('requestId') })),
    );
    await next();
  });
  app.use(requestLog);
  // A handler's own value wins: artifact files must be loadable by their sandboxed (opaque-origin) page.
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-site', overwrite: false }));
  app.use('/api/*', methodGuard);
  app.use('/api/*', temporalDeadline);
  const jsonBodyLimit = bodyLimit({
    maxSize: deps.config.MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', {
        detail: `The request body exceeds ${deps.config.MAX_JSON_BODY_BYTES} bytes.`,
        // The rest of the body is not read, so the connection cannot be reused.
        headers: { Connection: 'close' },
      });
    },
  });
  // GET and HEAD never carry a body here (@hono/node-server builds their Request without one), and asking for it
  // would build a full fetch Request per read only to find none.
  const noBody = (method: string, path: string) =>
    method === 'GET' || method === 'HEAD' || isStreamedUpload(method, path);
  app.use('/api/*', (c, next) => (noBody(c.req.method, c.req.path) ? next() : jsonBodyLimit(c, next)));

  registerRoutes(app);

  app.get('/openapi.json', (c) => c.body(documentJson, 200, { 'Content-Type': 'application/json' }));
  mountDocs(app);
  app.get('/', (c) => c.redirect('/docs'));

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
