/**
 * @skillplane/client: a typed client for the Skillplane API. Web APIs only (fetch, streams, crypto.subtle), so it
 * runs in browsers, Deno, Bun and Node; file-path helpers are in `@skillplane/client/node`.
 */
export { type ClientOptions, Skillplane, Skillplane as default } from './client.ts';
export {
  ApiError,
  ConnectionError,
  RequestTimeoutError,
  SkillplaneError,
  WaitTimeoutError,
  WebhookVerificationError,
} from './core/errors.ts';
export { type Page, PagedList } from './core/pagination.ts';
export type { FetchLike, RequestOptions } from './core/transport.ts';
export type {
  Problem,
  Query,
  RequestBody,
  ResponseStreamEvent,
  Result,
  RunStatus,
  Schema,
  SkillRunEvent,
} from './core/types.ts';
export { type VerifyOptions, verifyWebhook, type WebhookPayload } from './core/webhook-signature.ts';
export type { components, operations, paths } from './generated/api.ts';
export type { Artifact, PublishParams } from './resources/artifacts.ts';
export type { Cell, CellEvent } from './resources/cells.ts';
export type { Connection, ConnectorSpec } from './resources/connectors.ts';
export type { Uploadable, UploadParams, WorkspaceFile } from './resources/files.ts';
export type {
  CreateResponseParams,
  ResponseObject,
  ResponseStream,
  StreamOptions,
} from './resources/responses.ts';
export type { Scratchpad } from './resources/scratchpads.ts';
export { type EventsOptions, type SkillRun, TERMINAL_STATUSES, type WaitOptions } from './resources/skill-runs.ts';
