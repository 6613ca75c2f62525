import { createRoute, z } from '@hono/zod-openapi'

export const ErrorCodeSchema = z
  .enum([
    'VALIDATION_FAILED',
    'MALFORMED_REQUEST',
    'AUTH_UNAUTHORIZED',
    'API_KEY_INVALID',
    'SESSION_INVALID',
    'SESSION_REQUIRED',
    'INVALID_CREDENTIALS',
    'FORBIDDEN',
    'NOT_FOUND',
    'ROUTE_NOT_FOUND',
    'METHOD_NOT_ALLOWED',
    'REQUEST_TIMEOUT',
    'CONFLICT',
    'SKILL_NAME_EXISTS',
    'SKILL_NOT_PUBLISHED',
    'CONTEXT_PATH_NOT_FOUND',
    'MODEL_PROVIDER_NOT_CONFIGURED',
    'RUN_NOT_ACTIVE',
    'RUN_NOT_WAITING',
    'CONCURRENT_RUN_LIMIT_EXCEEDED',
    'USAGE_INSUFFICIENT_CREDITS',
    'FILE_PATH_CONFLICT',
    'RANGE_NOT_SATISFIABLE',
    'ZIP_INVALID',
    'ZIP_UNSAFE_ENTRY',
    'ZIP_TOO_MANY_ENTRIES',
    'ZIP_TOO_LARGE',
    'ZIP_COMPRESSION_RATIO_EXCEEDED',
    'SCHEDULE_ACTION_UNAVAILABLE',
    'IDEMPOTENCY_KEY_REUSED',
    'IDEMPOTENCY_KEY_IN_PROGRESS',
    'IDEMPOTENCY_SECRET_NOT_REPLAYABLE',
    'MODEL_PRICE_UNKNOWN',
    'API_KEY_LIMIT_REACHED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'UNPROCESSABLE_ENTITY',
    'RATE_LIMIT_EXCEEDED',
    'INTERNAL_ERROR',
    'SERVICE_UNAVAILABLE',
    'ORCHESTRATOR_UNAVAILABLE',
    'SKILL_HAS_ACTIVE_RUNS',
    'CONVERSATION_BUSY',
    'WEBHOOK_NOT_FOUND',
    'WEBHOOK_URL_REFUSED',
    'WEBHOOK_URL_DUPLICATE',
    'WEBHOOK_LIMIT_EXCEEDED',
    'WEBHOOK_DISABLED',
    'WEBHOOK_DELIVERY_PENDING',
    'CONNECTOR_HOST_REFUSED',
    'CONNECTOR_NOT_CONFIGURED',
    'OAUTH_STATE_INVALID',
    'OAUTH_AUTHORIZATION_FAILED',
    'OAUTH_TOKEN_EXCHANGE_FAILED',
  ])
  .openapi({
    description:
      "The codes a problem's `type` takes today, each with its HTTP status. `Problem.type` is an open string (a newer\nserver may add codes), so this list documents the known values rather than closing the set:\n- `VALIDATION_FAILED` (400): the request body, query or path failed validation; see `errors`.\n- `MALFORMED_REQUEST` (400): the body is not parseable (e.g. invalid JSON).\n- `AUTH_UNAUTHORIZED` (401): no credentials were sent.\n- `API_KEY_INVALID` (401): the API key is unknown, revoked or expired.\n- `SESSION_INVALID` (401): the session token is unknown, revoked or expired.\n- `SESSION_REQUIRED` (403): the operation needs a session token; API keys cannot call it.\n- `INVALID_CREDENTIALS` (401): e-mail or password is wrong.\n- `FORBIDDEN` (403): the caller lacks the permission named in `detail`.\n- `NOT_FOUND` (404): no such object (or it belongs to another workspace).\n- `ROUTE_NOT_FOUND` (404): no such route.\n- `METHOD_NOT_ALLOWED` (405): the route exists but not with this method.\n- `REQUEST_TIMEOUT` (408): the client sent the request body too slowly (or stopped sending an upload); the connection is closed.\n- `CONFLICT` (409): the request conflicts with the current state.\n- `SKILL_NAME_EXISTS` (409): a skill with this name exists in the workspace.\n- `SKILL_NOT_PUBLISHED` (409): the skill has no published version; run the draft or publish one.\n- `CONTEXT_PATH_NOT_FOUND` (400): a `context_paths` entry names no file or folder of the workspace.\n- `MODEL_PROVIDER_NOT_CONFIGURED` (400): the run's model names a provider this server has no credentials for.\n- `RUN_NOT_ACTIVE` (409): the run has already finished.\n- `RUN_NOT_WAITING` (409): the run is not waiting for input.\n- `CONCURRENT_RUN_LIMIT_EXCEEDED` (429): the workspace has its maximum of queued and running runs.\n- `USAGE_INSUFFICIENT_CREDITS` (402): the workspace has spent its budget.\n- `FILE_PATH_CONFLICT` (409): the path runs through an existing file, or a file would replace a folder.\n- `RANGE_NOT_SATISFIABLE` (416): the `Range` starts past the end of the file; see `Content-Range`.\n- `ZIP_INVALID` (422): the file is not a readable ZIP, or an entry's content does not match its header.\n- `ZIP_UNSAFE_ENTRY` (422): an entry has a `..`, absolute or invalid name, is a symbolic link, is encrypted, or repeats or collides with another entry.\n- `ZIP_TOO_MANY_ENTRIES` (422): the archive has more entries than the server allows.\n- `ZIP_TOO_LARGE` (422): the entries' total uncompressed size is above the server's limit.\n- `ZIP_COMPRESSION_RATIO_EXCEEDED` (422): uncompressed size over archive size is above the server's limit (a zip bomb).\n- `SCHEDULE_ACTION_UNAVAILABLE` (409): the schedule's action cannot be taken here (no longer returned since prompt schedules run; kept for clients that know it).\n- `IDEMPOTENCY_KEY_REUSED` (409): the Idempotency-Key was used with a different request.\n- `IDEMPOTENCY_KEY_IN_PROGRESS` (409): a request with this Idempotency-Key is still being processed.\n- `IDEMPOTENCY_SECRET_NOT_REPLAYABLE` (409): the first request with this Idempotency-Key succeeded and its response held a secret, which is shown only once; `detail` names the object it created.\n- `MODEL_PRICE_UNKNOWN` (400): the workspace has a budget and the server knows no price for the run's model (`MODEL_PRICES`, `MODEL_DEFAULT_PRICE`).\n- `API_KEY_LIMIT_REACHED` (409): the user has the maximum number of active API keys (`MAX_API_KEYS_PER_USER`); revoke one first.\n- `PAYLOAD_TOO_LARGE` (413): the body exceeds the limit.\n- `UNSUPPORTED_MEDIA_TYPE` (415): the Content-Type is not accepted.\n- `UNPROCESSABLE_ENTITY` (422): the request is well-formed but cannot be carried out.\n- `RATE_LIMIT_EXCEEDED` (429): too many requests; see `Retry-After`.\n- `INTERNAL_ERROR` (500): an unexpected error; quote `request_id` when reporting it.\n- `SERVICE_UNAVAILABLE` (503): the database is not answering; retry after `Retry-After` seconds.\n- `ORCHESTRATOR_UNAVAILABLE` (503): Temporal did not answer in time; retry after `Retry-After` seconds. An object the request already wrote is finished in the background, and a retry with the same `Idempotency-Key` returns it.\n- `SKILL_HAS_ACTIVE_RUNS` (409): the skill has queued, running or waiting runs; cancel them or wait for them to end.\n- `CONVERSATION_BUSY` (409): the conversation has a turn queued or running and the request's `multitask_strategy` is `reject`.\n- `WEBHOOK_NOT_FOUND` (404): no such webhook endpoint, event or delivery (or it belongs to another workspace).\n- `WEBHOOK_URL_REFUSED` (400): the webhook URL is not http(s), carries credentials, does not resolve, or resolves to a non-public address; see `errors` (`body.url`).\n- `WEBHOOK_URL_DUPLICATE` (409): the workspace already has an endpoint with this URL.\n- `WEBHOOK_LIMIT_EXCEEDED` (409): the workspace has its maximum of webhook endpoints (`WEBHOOK_MAX_PER_WORKSPACE`, 25).\n- `WEBHOOK_DISABLED` (409): the endpoint is disabled; enable it first.\n- `WEBHOOK_DELIVERY_PENDING` (409): the delivery is still being attempted.\n- `CONNECTOR_HOST_REFUSED` (400): a connection's host does not resolve, or resolves to a non-public address the operator has not allowed (`CONNECTOR_ALLOWED_HOSTS`); see `errors` (`body.credentials.host`).\n- `CONNECTOR_NOT_CONFIGURED` (409): the connector spec needs an OAuth client this server has not been given (see the spec's `enabled`).\n- `OAUTH_STATE_INVALID` (400): the OAuth `state` is unknown, was used already, or has expired; start the authorization again.\n- `OAUTH_AUTHORIZATION_FAILED` (400): the provider sent the user back with an error (e.g. `access_denied`) instead of a code.\n- `OAUTH_TOKEN_EXCHANGE_FAILED` (502): the provider's token endpoint did not exchange the code for a token.\n",
  })
  .openapi('ErrorCode')

export type ErrorCode = z.infer<typeof ErrorCodeSchema>

export const FieldErrorSchema = z
  .object({
    field: z
      .string()
      .openapi({
        description:
          'Dotted path of the offending field (`body.name`, `body.context_paths[0]`, `query.limit`, `path.id`, `header.idempotency-key`).',
        examples: ['body.name'],
      }),
    message: z.string().openapi({ examples: ['Expected string', 'received number'] }),
    code: z
      .string()
      .openapi({
        description:
          'Validator issue code (e.g. `invalid_type`, `too_small`, `invalid_format`, `unrecognized_keys`).',
        examples: ['invalid_type'],
      }),
  })
  .readonly()
  .openapi({
    description: 'One field that failed validation.',
    required: ['field', 'message', 'code'],
  })
  .openapi('FieldError')

export type FieldError = z.infer<typeof FieldErrorSchema>

export const ProblemSchema = z
  .object({
    type: z
      .union([ErrorCodeSchema, z.string()])
      .openapi({
        description:
          "The error code: one of `ErrorCode`'s values today. It is an open set: a newer server may answer with a code\nthis list lacks, so compare it as a string and fall back on `status` for codes you do not know.\n",
        examples: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMIT_EXCEEDED'],
      }),
    title: z
      .string()
      .openapi({
        description: 'Short human-readable summary of the code.',
        examples: ['Validation failed'],
      }),
    status: z.int().openapi({ description: 'The HTTP status code.', examples: [400] }),
    detail: z
      .string()
      .exactOptional()
      .openapi({ description: 'Human-readable explanation of this occurrence.' }),
    instance: z
      .string()
      .exactOptional()
      .openapi({ description: 'The request path.', examples: ['/api/v1/skills'] }),
    request_id: z
      .string()
      .openapi({ description: 'The request id (also in the `X-Request-ID` header).' }),
    errors: z
      .array(FieldErrorSchema)
      .readonly()
      .exactOptional()
      .openapi({ description: 'Field-level errors, present for `VALIDATION_FAILED`.' }),
  })
  .readonly()
  .openapi({
    description: "An error, as RFC 9457 problem details with Skillplane's extensions.",
    required: ['type', 'title', 'status', 'request_id'],
  })
  .openapi('Problem')

export type Problem = z.infer<typeof ProblemSchema>

export const NextCursorSchema = z
  .string()
  .nullable()
  .openapi({ description: 'Cursor for the next page, or null on the last page.' })
  .openapi('NextCursor')

export type NextCursor = z.infer<typeof NextCursorSchema>

export const HasMoreSchema = z
  .boolean()
  .openapi({ description: 'Whether another page follows.' })
  .openapi('HasMore')

export type HasMore = z.infer<typeof HasMoreSchema>

export const InstantOrDateSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .openapi({
    description:
      'An RFC 3339 date-time with `Z` or any offset (`2025-01-01T09:30:00+01:00`, fractional seconds allowed; compared\nin UTC), or a plain date (`2025-01-01`), which means 00:00 UTC of that day.\n',
    examples: ['2025-01-01', '2025-01-01T09:30:00+01:00'],
  })
  .openapi('InstantOrDate')

export type InstantOrDate = z.infer<typeof InstantOrDateSchema>

export const EmailAddressSchema = z
  .string()
  .regex(
    /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    { error: 'Must be an e-mail address (see the EmailAddress schema)' },
  )
  .max(254)
  .openapi({
    description:
      "An e-mail address, by one rule for the document and the server: an RFC 5321 mailbox whose local part is a\ndot-string (letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dot-separated, at most 64 characters) and whose domain\nis a host name (one or more labels of letters, digits and inner hyphens, such as `localhost` or\n`mail.example.com`). Quoted local parts and address literals (`user@[192.0.2.1]`) are not accepted.\n",
    examples: ['ada@example.com', "o'brien+reports@mail.example.org", 'ops@localhost'],
  })
  .openapi('EmailAddress')

export type EmailAddress = z.infer<typeof EmailAddressSchema>

export const HealthStatusSchema = z
  .enum(['ok', 'degraded'])
  .openapi({ description: '`degraded` when any check is `down` (then the answer is a 503).' })
  .openapi('HealthStatus')

export type HealthStatus = z.infer<typeof HealthStatusSchema>

export const HealthCheckStatusSchema = z.enum(['up', 'down']).openapi('HealthCheckStatus')

export type HealthCheckStatus = z.infer<typeof HealthCheckStatusSchema>

export const HealthCheckSchema = z
  .object({
    status: HealthCheckStatusSchema,
    latency_ms: z.int().min(0).openapi({ description: 'Time the check took.' }),
    detail: z
      .string()
      .exactOptional()
      .openapi({ description: 'Why the check failed, when it did.' }),
  })
  .readonly()
  .openapi({ required: ['status', 'latency_ms'] })
  .openapi('HealthCheck')

export type HealthCheck = z.infer<typeof HealthCheckSchema>

export const HealthSchema = z
  .object({
    status: HealthStatusSchema,
    version: z.string().openapi({ examples: ['0.1.0'] }),
    checks: z
      .object({
        database: HealthCheckSchema,
        temporal: HealthCheckSchema,
        worker: HealthCheckSchema,
        sandbox: HealthCheckSchema.openapi({
          description:
            'Whether this process can confine commands with bubblewrap. When it is `down`, runs whose skills use `run_shell` or `run_python` fail with `SANDBOX_UNAVAILABLE` (commands never run unconfined); `detail` says why.',
        }),
      })
      .readonly()
      .openapi({ required: ['database', 'temporal', 'worker', 'sandbox'] }),
  })
  .readonly()
  .openapi({ required: ['status', 'version', 'checks'] })
  .openapi('Health')

export type Health = z.infer<typeof HealthSchema>

export const CreateSessionSchema = z
  .strictObject({
    email: EmailAddressSchema,
    password: z.string().min(1).max(256).openapi({ writeOnly: true }),
  })
  .readonly()
  .openapi({ required: ['email', 'password'] })
  .openapi('CreateSession')

export type CreateSession = z.infer<typeof CreateSessionSchema>

export const UserSchema = z
  .object({
    id: z.string().openapi({ examples: ['usr_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    email: EmailAddressSchema,
    name: z.string().nullable(),
    is_admin: z
      .boolean()
      .openapi({ description: 'Instance administrators may create users and global skills.' }),
    created_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({ required: ['id', 'email', 'name', 'is_admin', 'created_at'] })
  .openapi('User')

export type User = z.infer<typeof UserSchema>

export const SessionCreatedSchema = z
  .object({
    token: z
      .string()
      .openapi({
        description: 'The session token (`sps_…`). Send it like an API key; it is shown only here.',
        'x-secret': true,
      }),
    expires_at: z.iso.datetime({ offset: true }),
    user: UserSchema,
  })
  .readonly()
  .openapi({ required: ['token', 'expires_at', 'user'] })
  .openapi('SessionCreated')

export type SessionCreated = z.infer<typeof SessionCreatedSchema>

export const CreateUserSchema = z
  .strictObject({
    email: EmailAddressSchema,
    password: z.string().min(12).max(256).openapi({ writeOnly: true }),
    name: z.string().max(200).exactOptional(),
    is_admin: z.boolean().default(false).exactOptional(),
  })
  .readonly()
  .openapi({ required: ['email', 'password'] })
  .openapi('CreateUser')

export type CreateUser = z.infer<typeof CreateUserSchema>

export const RoleSchema = z
  .enum(['owner', 'admin', 'member', 'viewer'])
  .openapi({
    description:
      "A member's role in a workspace. Permissions per role:\n- `viewer`: every `*_READ` permission.\n- `member`: viewer + `FILES_UPLOAD`, `FILES_DELETE`, `FILES_CREATE`, `SKILLS_WRITE`, `SKILL_RUNS_CREATE`,\n  `SKILL_RUNS_CANCEL`, `SCHEDULES_WRITE`.\n- `admin`: member + `WORKSPACE_UPDATE`, `MEMBERS_MANAGE`, `SKILLS_PUBLISH`, `WEBHOOKS_WRITE`, `CONNECTORS_WRITE`.\n- `owner`: admin + `WORKSPACE_DELETE`.\n",
  })
  .openapi('Role')

export type Role = z.infer<typeof RoleSchema>

export const WorkspaceSchema = z
  .object({
    id: z.string().openapi({ examples: ['ws_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    name: z.string(),
    role: RoleSchema.openapi({ description: "The caller's role in this workspace." }),
    budget_usd: z
      .string()
      .nullable()
      .openapi({
        description:
          'Spending limit for runs in USD (decimal string); new runs get 402 once runs have cost this much. Null means none.',
        examples: ['25.00'],
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({ required: ['id', 'name', 'role', 'budget_usd', 'created_at', 'updated_at'] })
  .openapi('Workspace')

export type Workspace = z.infer<typeof WorkspaceSchema>

export const WorkspaceListSchema = z
  .object({
    data: z.array(WorkspaceSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('WorkspaceList')

export type WorkspaceList = z.infer<typeof WorkspaceListSchema>

export const CreateWorkspaceSchema = z
  .strictObject({ name: z.string().min(1).max(200) })
  .readonly()
  .openapi({ required: ['name'] })
  .openapi('CreateWorkspace')

export type CreateWorkspace = z.infer<typeof CreateWorkspaceSchema>

export const UpdateWorkspaceSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    budget_usd: z
      .string()
      .regex(/^\d{1,8}(\.\d{1,6})?$/)
      .nullable()
      .exactOptional()
      .openapi({ description: 'Spending limit in USD as a decimal string, or null to remove it.' }),
  })
  .readonly()
  .openapi('UpdateWorkspace')

export type UpdateWorkspace = z.infer<typeof UpdateWorkspaceSchema>

export const MemberSchema = z
  .object({
    user_id: z.string(),
    email: EmailAddressSchema,
    name: z.string().nullable(),
    role: RoleSchema,
    created_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({ required: ['user_id', 'email', 'name', 'role', 'created_at'] })
  .openapi('Member')

export type Member = z.infer<typeof MemberSchema>

export const MemberListSchema = z
  .object({
    data: z.array(MemberSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('MemberList')

export type MemberList = z.infer<typeof MemberListSchema>

export const AddMemberSchema = z
  .strictObject({
    email: EmailAddressSchema.openapi({ description: 'E-mail of an existing user.' }),
    role: RoleSchema,
  })
  .readonly()
  .openapi({ required: ['email', 'role'] })
  .openapi('AddMember')

export type AddMember = z.infer<typeof AddMemberSchema>

export const UpdateMemberSchema = z
  .strictObject({ role: RoleSchema })
  .readonly()
  .openapi({ required: ['role'] })
  .openapi('UpdateMember')

export type UpdateMember = z.infer<typeof UpdateMemberSchema>

export const ApiKeyModeSchema = z
  .enum(['live', 'test'])
  .openapi({
    description:
      'Marks the key `spk_live_…` or `spk_test_…` so secret scanners and people can tell them apart.',
  })
  .openapi('ApiKeyMode')

export type ApiKeyMode = z.infer<typeof ApiKeyModeSchema>

export const ScopeSchema = z
  .enum([
    'workspaces:read',
    'workspaces:write',
    'files:read',
    'files:write',
    'skills:read',
    'skills:write',
    'runs:read',
    'runs:write',
    'schedules:read',
    'schedules:write',
    'webhooks:read',
    'webhooks:write',
    'projects:read',
    'projects:write',
    'conversations:read',
    'conversations:write',
    'memories:read',
    'memories:write',
    'connectors:read',
    'connectors:write',
    'artifacts:read',
    'artifacts:write',
  ])
  .openapi({
    'x-enum-varnames': [
      'WORKSPACES_READ',
      'WORKSPACES_WRITE',
      'FILES_READ',
      'FILES_WRITE',
      'SKILLS_READ',
      'SKILLS_WRITE',
      'RUNS_READ',
      'RUNS_WRITE',
      'SCHEDULES_READ',
      'SCHEDULES_WRITE',
      'WEBHOOKS_READ',
      'WEBHOOKS_WRITE',
      'PROJECTS_READ',
      'PROJECTS_WRITE',
      'CONVERSATIONS_READ',
      'CONVERSATIONS_WRITE',
      'MEMORIES_READ',
      'MEMORIES_WRITE',
      'CONNECTORS_READ',
      'CONNECTORS_WRITE',
      'ARTIFACTS_READ',
      'ARTIFACTS_WRITE',
    ],
    description:
      "An API-key scope. A key with scopes may only call operations whose permission falls under one of them\n(`FILES_READ` → `files:read`, `FILES_UPLOAD` → `files:write`, `SKILL_RUNS_CREATE` → `runs:write`, …); a key\nwithout scopes may call everything its owner's role allows.\n",
  })
  .openapi('Scope')

export type Scope = z.infer<typeof ScopeSchema>

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ examples: ['key_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    name: z.string(),
    key_prefix: z
      .string()
      .openapi({
        description: 'The first characters of the key, enough to recognise it.',
        examples: ['spk_live_4f9a2c'],
      }),
    mode: ApiKeyModeSchema,
    scopes: z
      .array(ScopeSchema)
      .readonly()
      .openapi({ description: "Empty means every permission of the owner's role." }),
    workspace_id: z
      .string()
      .nullable()
      .openapi({
        description:
          'The one workspace this key may act in, or null for every workspace of its owner.',
      }),
    last_used_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({ description: 'Updated at most once a minute.' }),
    created_at: z.iso.datetime({ offset: true }),
    expires_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'name',
      'key_prefix',
      'mode',
      'scopes',
      'workspace_id',
      'last_used_at',
      'created_at',
      'expires_at',
    ],
  })
  .openapi('ApiKey')

export type ApiKey = z.infer<typeof ApiKeySchema>

export const ApiKeyListSchema = z
  .object({
    data: z.array(ApiKeySchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ApiKeyList')

export type ApiKeyList = z.infer<typeof ApiKeyListSchema>

export const CreateApiKeySchema = z
  .strictObject({
    name: z.string().min(1).max(200).default('API Key').exactOptional(),
    mode: ApiKeyModeSchema.default('live').exactOptional(),
    scopes: z
      .array(ScopeSchema)
      .max(12)
      .refine((items) => new Set(items).size === items.length)
      .readonly()
      .exactOptional(),
    workspace_id: z
      .string()
      .exactOptional()
      .openapi({ description: 'Limit the key to this workspace (the creator must be a member).' }),
    expires_at: z.iso
      .datetime({ offset: true })
      .exactOptional()
      .openapi({ description: 'When the key stops working; must be in the future.' }),
  })
  .readonly()
  .openapi('CreateApiKey')

export type CreateApiKey = z.infer<typeof CreateApiKeySchema>

export const ApiKeyCreatedSchema = z
  .object({
    id: z.string(),
    key: z
      .string()
      .openapi({
        description: 'The full key. It is shown only in this response.',
        'x-secret': true,
        examples: ['spk_live_4f9a2c0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e'],
      }),
    prefix: z.string(),
    name: z.string(),
    mode: ApiKeyModeSchema,
    scopes: z.array(ScopeSchema).readonly(),
    workspace_id: z.string().nullable(),
    created_at: z.iso.datetime({ offset: true }),
    expires_at: z.iso.datetime({ offset: true }).nullable(),
    message: z.string().openapi({ examples: ['Save this key now. It cannot be shown again.'] }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'key',
      'prefix',
      'name',
      'mode',
      'scopes',
      'workspace_id',
      'created_at',
      'expires_at',
      'message',
    ],
  })
  .openapi('ApiKeyCreated')

export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>

export const SortOrderSchema = z
  .enum(['created_at', '-created_at'])
  .default('-created_at')
  .openapi({
    'x-enum-varnames': ['CREATED_AT_ASC', 'CREATED_AT_DESC'],
    description: '`created_at` oldest first, `-created_at` newest first.',
  })
  .openapi('SortOrder')

export type SortOrder = z.infer<typeof SortOrderSchema>

export const SkillNameSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .min(1)
  .max(64)
  .openapi({
    description: 'Kebab-case identifier, unique per workspace.',
    examples: ['weekly-report'],
  })
  .openapi('SkillName')

export type SkillName = z.infer<typeof SkillNameSchema>

export const ToolNameSchema = z
  .enum(['read_file', 'write_file', 'list_files', 'run_python', 'run_shell', 'ask_user'])
  .openapi({
    description:
      "A built-in tool the agent may call while running a skill:\n- `read_file`: read a context file staged into the run's sandbox.\n- `write_file`: write an output file (kept as a run output).\n- `list_files`: list the sandbox's files.\n- `run_python`: run Python code in the sandbox (timeout, CPU and memory limits, no network where the OS allows).\n- `run_shell`: run a shell command in the sandbox, with the same limits.\n- `ask_user`: pause the run in `waiting` until someone answers through `POST /api/v1/skill-runs/{run_id}/input`.\n",
  })
  .openapi('ToolName')

export type ToolName = z.infer<typeof ToolNameSchema>

export const SkillSchema = z
  .object({
    id: z.string().openapi({ examples: ['skill_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    name: SkillNameSchema,
    description: z.string(),
    instructions: z.string(),
    tools: z.array(ToolNameSchema).readonly(),
    is_global: z
      .boolean()
      .openapi({
        description:
          'Visible to (and runnable in) every workspace; only instance administrators create or change these. Outside\nits own workspace only its published version is visible (fields, `version` and the version list show that\nversion) and runnable; until one is published it is invisible there.\n',
      }),
    version: z
      .int()
      .openapi({ description: 'The latest (draft) version; the top-level fields show it.' }),
    published_version: z
      .int()
      .nullable()
      .openapi({ description: 'The version runs use unless they ask for the draft.' }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'name',
      'description',
      'instructions',
      'tools',
      'is_global',
      'version',
      'published_version',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Skill')

export type Skill = z.infer<typeof SkillSchema>

export const SkillListSchema = z
  .object({
    data: z.array(SkillSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('SkillList')

export type SkillList = z.infer<typeof SkillListSchema>

export const CreateSkillSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    name: SkillNameSchema,
    description: z.string().min(1).max(1000),
    instructions: z.string().max(100000).default('').exactOptional(),
    tools: z
      .array(ToolNameSchema)
      .max(20)
      .refine((items) => new Set(items).size === items.length)
      .readonly()
      .exactOptional(),
    is_global: z.boolean().default(false).exactOptional(),
    publish: z
      .boolean()
      .default(true)
      .exactOptional()
      .openapi({ description: 'Publish version 1 at once (runs can use it straight away).' }),
  })
  .readonly()
  .openapi({ required: ['name', 'description'] })
  .openapi('CreateSkill')

export type CreateSkill = z.infer<typeof CreateSkillSchema>

export const UpdateSkillSchema = z
  .strictObject({
    name: SkillNameSchema.exactOptional(),
    description: z.string().min(1).max(1000).exactOptional(),
    instructions: z.string().max(100000).exactOptional(),
    tools: z
      .array(ToolNameSchema)
      .max(20)
      .refine((items) => new Set(items).size === items.length)
      .readonly()
      .exactOptional(),
    publish: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({ description: 'Publish the new version at once (needs `SKILLS_PUBLISH`).' }),
  })
  .readonly()
  .openapi('UpdateSkill')

export type UpdateSkill = z.infer<typeof UpdateSkillSchema>

export const SkillVersionStageSchema = z
  .enum(['draft', 'published', 'archived'])
  .openapi({
    description:
      '`published` is the version runs use; `draft` is the latest when it is not published; older ones are `archived`.',
  })
  .openapi('SkillVersionStage')

export type SkillVersionStage = z.infer<typeof SkillVersionStageSchema>

export const SkillVersionSchema = z
  .object({
    skill_id: z.string(),
    version: z.int(),
    name: SkillNameSchema,
    description: z.string(),
    instructions: z.string(),
    tools: z.array(ToolNameSchema).readonly(),
    stage: SkillVersionStageSchema,
    created_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'skill_id',
      'version',
      'name',
      'description',
      'instructions',
      'tools',
      'stage',
      'created_at',
    ],
  })
  .openapi('SkillVersion')

export type SkillVersion = z.infer<typeof SkillVersionSchema>

export const SkillVersionListSchema = z
  .object({
    data: z.array(SkillVersionSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('SkillVersionList')

export type SkillVersionList = z.infer<typeof SkillVersionListSchema>

export const RunStatusSchema = z
  .enum(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled', 'timed_out'])
  .openapi({
    description:
      '`queued → running → (waiting ↔ running) → completed | failed | cancelled | timed_out`. `waiting` means the\nagent asked a question (`ask_user`); answer it with `POST /api/v1/skill-runs/{run_id}/input`.\n',
  })
  .openapi('RunStatus')

export type RunStatus = z.infer<typeof RunStatusSchema>

export const RunErrorSchema = z
  .object({
    type: z
      .string()
      .openapi({
        description:
          "A code: `MODEL_REQUEST_REJECTED`, `MODEL_UNAVAILABLE`, `STEP_LIMIT_REACHED`, `SKILL_DELETED`,\n`SANDBOX_UNAVAILABLE` (commands must run confined and this worker has no working sandbox),\n`SANDBOX_DISK_QUOTA_EXCEEDED` (the run kept more than its disk budget in its working directory and outputs),\n`INTERNAL_ERROR` (details are in the server's log, not here); `WORKFLOW_TERMINATED` (its workflow was\nterminated by Temporal, e.g. at a history limit, or by an operator; `detail` gives the reason),\n`WORKFLOW_TIMED_OUT`, `WORKFLOW_FAILED`, `WORKFLOW_NOT_FOUND` (found within seconds by the server's\nreconciler); and for a scheduled run that could not start, the code that refused it\n(`CONTEXT_PATH_NOT_FOUND`, `CONCURRENT_RUN_LIMIT_EXCEEDED`, `USAGE_INSUFFICIENT_CREDITS`,\n`SKILL_NOT_PUBLISHED`, `NOT_FOUND`, `MODEL_PROVIDER_NOT_CONFIGURED`, `MODEL_PRICE_UNKNOWN`).\n",
      }),
    title: z.string(),
    detail: z.string(),
  })
  .readonly()
  .openapi({
    description: 'Why a run failed, as problem details.',
    required: ['type', 'title', 'detail'],
  })
  .openapi('RunError')

export type RunError = z.infer<typeof RunErrorSchema>

export const SkillRunSchema = z
  .object({
    id: z.string().openapi({ examples: ['run_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    skill_id: z.string().nullable().openapi({ description: 'Null once the skill is deleted.' }),
    skill_name: z.string(),
    skill_version: z.int(),
    status: RunStatusSchema,
    model: z
      .string()
      .openapi({
        description:
          '`provider:model`, e.g. `openai:gpt-4o-mini` or `anthropic:claude-sonnet-4-5`.',
      }),
    instructions: z.string().nullable(),
    context_paths: z.array(z.string()).readonly(),
    notify_emails: z.array(EmailAddressSchema).readonly(),
    max_duration: z
      .int()
      .openapi({ description: 'Seconds the run may take before it ends `timed_out`.' }),
    input_tokens: z.int(),
    output_tokens: z.int(),
    cost_usd: z
      .string()
      .openapi({
        description: 'Decimal string, 6 places, from the per-model price table.',
        examples: ['0.000320'],
      }),
    console_output: z
      .string()
      .openapi({
        description: "What the sandbox's commands printed (truncated to the last 256 KiB).",
      }),
    question: z
      .string()
      .nullable()
      .openapi({ description: 'While `waiting`, what the agent asked.' }),
    error: z.xor([RunErrorSchema, z.null().nullable()]),
    output_files: z
      .array(z.string())
      .readonly()
      .openapi({ description: 'Paths of the files the run wrote.' }),
    retry_of: z.string().nullable().openapi({ description: 'The run this one retries.' }),
    schedule_id: z
      .string()
      .nullable()
      .openapi({ description: 'The schedule that started this run.' }),
    created_at: z.iso.datetime({ offset: true }),
    started_at: z.iso.datetime({ offset: true }).nullable(),
    completed_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'skill_id',
      'skill_name',
      'skill_version',
      'status',
      'model',
      'instructions',
      'context_paths',
      'notify_emails',
      'max_duration',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'console_output',
      'question',
      'error',
      'output_files',
      'retry_of',
      'schedule_id',
      'created_at',
      'started_at',
      'completed_at',
    ],
  })
  .openapi('SkillRun')

export type SkillRun = z.infer<typeof SkillRunSchema>

export const SkillRunListSchema = z
  .object({
    data: z.array(SkillRunSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('SkillRunList')

export type SkillRunList = z.infer<typeof SkillRunListSchema>

export const RunStageSchema = z
  .enum(['published', 'draft'])
  .openapi({ description: 'Which version of the skill a run uses.' })
  .openapi('RunStage')

export type RunStage = z.infer<typeof RunStageSchema>

export const CreateSkillRunSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    skill_id: z.string().regex(/^skill_[0-9A-Za-z]{1,64}$/),
    stage: RunStageSchema.default('published')
      .exactOptional()
      .openapi({
        description:
          "Run the published version (default) or the latest draft. Drafts of a global skill exist only inside the\nskill's own workspace: elsewhere `draft` runs the published version, and a global skill without one is 404.\n",
      }),
    instructions: z
      .string()
      .max(100000)
      .exactOptional()
      .openapi({ description: 'Extra instructions for this run.' }),
    context_paths: z
      .array(z.string().min(1).max(1024))
      .max(100)
      .readonly()
      .exactOptional()
      .openapi({
        description: "Workspace files or folders staged into the run's sandbox as context.",
      }),
    notify_emails: z.array(EmailAddressSchema).max(20).readonly().exactOptional(),
    model: z
      .string()
      .min(1)
      .max(200)
      .exactOptional()
      .openapi({
        description:
          "`provider:model`; defaults to the server's `DEFAULT_MODEL`. In a workspace with a `budget_usd` the model\nneeds a known price (`MODEL_PRICES`, built-in prices, or `MODEL_DEFAULT_PRICE`), else 400\n`MODEL_PRICE_UNKNOWN` naming `body.model`.\n",
      }),
    max_duration: z
      .int()
      .min(1)
      .max(86400)
      .default(3600)
      .exactOptional()
      .openapi({
        description: 'Seconds before the run ends `timed_out`. Time spent `waiting` counts.',
      }),
  })
  .readonly()
  .openapi({ required: ['skill_id'] })
  .openapi('CreateSkillRun')

export type CreateSkillRun = z.infer<typeof CreateSkillRunSchema>

export const SkillRunAcceptedSchema = z
  .object({
    run_id: z.string(),
    status: RunStatusSchema,
    message: z
      .string()
      .openapi({
        examples: ['Skill run started. Poll GET /api/v1/skill-runs/{run_id} or stream its events.'],
      }),
    run: SkillRunSchema,
  })
  .readonly()
  .openapi({ required: ['run_id', 'status', 'message', 'run'] })
  .openapi('SkillRunAccepted')

export type SkillRunAccepted = z.infer<typeof SkillRunAcceptedSchema>

export const SkillRunInputSchema = z
  .strictObject({ answer: z.string().min(1).max(100000) })
  .readonly()
  .openapi({ required: ['answer'] })
  .openapi('SkillRunInput')

export type SkillRunInput = z.infer<typeof SkillRunInputSchema>

export const RunOutputFileSchema = z
  .object({ path: z.string(), size: z.int(), sha256: z.string(), created_at: z.iso.datetime({ offset: true }) })
  .readonly()
  .openapi({ required: ['path', 'size', 'sha256', 'created_at'] })
  .openapi('RunOutputFile')

export type RunOutputFile = z.infer<typeof RunOutputFileSchema>

export const RunOutputListSchema = z
  .object({ data: z.array(RunOutputFileSchema).readonly() })
  .readonly()
  .openapi({ required: ['data'] })
  .openapi('RunOutputList')

export type RunOutputList = z.infer<typeof RunOutputListSchema>

export const SkillRunEventIdSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .openapi({
    description: 'The SSE `id`; send it back as `Last-Event-ID` to continue after this event.',
    examples: ['42'],
  })
  .openapi('SkillRunEventId')

export type SkillRunEventId = z.infer<typeof SkillRunEventIdSchema>

export const SkillRunStatusEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('status'),
    data: z
      .object({
        status: RunStatusSchema,
        question: z
          .string()
          .nullable()
          .exactOptional()
          .openapi({
            description:
              'With `waiting`, what the agent asked; null when it goes back to `running`.',
          }),
        error: RunErrorSchema.exactOptional().openapi({ description: 'With `failed`, why.' }),
      })
      .readonly()
      .openapi({ required: ['status'] }),
  })
  .readonly()
  .openapi({ description: 'The run changed status.', required: ['id', 'event', 'data'] })
  .openapi('SkillRunStatusEvent')

export type SkillRunStatusEvent = z.infer<typeof SkillRunStatusEventSchema>

export const SkillRunConsoleEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('console'),
    data: z
      .object({ text: z.string() })
      .readonly()
      .openapi({ required: ['text'] }),
  })
  .readonly()
  .openapi({
    description: 'Output of a command the run is executing, as it is printed.',
    required: ['id', 'event', 'data'],
  })
  .openapi('SkillRunConsoleEvent')

export type SkillRunConsoleEvent = z.infer<typeof SkillRunConsoleEventSchema>

export const SkillRunToolCallEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('tool_call'),
    data: z
      .object({
        id: z
          .string()
          .openapi({ description: "The tool call's id; its `tool_result` carries the same." }),
        tool: z
          .string()
          .openapi({
            description:
              'A `ToolName`, or whatever name the model used when it asked for a tool that does not exist (its result is then an error).',
            examples: ['run_python'],
          }),
        input: z
          .looseObject({})
          .readonly()
          .openapi({ description: 'The arguments the model gave.' }),
      })
      .readonly()
      .openapi({ required: ['id', 'tool', 'input'] }),
  })
  .readonly()
  .openapi({ description: 'The model asked for a tool call.', required: ['id', 'event', 'data'] })
  .openapi('SkillRunToolCallEvent')

export type SkillRunToolCallEvent = z.infer<typeof SkillRunToolCallEventSchema>

export const SkillRunToolResultEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('tool_result'),
    data: z
      .object({
        id: z.string().openapi({ description: 'The id of the `tool_call`.' }),
        tool: z.string().openapi({ examples: ['run_python'] }),
        is_error: z.boolean(),
        output: z
          .string()
          .openapi({
            description:
              'What the tool returned to the model (cut, with a note saying so, when `truncated`).',
          }),
        bytes: z
          .int()
          .min(0)
          .openapi({ description: "The size of the tool's whole output in UTF-8 bytes." }),
        truncated: z.boolean().openapi({ description: 'Whether `output` is cut.' }),
      })
      .readonly()
      .openapi({ required: ['id', 'tool', 'is_error', 'output', 'bytes', 'truncated'] }),
  })
  .readonly()
  .openapi({ description: 'A tool call finished.', required: ['id', 'event', 'data'] })
  .openapi('SkillRunToolResultEvent')

export type SkillRunToolResultEvent = z.infer<typeof SkillRunToolResultEventSchema>

export const SkillRunMessageEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('message'),
    data: z
      .object({ step: z.int().min(0), text: z.string() })
      .readonly()
      .openapi({ required: ['step', 'text'] }),
  })
  .readonly()
  .openapi({ description: 'Text the model wrote in one step.', required: ['id', 'event', 'data'] })
  .openapi('SkillRunMessageEvent')

export type SkillRunMessageEvent = z.infer<typeof SkillRunMessageEventSchema>

export const SkillRunUsageEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('usage'),
    data: z
      .object({
        step: z.int().min(0),
        input_tokens: z.int().min(0),
        output_tokens: z.int().min(0),
        cost_usd: z
          .string()
          .openapi({ description: 'Decimal string, 6 places.', examples: ['0.000320'] }),
      })
      .readonly()
      .openapi({ required: ['step', 'input_tokens', 'output_tokens', 'cost_usd'] }),
  })
  .readonly()
  .openapi({ description: 'Tokens and cost of one model call.', required: ['id', 'event', 'data'] })
  .openapi('SkillRunUsageEvent')

export type SkillRunUsageEvent = z.infer<typeof SkillRunUsageEventSchema>

export const SkillRunEndEventSchema = z
  .object({
    id: SkillRunEventIdSchema,
    event: z.literal('end'),
    data: z
      .object({ status: RunStatusSchema })
      .readonly()
      .openapi({ required: ['status'] }),
  })
  .readonly()
  .openapi({
    description: 'The run has finished; the stream closes after this event.',
    required: ['id', 'event', 'data'],
  })
  .openapi('SkillRunEndEvent')

export type SkillRunEndEvent = z.infer<typeof SkillRunEndEventSchema>

export const SkillRunEventSchema = z
  .xor([
    SkillRunStatusEventSchema,
    SkillRunConsoleEventSchema,
    SkillRunToolCallEventSchema,
    SkillRunToolResultEventSchema,
    SkillRunMessageEventSchema,
    SkillRunUsageEventSchema,
    SkillRunEndEventSchema,
  ])
  .openapi({
    description:
      'One server-sent event of `GET /api/v1/skill-runs/{run_id}/events`. Each SSE message is `id: <n>`,\n`event: <type>` and `data: <JSON>`; read together as `{id, event, data}` (with `data` parsed as JSON) it is one\nof these objects, told apart by `event`. Clients should ignore event types they do not know: new ones may be\nadded.\n',
    discriminator: {
      propertyName: 'event',
      mapping: {
        status: '#/components/schemas/SkillRunStatusEvent',
        console: '#/components/schemas/SkillRunConsoleEvent',
        tool_call: '#/components/schemas/SkillRunToolCallEvent',
        tool_result: '#/components/schemas/SkillRunToolResultEvent',
        message: '#/components/schemas/SkillRunMessageEvent',
        usage: '#/components/schemas/SkillRunUsageEvent',
        end: '#/components/schemas/SkillRunEndEvent',
      },
    },
  })
  .openapi('SkillRunEvent')

export type SkillRunEvent = z.infer<typeof SkillRunEventSchema>

export const WorkspaceFileSchema = z
  .object({
    id: z.string().openapi({ examples: ['file_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    path: z.string().openapi({ examples: ['input/Q2-report.pdf'] }),
    name: z
      .string()
      .openapi({ description: 'The last segment of `path`.', examples: ['Q2-report.pdf'] }),
    mime_type: z
      .string()
      .openapi({
        description:
          'The type the uploader declared, or one guessed from the extension; downloads are always served as `application/octet-stream`.',
        examples: ['application/pdf'],
      }),
    size: z.int().min(0).openapi({ description: 'Bytes.' }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .openapi({ description: 'Hex SHA-256 of the content; downloads carry it quoted as `ETag`.' }),
    project_id: z
      .string()
      .nullable()
      .openapi({ description: 'The project the file is attached to, if any.' }),
    conversation_id: z
      .string()
      .nullable()
      .openapi({ description: 'The conversation the file is attached to, if any.' }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }).openapi({ description: 'When the content was last written.' }),
  })
  .readonly()
  .openapi({
    description:
      'A file of the workspace tree. Its `path` is unique in the workspace; uploading to the same path again replaces the content and keeps the id.',
    required: [
      'id',
      'workspace_id',
      'path',
      'name',
      'mime_type',
      'size',
      'sha256',
      'project_id',
      'conversation_id',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('WorkspaceFile')

export type WorkspaceFile = z.infer<typeof WorkspaceFileSchema>

export const FileListSchema = z
  .object({
    data: z.array(WorkspaceFileSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('FileList')

export type FileList = z.infer<typeof FileListSchema>

export const FilePathSchema = z
  .string()
  .regex(
    /^(?:(?:[A-Za-z](?:[^:\/\\\x01-\x1f\x7f][^\/\\\x01-\x1f\x7f]*)?|[^.\/\\\x01-\x1f\x7fA-Za-z][^\/\\\x01-\x1f\x7f]*|\.(?:[^.\/\\\x01-\x1f\x7f][^\/\\\x01-\x1f\x7f]*)?|\.\.[^\/\\\x01-\x1f\x7f]+)(?:\/(?:[^.\/\\\x01-\x1f\x7f][^\/\\\x01-\x1f\x7f]*|\.(?:[^.\/\\\x01-\x1f\x7f][^\/\\\x01-\x1f\x7f]*)?|\.\.[^\/\\\x01-\x1f\x7f]+)?)*)?$/,
  )
  .max(1024)
  .openapi({
    description:
      'A path in the workspace tree, relative to its root: segments separated by `/`, e.g. `input/data.csv`. A trailing\n`/`, empty and `.` segments are dropped; names are normalised to Unicode NFC. Refused with 400 naming the field:\na leading `/` (absolute), a `..` segment, `\\`, NUL or other control characters, a segment longer than 255 bytes,\nmore than 1024 characters or 32 levels.\n',
    examples: ['input/data.csv'],
  })
  .openapi('FilePath')

export type FilePath = z.infer<typeof FilePathSchema>

export const UploadFileSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    path: FilePathSchema.exactOptional().openapi({
      description: 'The folder to upload into (created as needed); the root when absent.',
      examples: ['input/'],
    }),
    project_id: z
      .string()
      .regex(/^proj_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Attach the file to this project.' }),
    conversation_id: z
      .string()
      .regex(/^conv_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({
        description: 'Attach the file to this conversation (can be set alongside `project_id`).',
      }),
    file: z
      .file()
      .openapi({
        description:
          "The content; its part's filename names the file and its Content-Type becomes `mime_type`.",
      }),
  })
  .readonly()
  .openapi({
    description:
      "Fields and `file` may come in any order, and an empty field counts as absent. Fields sent before `file` let the\nserver refuse an upload (bad field, no access, taken path) before it reads the content; fields after it still\napply: the content waits in a staging area until the form is complete, and is removed if anything is refused.\nA field sent twice with different values is a 400 (`conflicting_field`). The part's filename is read as UTF-8\n(`filename*` is honoured too). Example: `curl -F workspace_id=ws_… -F file=@data.csv -F path=input/`.\n",
    required: ['file'],
  })
  .openapi('UploadFile')

export type UploadFile = z.infer<typeof UploadFileSchema>

export const TreeEntryTypeSchema = z.enum(['file', 'directory']).openapi('TreeEntryType')

export type TreeEntryType = z.infer<typeof TreeEntryTypeSchema>

export const TreeEntrySchema = z
  .object({
    name: z.string().openapi({ examples: ['report.pdf'] }),
    type: TreeEntryTypeSchema,
    path: z.string().openapi({ examples: ['Outputs/report.pdf'] }),
    size: z
      .int()
      .min(0)
      .openapi({ description: 'Bytes; for a folder, the total of the files under it.' }),
    updated_at: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'For a folder, the latest change under it.' }),
    file_id: z.string().nullable().openapi({ description: "The file's id; null for folders." }),
    mime_type: z.string().nullable().openapi({ description: 'Null for folders.' }),
  })
  .readonly()
  .openapi({
    description:
      'A file or a folder directly inside the listed folder. Folders exist while they hold files.',
    required: ['name', 'type', 'path', 'size', 'updated_at', 'file_id', 'mime_type'],
  })
  .openapi('TreeEntry')

export type TreeEntry = z.infer<typeof TreeEntrySchema>

export const TreeListingSchema = z
  .object({
    path: z.string().openapi({ description: 'The listed folder, normalised; empty for the root.' }),
    data: z.array(TreeEntrySchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({
    description: "A folder's entries in byte order of their names.",
    required: ['path', 'data', 'next_cursor', 'has_more'],
  })
  .openapi('TreeListing')

export type TreeListing = z.infer<typeof TreeListingSchema>

export const ExtractArchiveSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    path: FilePathSchema.openapi({ description: 'The ZIP file to extract.' }),
    destination: FilePathSchema.exactOptional().openapi({
      description:
        "The folder to extract into; by default the archive's path without its `.zip` extension.",
    }),
  })
  .readonly()
  .openapi({ required: ['path'] })
  .openapi('ExtractArchive')

export type ExtractArchive = z.infer<typeof ExtractArchiveSchema>

export const ExtractResultSchema = z
  .object({
    extracted_to: z
      .string()
      .openapi({ description: 'The folder the entries were written to.', examples: ['data'] }),
    file_count: z
      .int()
      .openapi({ description: 'Files written (folder entries of the archive create no files).' }),
    size: z.int().openapi({ description: 'Total bytes written.' }),
  })
  .readonly()
  .openapi({ required: ['extracted_to', 'file_count', 'size'] })
  .openapi('ExtractResult')

export type ExtractResult = z.infer<typeof ExtractResultSchema>

export const ScheduleStatusSchema = z
  .enum(['active', 'paused'])
  .openapi({ description: '`paused` schedules take no action until resumed.' })
  .openapi('ScheduleStatus')

export type ScheduleStatus = z.infer<typeof ScheduleStatusSchema>

export const ScheduleActionSchema = z
  .enum(['skill_run', 'prompt'])
  .openapi({
    description:
      '`skill_run` starts a run of `skill_id`; `prompt` sends `prompt` to a conversation (not yet triggerable: conversations are not available).',
  })
  .openapi('ScheduleAction')

export type ScheduleAction = z.infer<typeof ScheduleActionSchema>

export const CronExpressionSchema = z
  .string()
  .min(1)
  .max(200)
  .openapi({
    description:
      'Five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or JAN-DEC), day of week (0-7 or\nSUN-SAT; 0 and 7 are Sunday). Each field takes `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a comma\nlist. Presets: `0 * * * *` every hour, `0 9 * * *` daily at 9:00, `0 9 * * 1` Mondays at 9:00, `0 9 * * 1-5`\nweekdays at 9:00, `0 9 1 * *` the 1st of each month at 9:00.\n',
    examples: ['0 9 * * 1-5'],
  })
  .openapi('CronExpression')

export type CronExpression = z.infer<typeof CronExpressionSchema>

export const TimezoneSchema = z
  .string()
  .max(64)
  .openapi({
    description:
      "IANA time zone the cron expression is read in; default `UTC`. Daylight-saving transitions follow Temporal's\nschedule rules: in `America/New_York`, `30 2 * * *` does not fire on the spring-forward day (2:30 does not\nexist), and `30 1 * * *` fires once on the fall-back day (at the first 1:30, EDT).\n",
    examples: ['America/New_York'],
  })
  .openapi('Timezone')

export type Timezone = z.infer<typeof TimezoneSchema>

export const OverlapPolicySchema = z
  .enum(['skip', 'buffer_one', 'allow_all'])
  .openapi({
    description:
      'What happens when a run is still going at the next scheduled time; `skip` (default) skips it, `buffer_one` starts it after the current one, `allow_all` runs them side by side.',
  })
  .openapi('OverlapPolicy')

export type OverlapPolicy = z.infer<typeof OverlapPolicySchema>

export const ScheduleSchema = z
  .object({
    id: z.string().openapi({ examples: ['sched_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    name: z.string(),
    action: ScheduleActionSchema,
    cron_expression: CronExpressionSchema,
    timezone: TimezoneSchema,
    enabled: z.boolean(),
    status: ScheduleStatusSchema,
    skill_id: z.string().nullable(),
    instructions: z.string().nullable(),
    context_paths: z.array(z.string()).readonly(),
    notify_emails: z.array(EmailAddressSchema).readonly(),
    model: z.string().nullable(),
    project_id: z.string().nullable(),
    conversation_id: z.string().nullable(),
    prompt: z.string().nullable(),
    overlap_policy: OverlapPolicySchema,
    catchup_window: z
      .int()
      .openapi({
        description:
          'Seconds; after an outage, missed times within this window still run (default 60).',
      }),
    paused_by: z.string().nullable().openapi({ description: 'The user who paused the schedule.' }),
    pause_note: z.string().nullable(),
    next_run_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({
        description:
          "From Temporal's description of the schedule; null while the schedule is paused.",
      }),
    last_run_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({ description: 'When the schedule last created a run.' }),
    run_count: z
      .int()
      .openapi({
        description:
          'Runs this schedule has created (as listed by `GET /skill-runs?schedule_id=`). A scheduled run that cannot\nstart (its skill or context files were deleted, the workspace is at its run or budget limit) is recorded as\na `failed` run whose `error.type` says why, and counts. Ticks that start nothing (prompt schedules, until\nconversations exist) do not count.\n',
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'name',
      'action',
      'cron_expression',
      'timezone',
      'enabled',
      'status',
      'skill_id',
      'instructions',
      'context_paths',
      'notify_emails',
      'model',
      'project_id',
      'conversation_id',
      'prompt',
      'overlap_policy',
      'catchup_window',
      'paused_by',
      'pause_note',
      'next_run_at',
      'last_run_at',
      'run_count',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Schedule')

export type Schedule = z.infer<typeof ScheduleSchema>

export const ScheduleListSchema = z
  .object({
    data: z.array(ScheduleSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ScheduleList')

export type ScheduleList = z.infer<typeof ScheduleListSchema>

export const CreateScheduleSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    name: z.string().min(1).max(200),
    cron_expression: CronExpressionSchema,
    timezone: TimezoneSchema.exactOptional(),
    skill_id: z
      .string()
      .regex(/^skill_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'For a skill-run schedule (give this or `prompt`).' }),
    instructions: z.string().max(100000).exactOptional(),
    context_paths: z.array(z.string().min(1).max(1024)).max(100).readonly().exactOptional(),
    notify_emails: z.array(EmailAddressSchema).max(20).readonly().exactOptional(),
    model: z
      .string()
      .max(200)
      .exactOptional()
      .openapi({
        description:
          '`provider:model` of the runs (default `DEFAULT_MODEL`). In a workspace with a budget it needs a known price, else 400 `MODEL_PRICE_UNKNOWN` naming `body.model`.',
      }),
    prompt: z
      .string()
      .min(1)
      .max(100000)
      .exactOptional()
      .openapi({ description: 'For a prompt schedule (give this or `skill_id`).' }),
    project_id: z
      .string()
      .regex(/^proj_[0-9A-Za-z]{1,64}$/)
      .exactOptional(),
    conversation_id: z
      .string()
      .regex(/^conv_[0-9A-Za-z]{1,64}$/)
      .exactOptional(),
    enabled: z.boolean().default(true).exactOptional(),
    overlap_policy: OverlapPolicySchema.exactOptional(),
    catchup_window: z.int().min(10).max(31536000).default(60).exactOptional(),
    trigger_immediately: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({ description: 'Also take the action once right away.' }),
  })
  .readonly()
  .openapi({ required: ['name', 'cron_expression'] })
  .openapi('CreateSchedule')

export type CreateSchedule = z.infer<typeof CreateScheduleSchema>

export const UpdateScheduleSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    cron_expression: CronExpressionSchema.exactOptional(),
    timezone: TimezoneSchema.exactOptional(),
    instructions: z.string().max(100000).exactOptional(),
    context_paths: z.array(z.string().min(1).max(1024)).max(100).readonly().exactOptional(),
    notify_emails: z.array(EmailAddressSchema).max(20).readonly().exactOptional(),
    model: z
      .string()
      .max(200)
      .exactOptional()
      .openapi({
        description:
          '`provider:model` of the runs (default `DEFAULT_MODEL`). In a workspace with a budget it needs a known price, else 400 `MODEL_PRICE_UNKNOWN` naming `body.model`.',
      }),
    prompt: z.string().min(1).max(100000).exactOptional(),
    overlap_policy: OverlapPolicySchema.exactOptional(),
    catchup_window: z.int().min(10).max(31536000).exactOptional(),
  })
  .readonly()
  .openapi('UpdateSchedule')

export type UpdateSchedule = z.infer<typeof UpdateScheduleSchema>

export const PauseScheduleSchema = z
  .strictObject({
    note: z
      .string()
      .max(1000)
      .exactOptional()
      .openapi({
        description: 'Why it is paused (kept with the schedule and shown in the Temporal UI).',
      }),
  })
  .readonly()
  .openapi('PauseSchedule')

export type PauseSchedule = z.infer<typeof PauseScheduleSchema>

export const ScheduleTriggeredSchema = z
  .object({ triggered: z.boolean(), schedule: ScheduleSchema })
  .readonly()
  .openapi({ required: ['triggered', 'schedule'] })
  .openapi('ScheduleTriggered')

export type ScheduleTriggered = z.infer<typeof ScheduleTriggeredSchema>

export const ProjectIdSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['proj_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('ProjectId')

export type ProjectId = z.infer<typeof ProjectIdSchema>

export const ProjectSchema = z
  .object({
    id: ProjectIdSchema,
    workspace_id: z.string(),
    name: z.string(),
    description: z.string(),
    connector_ids: z
      .array(z.string())
      .readonly()
      .openapi({
        description: "Connections of the workspace available in the project's conversations.",
      }),
    skill_ids: z
      .array(z.string())
      .readonly()
      .openapi({
        description:
          'Skills active in every conversation of the project (their instructions and tools).',
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'name',
      'description',
      'connector_ids',
      'skill_ids',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Project')

export type Project = z.infer<typeof ProjectSchema>

export const ProjectListSchema = z
  .object({
    data: z.array(ProjectSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ProjectList')

export type ProjectList = z.infer<typeof ProjectListSchema>

export const ConnectorIdsSchema = z
  .array(z.string().regex(/^conn_[0-9A-Za-z]{1,64}$/))
  .max(50)
  .refine((items) => new Set(items).size === items.length)
  .readonly()
  .openapi({
    description:
      'Connections of the workspace (an unknown id, or one of another workspace, is a 404 naming the entry); replaces the current list. Deleting a connection takes it out of every project.',
  })
  .openapi('ConnectorIds')

export type ConnectorIds = z.infer<typeof ConnectorIdsSchema>

export const SkillIdsSchema = z
  .array(z.string().regex(/^skill_[0-9A-Za-z]{1,64}$/))
  .max(20)
  .refine((items) => new Set(items).size === items.length)
  .readonly()
  .openapi({
    description:
      'Skills of the workspace (or published global skills); an unknown id is a 404 naming the entry.',
  })
  .openapi('SkillIds')

export type SkillIds = z.infer<typeof SkillIdsSchema>

export const CreateProjectSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).exactOptional(),
    connector_ids: ConnectorIdsSchema.exactOptional(),
    skill_ids: SkillIdsSchema.exactOptional(),
  })
  .readonly()
  .openapi({ required: ['name'] })
  .openapi('CreateProject')

export type CreateProject = z.infer<typeof CreateProjectSchema>

export const UpdateProjectSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    description: z.string().max(4000).exactOptional(),
    connector_ids: ConnectorIdsSchema.exactOptional(),
    skill_ids: SkillIdsSchema.exactOptional(),
  })
  .readonly()
  .openapi('UpdateProject')

export type UpdateProject = z.infer<typeof UpdateProjectSchema>

export const ConversationStatusSchema = z.enum(['active', 'archived']).openapi('ConversationStatus')

export type ConversationStatus = z.infer<typeof ConversationStatusSchema>

export const ConversationIdSchema = z
  .string()
  .regex(/^conv_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['conv_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('ConversationId')

export type ConversationId = z.infer<typeof ConversationIdSchema>

export const ConversationSchema = z
  .object({
    id: ConversationIdSchema,
    workspace_id: z.string(),
    project_id: z
      .string()
      .nullable()
      .openapi({ description: 'Null when the conversation belongs to no project.' }),
    title: z
      .string()
      .nullable()
      .openapi({
        description:
          'Set from the first message (its first 80 characters) when created without one.',
      }),
    goal: z
      .string()
      .nullable()
      .openapi({
        description: 'The task the conversation pursues; the agent sees it at every turn.',
      }),
    status: ConversationStatusSchema,
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'project_id',
      'title',
      'goal',
      'status',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Conversation')

export type Conversation = z.infer<typeof ConversationSchema>

export const ConversationListSchema = z
  .object({
    data: z.array(ConversationSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ConversationList')

export type ConversationList = z.infer<typeof ConversationListSchema>

export const CreateConversationSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({
        description:
          'Required unless the API key is bound to a workspace (or `project_id` is given).',
      }),
    project_id: ProjectIdSchema.exactOptional(),
    title: z.string().min(1).max(200).exactOptional(),
    goal: z.string().max(10000).exactOptional(),
  })
  .readonly()
  .openapi('CreateConversation')

export type CreateConversation = z.infer<typeof CreateConversationSchema>

export const UpdateConversationSchema = z
  .strictObject({
    title: z.string().min(1).max(200).exactOptional(),
    goal: z.string().max(10000).nullable().exactOptional(),
    status: ConversationStatusSchema.exactOptional(),
  })
  .readonly()
  .openapi('UpdateConversation')

export type UpdateConversation = z.infer<typeof UpdateConversationSchema>

export const ContentPartSchema = z
  .object({
    type: z.enum(['input_text', 'output_text']),
    text: z.string(),
    annotations: z.array(z.object({}).readonly()).readonly().exactOptional(),
  })
  .readonly()
  .openapi({ required: ['type', 'text'] })
  .openapi('ContentPart')

export type ContentPart = z.infer<typeof ContentPartSchema>

export const OutputItemSchema = z
  .object({
    id: z.string(),
    type: z.enum(['message', 'function_call', 'function_call_output']),
    status: z.enum(['in_progress', 'completed', 'incomplete']).exactOptional(),
    role: z.enum(['user', 'assistant']).exactOptional(),
    content: z.array(ContentPartSchema).readonly().exactOptional(),
    call_id: z.string().exactOptional(),
    name: z.string().exactOptional(),
    arguments: z.string().exactOptional(),
    output: z.string().exactOptional(),
  })
  .readonly()
  .openapi({
    description:
      "An item in the OpenAI Responses shape: `message` (role, content parts), `function_call` (a tool call: `call_id`,\n`name`, `arguments` as JSON text) or `function_call_output` (the tool's result: `call_id`, `output`).\n",
    required: ['id', 'type'],
  })
  .openapi('OutputItem')

export type OutputItem = z.infer<typeof OutputItemSchema>

export const ConversationItemSchema = OutputItemSchema.and(
  z
    .object({
      response_id: z
        .string()
        .nullable()
        .openapi({ description: 'The response (turn) that added the item.' }),
      created_at: z.iso.datetime({ offset: true }),
    })
    .readonly()
    .openapi({ required: ['response_id', 'created_at'] }),
).openapi('ConversationItem')

export type ConversationItem = z.infer<typeof ConversationItemSchema>

export const ConversationItemListSchema = z
  .object({
    data: z.array(ConversationItemSchema).readonly(),
    first_id: z.string().nullable(),
    last_id: z
      .string()
      .nullable()
      .openapi({
        description:
          "Pass as `after` (or, with `order=desc`, as `before`'s counterpart) for the next page.",
      }),
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'first_id', 'last_id', 'has_more'] })
  .openapi('ConversationItemList')

export type ConversationItemList = z.infer<typeof ConversationItemListSchema>

export const InputMessageSchema = z
  .strictObject({
    type: z.literal('message').exactOptional(),
    role: z.literal('user'),
    content: z.xor([
      z.string().min(1).max(100000),
      z
        .array(
          z
            .strictObject({ type: z.literal('input_text'), text: z.string().max(100000) })
            .readonly()
            .openapi({ required: ['type', 'text'] }),
        )
        .min(1)
        .max(50)
        .readonly(),
    ]),
  })
  .readonly()
  .openapi({ required: ['role', 'content'] })
  .openapi('InputMessage')

export type InputMessage = z.infer<typeof InputMessageSchema>

export const MultitaskStrategySchema = z
  .enum(['reject', 'enqueue', 'interrupt'])
  .default('reject')
  .openapi({
    description:
      'What happens when the conversation already has a turn queued or running: `reject` (409 `CONVERSATION_BUSY`),\n`enqueue` (this turn runs after the others) or `interrupt` (the running turn is cancelled, keeping its partial\noutput, and this one runs next).\n',
  })
  .openapi('MultitaskStrategy')

export type MultitaskStrategy = z.infer<typeof MultitaskStrategySchema>

export const CreateResponseSchema = z
  .strictObject({
    conversation_id: ConversationIdSchema.exactOptional(),
    conversation: z
      .xor([
        ConversationIdSchema,
        z
          .strictObject({ id: ConversationIdSchema })
          .readonly()
          .openapi({ required: ['id'] }),
      ])
      .exactOptional()
      .openapi({ description: "OpenAI's spelling of `conversation_id` (an id or `{id}`)." }),
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({
        description:
          'Without a conversation, a new one is created in this workspace (required unless the API key is bound to one).',
      }),
    input: z
      .xor([z.string().min(1).max(100000), z.array(InputMessageSchema).min(1).max(20).readonly()])
      .openapi({
        description: "The user's message, as text or as OpenAI input messages (role `user`).",
      }),
    instructions: z
      .string()
      .max(20000)
      .exactOptional()
      .openapi({ description: 'Extra instructions for this turn only.' }),
    stream: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          "Server-sent events, or, when false, the finished Response as JSON. Without it the answer streams, unless the\nrequest's `Accept` names `application/json` and neither `text/event-stream` nor `*/*` (as the OpenAI SDKs\nsend for a non-streaming call, OpenAI's default).\n",
      }),
    background: z
      .boolean()
      .default(false)
      .exactOptional()
      .openapi({
        description:
          'With `stream=false`, answer at once with the `queued` response instead of waiting for it.',
      }),
    model: z
      .string()
      .min(1)
      .max(200)
      .exactOptional()
      .openapi({ description: "`provider:model`; defaults to the server's `DEFAULT_MODEL`." }),
    skill_ids: SkillIdsSchema.exactOptional(),
    multitask_strategy: MultitaskStrategySchema.exactOptional(),
  })
  .readonly()
  .openapi({ required: ['input'] })
  .openapi('CreateResponse')

export type CreateResponse = z.infer<typeof CreateResponseSchema>

export const ResponseStatusSchema = z
  .enum(['queued', 'in_progress', 'completed', 'failed', 'cancelled', 'incomplete'])
  .openapi('ResponseStatus')

export type ResponseStatus = z.infer<typeof ResponseStatusSchema>

export const UsageSchema = z
  .object({
    input_tokens: z.int(),
    output_tokens: z.int(),
    total_tokens: z.int(),
    input_tokens_details: z
      .object({ cached_tokens: z.int().exactOptional() })
      .readonly()
      .exactOptional(),
    output_tokens_details: z
      .object({ reasoning_tokens: z.int().exactOptional() })
      .readonly()
      .exactOptional(),
  })
  .readonly()
  .openapi({ required: ['input_tokens', 'output_tokens', 'total_tokens'] })
  .openapi('Usage')

export type Usage = z.infer<typeof UsageSchema>

export const ResponseObjectSchema = z
  .object({
    id: z.string().openapi({ examples: ['resp_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    object: z.literal('response'),
    status: ResponseStatusSchema,
    created_at: z.int(),
    completed_at: z.int().nullable().exactOptional(),
    model: z.string(),
    conversation: z
      .object({ id: z.string() })
      .readonly()
      .openapi({ required: ['id'] }),
    conversation_id: z.string(),
    input: z.string(),
    output: z.array(OutputItemSchema).readonly(),
    output_text: z
      .string()
      .exactOptional()
      .openapi({ description: "The text of the output's messages, joined." }),
    usage: UsageSchema,
    error: z
      .object({ code: z.string().exactOptional(), message: z.string().exactOptional() })
      .readonly()
      .nullable(),
    incomplete_details: z.object({}).readonly().nullable().exactOptional(),
    background: z.boolean(),
    skill_ids: z.array(z.string()).readonly(),
    parallel_tool_calls: z
      .boolean()
      .exactOptional()
      .openapi({ description: "OpenAI's field; always true here." }),
    tools: z
      .array(z.object({}).readonly())
      .readonly()
      .exactOptional()
      .openapi({
        description:
          "OpenAI's field (request-defined tools); empty here, the turn's tools come from its skills.",
      }),
    metadata: z
      .object({})
      .readonly()
      .exactOptional()
      .openapi({ description: "OpenAI's field; empty here." }),
  })
  .readonly()
  .openapi({
    description:
      'One agent turn, in the OpenAI Responses shape (`created_at` and `completed_at` are Unix seconds, as there).',
    required: [
      'id',
      'object',
      'status',
      'created_at',
      'model',
      'conversation',
      'conversation_id',
      'input',
      'output',
      'usage',
      'error',
      'background',
      'skill_ids',
    ],
  })
  .openapi('ResponseObject')

export type ResponseObject = z.infer<typeof ResponseObjectSchema>

export const ResponseStreamEventSchema = z
  .object({
    type: z.string(),
    sequence_number: z.int(),
    response: ResponseObjectSchema.exactOptional(),
    output_index: z.int().exactOptional(),
    content_index: z.int().exactOptional(),
    item_id: z.string().exactOptional(),
    item: OutputItemSchema.exactOptional(),
    part: ContentPartSchema.exactOptional(),
    delta: z.string().exactOptional(),
    text: z.string().exactOptional(),
    arguments: z.string().exactOptional(),
  })
  .readonly()
  .openapi({
    description:
      'One server-sent event of a response, in the OpenAI Responses event shape. The SSE `event:` is `type`, the SSE\n`id:` is `sequence_number` (strictly increasing from 0). Types: `response.created`, `response.in_progress`,\n`response.output_item.added`, `response.content_part.added`, `response.output_text.delta`,\n`response.output_text.done`, `response.content_part.done`, `response.function_call_arguments.delta`,\n`response.function_call_arguments.done`, `response.output_item.done`, and one of `response.completed`,\n`response.failed`, `response.incomplete` (also for a cancelled turn, with `status: cancelled`) last.\n',
    required: ['type', 'sequence_number'],
  })
  .openapi('ResponseStreamEvent')

export type ResponseStreamEvent = z.infer<typeof ResponseStreamEventSchema>

export const ResponseListSchema = z
  .object({
    data: z.array(ResponseObjectSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ResponseList')

export type ResponseList = z.infer<typeof ResponseListSchema>

export const MemorySourceSchema = z.enum(['user', 'agent']).openapi('MemorySource')

export type MemorySource = z.infer<typeof MemorySourceSchema>

export const MemorySchema = z
  .object({
    id: z.string().openapi({ examples: ['mem_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    project_id: z
      .string()
      .nullable()
      .openapi({ description: 'Null for a workspace-global memory.' }),
    content: z.string(),
    source: MemorySourceSchema,
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: ['id', 'workspace_id', 'project_id', 'content', 'source', 'created_at', 'updated_at'],
  })
  .openapi('Memory')

export type Memory = z.infer<typeof MemorySchema>

export const MemoryListSchema = z
  .object({
    data: z.array(MemorySchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('MemoryList')

export type MemoryList = z.infer<typeof MemoryListSchema>

export const CreateMemorySchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({
        description:
          'Required unless the API key is bound to a workspace (or `project_id` is given).',
      }),
    project_id: ProjectIdSchema.exactOptional(),
    content: z.string().min(1).max(4000),
  })
  .readonly()
  .openapi({ required: ['content'] })
  .openapi('CreateMemory')

export type CreateMemory = z.infer<typeof CreateMemorySchema>

export const UpdateMemorySchema = z
  .strictObject({ content: z.string().min(1).max(4000) })
  .readonly()
  .openapi({ required: ['content'] })
  .openapi('UpdateMemory')

export type UpdateMemory = z.infer<typeof UpdateMemorySchema>

export const ArtifactTypeSchema = z
  .enum(['app', 'report', 'doc', 'dashboard'])
  .openapi('ArtifactType')

export type ArtifactType = z.infer<typeof ArtifactTypeSchema>

export const ArtifactIdSchema = z
  .string()
  .regex(/^art_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['art_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('ArtifactId')

export type ArtifactId = z.infer<typeof ArtifactIdSchema>

export const ArtifactSourceSchema = z
  .enum(['user', 'agent'])
  .openapi({
    description:
      '`agent` when a conversation turn published it (`publish_artifact` tool), `user` when uploaded through the API.',
  })
  .openapi('ArtifactSource')

export type ArtifactSource = z.infer<typeof ArtifactSourceSchema>

export const ArtifactFileSchema = z
  .object({
    path: z
      .string()
      .openapi({
        description: "Relative to the artifact's `root`.",
        examples: ['assets/chart.js'],
      }),
    size: z.int().openapi({ description: 'Bytes.' }),
    mime_type: z
      .string()
      .openapi({
        description:
          'The Content-Type it is served with (decided by its extension, never by its content).',
      }),
    sha256: z
      .string()
      .openapi({ description: 'Hex SHA-256 of the content (served as the quoted `ETag`).' }),
  })
  .readonly()
  .openapi({ required: ['path', 'size', 'mime_type', 'sha256'] })
  .openapi('ArtifactFile')

export type ArtifactFile = z.infer<typeof ArtifactFileSchema>

export const ArtifactSchema = z
  .object({
    id: ArtifactIdSchema,
    workspace_id: z.string(),
    project_id: z.string(),
    title: z.string(),
    type: ArtifactTypeSchema,
    path: z
      .string()
      .openapi({
        description: 'The entry file, relative to the project (e.g. `sales_dashboard/index.html`).',
      }),
    root: z
      .string()
      .openapi({
        description:
          "The folder the artifact owns (the entry's folder); its files are served under it. Artifacts of a project never share or nest folders.",
      }),
    source: ArtifactSourceSchema,
    conversation_id: z
      .string()
      .nullable()
      .openapi({
        description:
          'The conversation whose agent published it (null when uploaded, or once that conversation is deleted).',
      }),
    response_id: z
      .string()
      .nullable()
      .openapi({
        description:
          'The turn (response) that published it last (null when uploaded, or once it is deleted).',
      }),
    version: z
      .int()
      .openapi({
        description: '1 when created; each publish or upload that replaces its files adds one.',
      }),
    size: z.int().openapi({ description: 'Total bytes of its files.' }),
    file_count: z.int(),
    files: z
      .array(ArtifactFileSchema)
      .readonly()
      .openapi({ description: 'Every file, in path order; the entry is one of them.' }),
    serve_url: z
      .string()
      .openapi({
        description:
          'Where the entry file is served raw (needs credentials; see `POST /api/v1/artifacts/open` for a browser URL).',
        examples: [
          '/api/v1/artifacts/serve/proj_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3/sales_dashboard/index.html',
        ],
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'project_id',
      'title',
      'type',
      'path',
      'root',
      'source',
      'conversation_id',
      'response_id',
      'version',
      'size',
      'file_count',
      'files',
      'serve_url',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Artifact')

export type Artifact = z.infer<typeof ArtifactSchema>

export const ArtifactListSchema = z
  .object({
    data: z.array(ArtifactSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ArtifactList')

export type ArtifactList = z.infer<typeof ArtifactListSchema>

export const ArtifactPathSchema = z
  .string()
  .min(1)
  .max(1024)
  .openapi({
    description:
      'A relative path inside the project, `/`-separated: no `..` or `.` segments, no leading `/`, no `\\`, no control\ncharacters, at most 32 levels and 255 bytes per name.\n',
    examples: ['sales_dashboard/index.html'],
  })
  .openapi('ArtifactPath')

export type ArtifactPath = z.infer<typeof ArtifactPathSchema>

export const PublishArtifactSchema = z
  .strictObject({
    project_id: z.string().regex(/^proj_[0-9A-Za-z]{1,64}$/),
    path: ArtifactPathSchema.openapi({
      description:
        "The entry file, relative to the project; its folder becomes the artifact's `root` (so it must be inside a folder, e.g. `sales_dashboard/index.html`).",
    }),
    title: z
      .string()
      .min(1)
      .max(200)
      .exactOptional()
      .openapi({ description: "Defaults to the folder's name on creation; kept when replacing." }),
    type: ArtifactTypeSchema.exactOptional().openapi({
      description:
        'Defaults to `app` for an HTML entry and `doc` otherwise on creation; kept when replacing.',
    }),
    file: z
      .array(z.file())
      .min(1)
      .readonly()
      .openapi({
        description:
          'The files (at most `ARTIFACT_MAX_FILES`, 100 by default, and `ARTIFACT_MAX_BYTES` in all, 50 MiB).',
      }),
  })
  .readonly()
  .openapi({
    description:
      'Fields and `file` parts may come in any order; an empty field counts as absent. Send one `file` part per file,\nits filename being the file\'s path relative to the artifact\'s folder (`index.html`, `assets/chart.js`); the\npart named like `path`\'s last segment is the entry. Example: `curl -F project_id=proj_… -F\npath=sales_dashboard/index.html -F title="Sales" -F type=dashboard -F "file=@index.html" -F\n"file=@chart.js;filename=assets/chart.js"`.\n',
    required: ['project_id', 'path', 'file'],
  })
  .openapi('PublishArtifact')

export type PublishArtifact = z.infer<typeof PublishArtifactSchema>

export const ArtifactPreviewEncodingSchema = z
  .enum(['utf-8', 'none'])
  .openapi({
    'x-enum-varnames': ['UTF_8', 'NONE'],
    description:
      "`utf-8` when `content` holds the file's text; `none` for binary content, which is not previewed.",
  })
  .openapi('ArtifactPreviewEncoding')

export type ArtifactPreviewEncoding = z.infer<typeof ArtifactPreviewEncodingSchema>

export const ArtifactPreviewSchema = z
  .object({
    artifact: ArtifactSchema,
    file: ArtifactFileSchema,
    encoding: ArtifactPreviewEncodingSchema,
    content: z
      .string()
      .nullable()
      .openapi({
        description:
          'The first 64 KiB of the file as text (cut at a character boundary), never rendered by the API; null for binary content.',
      }),
    truncated: z.boolean().openapi({ description: 'Whether the file is longer than `content`.' }),
  })
  .readonly()
  .openapi({ required: ['artifact', 'file', 'encoding', 'content', 'truncated'] })
  .openapi('ArtifactPreview')

export type ArtifactPreview = z.infer<typeof ArtifactPreviewSchema>

export const OpenArtifactSchema = z
  .strictObject({
    artifact_id: ArtifactIdSchema,
    expires_in: z
      .int()
      .min(60)
      .max(86400)
      .default(900)
      .exactOptional()
      .openapi({ description: 'Seconds the URL stays valid.' }),
  })
  .readonly()
  .openapi({ required: ['artifact_id'] })
  .openapi('OpenArtifact')

export type OpenArtifact = z.infer<typeof OpenArtifactSchema>

export const ArtifactViewUrlSchema = z
  .object({
    artifact_id: ArtifactIdSchema,
    url: z
      .string()
      .openapi({
        description:
          "A URL that shows the artifact's entry file in a browser without credentials until `expires_at`; its sibling\nfiles resolve relative to it. It is a bearer capability for this artifact's files only: share it like a\npassword. It is on `ARTIFACT_VIEW_BASE_URL` when the operator sets one (a separate origin), else on this\nserver, and is always served sandboxed (see `viewArtifactFile`).\n",
      }),
    expires_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({ required: ['artifact_id', 'url', 'expires_at'] })
  .openapi('ArtifactViewUrl')

export type ArtifactViewUrl = z.infer<typeof ArtifactViewUrlSchema>

export const UpdateArtifactSchema = z
  .strictObject({
    title: z.string().min(1).max(200).exactOptional(),
    type: ArtifactTypeSchema.exactOptional(),
  })
  .readonly()
  .openapi('UpdateArtifact')

export type UpdateArtifact = z.infer<typeof UpdateArtifactSchema>

export const ScratchpadIdSchema = z
  .string()
  .regex(/^sp_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['sp_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('ScratchpadId')

export type ScratchpadId = z.infer<typeof ScratchpadIdSchema>

export const ScratchpadSummarySchema = z
  .object({
    id: ScratchpadIdSchema,
    workspace_id: z.string(),
    conversation_id: z.string(),
    title: z.string().nullable(),
    saved: z.boolean(),
    artifact_id: z
      .string()
      .nullable()
      .openapi({
        description:
          'The artifact the scratchpad was promoted to (`POST .../promote`); null before, or once that artifact is deleted.',
      }),
    cell_count: z.int().min(0),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'conversation_id',
      'title',
      'saved',
      'artifact_id',
      'cell_count',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('ScratchpadSummary')

export type ScratchpadSummary = z.infer<typeof ScratchpadSummarySchema>

export const ScratchpadListSchema = z
  .object({
    data: z.array(ScratchpadSummarySchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ScratchpadList')

export type ScratchpadList = z.infer<typeof ScratchpadListSchema>

export const CellTypeSchema = z
  .enum(['markdown', 'code', 'output'])
  .openapi({
    description:
      '`markdown`: prose; `code`: runnable; `output`: results written by hand or by the agent.',
  })
  .openapi('CellType')

export type CellType = z.infer<typeof CellTypeSchema>

export const CellLanguageSchema = z
  .enum(['python', 'shell'])
  .openapi({
    description:
      "Code cells only. `python` runs with the server's Python 3, `shell` with `/bin/sh`.",
  })
  .openapi('CellLanguage')

export type CellLanguage = z.infer<typeof CellLanguageSchema>

export const CellContentSchema = z
  .string()
  .max(100000)
  .openapi({ description: 'At most 100,000 characters; never U+0000.' })
  .openapi('CellContent')

export type CellContent = z.infer<typeof CellContentSchema>

export const TimeoutSecondsSchema = z
  .int()
  .min(1)
  .max(3600)
  .openapi({
    description:
      "Code cells; defaults to (and may not exceed) the server's `SANDBOX_COMMAND_TIMEOUT_SECONDS`.",
  })
  .openapi('TimeoutSeconds')

export type TimeoutSeconds = z.infer<typeof TimeoutSecondsSchema>

export const InitialCellSchema = z
  .strictObject({
    type: CellTypeSchema,
    language: CellLanguageSchema.exactOptional(),
    content: CellContentSchema.exactOptional(),
    timeout_seconds: TimeoutSecondsSchema.exactOptional(),
  })
  .readonly()
  .openapi({ required: ['type'] })
  .openapi('InitialCell')

export type InitialCell = z.infer<typeof InitialCellSchema>

export const CreateScratchpadSchema = z
  .strictObject({
    conversation_id: z.string().regex(/^conv_[0-9A-Za-z]{1,64}$/),
    title: z.string().min(1).max(200).exactOptional(),
    saved: z.boolean().exactOptional(),
    cells: z.array(InitialCellSchema).max(100).readonly().exactOptional(),
  })
  .readonly()
  .openapi({ required: ['conversation_id'] })
  .openapi('CreateScratchpad')

export type CreateScratchpad = z.infer<typeof CreateScratchpadSchema>

export const CellIdSchema = z
  .string()
  .regex(/^cell_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['cell_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('CellId')

export type CellId = z.infer<typeof CellIdSchema>

export const CellStatusSchema = z
  .enum(['pending', 'running', 'success', 'error'])
  .openapi({
    description:
      'Code cells only (null before the first run). `pending` and `running` are not terminal.',
  })
  .openapi('CellStatus')

export type CellStatus = z.infer<typeof CellStatusSchema>

export const OutputStreamSchema = z.enum(['stdout', 'stderr']).openapi('OutputStream')

export type OutputStream = z.infer<typeof OutputStreamSchema>

export const CellOutputSchema = z
  .object({
    mime_type: z.string().openapi({ examples: ['text/plain', 'image/png'] }),
    data: z.string(),
    stream: OutputStreamSchema.exactOptional(),
    name: z
      .string()
      .exactOptional()
      .openapi({ description: "The file's name under `/sandbox/outputs/` (file outputs only)." }),
  })
  .readonly()
  .openapi({
    description:
      'One output of a run. `text/plain` with `stream` is what the code printed (stdout or stderr, the first 64 KiB of\neach, then a line saying the rest is not kept; the stream carries up to 256 KiB). A file the code wrote to `/sandbox/outputs/` becomes one output named\nby `name` (at most 8 files of at most 1 MiB each): images (`image/png`, `image/jpeg`, `image/gif`) as a data URL\n(`data:image/png;base64,…`), text (`text/plain`, `text/csv`, `text/html`, `application/json`) as the text.\n',
    required: ['mime_type', 'data'],
  })
  .openapi('CellOutput')

export type CellOutput = z.infer<typeof CellOutputSchema>

export const CellSchema = z
  .object({
    id: CellIdSchema,
    scratchpad_id: ScratchpadIdSchema,
    type: CellTypeSchema,
    language: z.xor([CellLanguageSchema, z.null().nullable()]),
    content: z.string(),
    status: z.xor([CellStatusSchema, z.null().nullable()]),
    outputs: z.array(CellOutputSchema).readonly(),
    error: z
      .string()
      .nullable()
      .openapi({
        description: 'Why the last run ended `error` (exit code, timeout, cancellation, a limit).',
      }),
    index: z
      .int()
      .min(0)
      .openapi({ description: 'Position in the scratchpad, 0..n-1 without gaps.' }),
    execution_count: z.int().min(0).openapi({ description: 'How many times the cell was run.' }),
    timeout_seconds: z
      .int()
      .nullable()
      .openapi({ description: "A run's wall-clock limit (code cells)." }),
    started_at: z.iso.datetime({ offset: true }).nullable(),
    finished_at: z.iso.datetime({ offset: true }).nullable(),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'scratchpad_id',
      'type',
      'language',
      'content',
      'status',
      'outputs',
      'error',
      'index',
      'execution_count',
      'timeout_seconds',
      'started_at',
      'finished_at',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Cell')

export type Cell = z.infer<typeof CellSchema>

export const ScratchpadSchema = z
  .object({
    id: ScratchpadIdSchema,
    workspace_id: z.string(),
    conversation_id: z.string(),
    title: z.string().nullable(),
    saved: z
      .boolean()
      .openapi({
        description:
          'Pinned by the user or agent, or promoted to an artifact (kept when the conversation is cleaned up by hand).',
      }),
    artifact_id: z
      .string()
      .nullable()
      .openapi({
        description:
          'The artifact the scratchpad was promoted to (`POST .../promote`); null before, or once that artifact is deleted.',
      }),
    cells: z.array(CellSchema).readonly(),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'conversation_id',
      'title',
      'saved',
      'artifact_id',
      'cells',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Scratchpad')

export type Scratchpad = z.infer<typeof ScratchpadSchema>

export const UpdateScratchpadSchema = z
  .strictObject({
    title: z.string().min(1).max(200).exactOptional(),
    saved: z.boolean().exactOptional(),
  })
  .readonly()
  .openapi('UpdateScratchpad')

export type UpdateScratchpad = z.infer<typeof UpdateScratchpadSchema>

export const PromoteScratchpadSchema = z
  .strictObject({
    title: z
      .string()
      .min(1)
      .max(200)
      .exactOptional()
      .openapi({
        description:
          "The artifact's title. Default on the first promotion the scratchpad's title (or `Scratchpad <id>`); later promotions keep the artifact's title unless one is given.",
      }),
    description: z
      .string()
      .min(1)
      .max(2000)
      .exactOptional()
      .openapi({
        description:
          'A paragraph shown under the title in the rendered page (and kept in `notebook.json`).',
      }),
    project_id: z
      .string()
      .regex(/^proj_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({
        description:
          "The project of the new artifact (same workspace). Default the conversation's project; needed when the conversation belongs to none. Once the scratchpad has an artifact, a different project is a 409.",
      }),
  })
  .readonly()
  .openapi('PromoteScratchpad')

export type PromoteScratchpad = z.infer<typeof PromoteScratchpadSchema>

export const CreateCellSchema = z
  .strictObject({
    type: CellTypeSchema,
    language: CellLanguageSchema.exactOptional(),
    content: CellContentSchema.exactOptional(),
    timeout_seconds: TimeoutSecondsSchema.exactOptional(),
    index: z
      .int()
      .min(0)
      .max(499)
      .exactOptional()
      .openapi({ description: 'Where to insert (default the end); at most the number of cells.' }),
  })
  .readonly()
  .openapi({ required: ['type'] })
  .openapi('CreateCell')

export type CreateCell = z.infer<typeof CreateCellSchema>

export const UpdateCellSchema = z
  .strictObject({
    content: CellContentSchema.exactOptional(),
    language: CellLanguageSchema.exactOptional(),
    timeout_seconds: TimeoutSecondsSchema.exactOptional(),
    index: z
      .int()
      .min(0)
      .max(499)
      .exactOptional()
      .openapi({ description: "The cell's new position, 0..n-1." }),
  })
  .readonly()
  .openapi('UpdateCell')

export type UpdateCell = z.infer<typeof UpdateCellSchema>

export const CellEventIdSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .openapi({
    description: 'The SSE `id`; send it back as `Last-Event-ID` to continue after this event.',
    examples: ['42'],
  })
  .openapi('CellEventId')

export type CellEventId = z.infer<typeof CellEventIdSchema>

export const CellStatusEventSchema = z
  .object({
    id: CellEventIdSchema,
    event: z.literal('status'),
    data: z
      .object({ status: CellStatusSchema, restarted: z.boolean().exactOptional() })
      .readonly()
      .openapi({ required: ['status'] }),
  })
  .readonly()
  .openapi({
    description:
      'The run changed status (`restarted` when a worker died and another runs the code again).',
    required: ['id', 'event', 'data'],
  })
  .openapi('CellStatusEvent')

export type CellStatusEvent = z.infer<typeof CellStatusEventSchema>

export const CellOutputEventSchema = z
  .object({ id: CellEventIdSchema, event: z.literal('output'), data: CellOutputSchema })
  .readonly()
  .openapi({
    description:
      'Part of an output: a chunk of stdout or stderr while the code runs, or a whole file output at the end.',
    required: ['id', 'event', 'data'],
  })
  .openapi('CellOutputEvent')

export type CellOutputEvent = z.infer<typeof CellOutputEventSchema>

export const CellEndEventSchema = z
  .object({
    id: CellEventIdSchema,
    event: z.literal('end'),
    data: z
      .object({ status: CellStatusSchema, error: z.string().nullable() })
      .readonly()
      .openapi({ required: ['status', 'error'] }),
  })
  .readonly()
  .openapi({
    description: 'The run is over; the cell holds its outputs.',
    required: ['id', 'event', 'data'],
  })
  .openapi('CellEndEvent')

export type CellEndEvent = z.infer<typeof CellEndEventSchema>

export const CellEventSchema = z
  .xor([CellStatusEventSchema, CellOutputEventSchema, CellEndEventSchema])
  .openapi({
    description:
      "One server-sent event of a cell's run. Each SSE message is `id: <n>`, `event: <type>` and `data: <JSON>`; read\ntogether as `{id, event, data}` it is one of these objects, told apart by `event`. Clients should ignore event\ntypes they do not know.\n",
    discriminator: {
      propertyName: 'event',
      mapping: {
        status: '#/components/schemas/CellStatusEvent',
        output: '#/components/schemas/CellOutputEvent',
        end: '#/components/schemas/CellEndEvent',
      },
    },
  })
  .openapi('CellEvent')

export type CellEvent = z.infer<typeof CellEventSchema>

export const WebhookSubscriptionSchema = z
  .enum([
    '*',
    'skill_run.queued',
    'skill_run.started',
    'skill_run.waiting',
    'skill_run.resumed',
    'skill_run.completed',
    'skill_run.failed',
    'skill_run.cancelled',
    'skill_run.timed_out',
    'schedule.triggered',
    'schedule.run_failed_to_start',
    'schedule.paused',
    'schedule.resumed',
    'file.created',
    'file.deleted',
    'webhook_endpoint.disabled',
  ])
  .openapi({
    'x-enum-varnames': [
      'ALL',
      'SKILL_RUN_QUEUED',
      'SKILL_RUN_STARTED',
      'SKILL_RUN_WAITING',
      'SKILL_RUN_RESUMED',
      'SKILL_RUN_COMPLETED',
      'SKILL_RUN_FAILED',
      'SKILL_RUN_CANCELLED',
      'SKILL_RUN_TIMED_OUT',
      'SCHEDULE_TRIGGERED',
      'SCHEDULE_RUN_FAILED_TO_START',
      'SCHEDULE_PAUSED',
      'SCHEDULE_RESUMED',
      'FILE_CREATED',
      'FILE_DELETED',
      'WEBHOOK_ENDPOINT_DISABLED',
    ],
    description: 'An event type, or `*` for every type.',
  })
  .openapi('WebhookSubscription')

export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>

export const WebhookStatusSchema = z.enum(['enabled', 'disabled']).openapi('WebhookStatus')

export type WebhookStatus = z.infer<typeof WebhookStatusSchema>

export const WebhookDisabledReasonSchema = z
  .enum(['manual', 'gone', 'failing'])
  .openapi('WebhookDisabledReason')

export type WebhookDisabledReason = z.infer<typeof WebhookDisabledReasonSchema>

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ examples: ['whk_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    workspace_id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(WebhookSubscriptionSchema).readonly(),
    enabled: z.boolean(),
    status: WebhookStatusSchema,
    disabled_reason: z
      .xor([WebhookDisabledReasonSchema, z.null().nullable()])
      .openapi({
        description:
          '`manual` (updated with `enabled: false`), `gone` (the receiver answered 410), `failing` (every attempt failed for `WEBHOOK_DISABLE_AFTER_SECONDS`, by default 5 days). Re-enable with `PATCH {"enabled": true}`.',
      }),
    disabled_at: z.iso.datetime({ offset: true }).nullable(),
    failing_since: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({
        description: 'Start of the current series of failed attempts; null after a success.',
      }),
    previous_secret_expires_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({
        description:
          'After a rotation, the previous secret signs too (a second signature) until this time.',
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'workspace_id',
      'url',
      'description',
      'events',
      'enabled',
      'status',
      'disabled_reason',
      'disabled_at',
      'failing_since',
      'previous_secret_expires_at',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Webhook')

export type Webhook = z.infer<typeof WebhookSchema>

export const WebhookListSchema = z
  .object({
    data: z.array(WebhookSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('WebhookList')

export type WebhookList = z.infer<typeof WebhookListSchema>

export const WebhookUrlSchema = z
  .string()
  .min(1)
  .max(2048)
  .openapi({
    description:
      '`http` or `https`, without credentials. The host must resolve only to public addresses (not loopback, private,\nshared, link-local such as 169.254.169.254, multicast or reserved ranges), checked at creation (400 on\n`body.url`, `WEBHOOK_URL_REFUSED`) and again before every attempt, which connects to the address it checked.\nAn operator may allow named hosts (`WEBHOOK_ALLOWED_HOSTS`). Unique within a workspace.\n',
    examples: ['https://example.com/hooks/skillplane'],
  })
  .openapi('WebhookUrl')

export type WebhookUrl = z.infer<typeof WebhookUrlSchema>

export const CreateWebhookSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    url: WebhookUrlSchema,
    events: z
      .array(WebhookSubscriptionSchema)
      .min(1)
      .max(50)
      .readonly()
      .exactOptional()
      .openapi({ description: 'Event types to receive; default `["*"]`.' }),
    description: z.string().max(500).exactOptional(),
    enabled: z.boolean().exactOptional().openapi({ description: 'Default true.' }),
    secret: z
      .string()
      .max(200)
      .exactOptional()
      .openapi({
        description: 'Your own `whsec_` secret (24 to 64 bytes, base64); default a generated one.',
      }),
  })
  .readonly()
  .openapi({ required: ['url'] })
  .openapi('CreateWebhook')

export type CreateWebhook = z.infer<typeof CreateWebhookSchema>

export const WebhookWithSecretSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(WebhookSubscriptionSchema).readonly(),
    enabled: z.boolean(),
    status: WebhookStatusSchema,
    disabled_reason: z.xor([WebhookDisabledReasonSchema, z.null().nullable()]),
    disabled_at: z.iso.datetime({ offset: true }).nullable(),
    failing_since: z.iso.datetime({ offset: true }).nullable(),
    previous_secret_expires_at: z.iso.datetime({ offset: true }).nullable(),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
    secret: z
      .string()
      .openapi({
        'x-secret': true,
        description:
          '`whsec_` + base64 of the key. Shown once; stored encrypted (AES-256-GCM), never in plaintext.',
        examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      }),
  })
  .readonly()
  .openapi({
    description: 'An endpoint with its signing secret, shown only in this response.',
    required: [
      'id',
      'workspace_id',
      'url',
      'description',
      'events',
      'enabled',
      'status',
      'disabled_reason',
      'disabled_at',
      'failing_since',
      'previous_secret_expires_at',
      'created_at',
      'updated_at',
      'secret',
    ],
  })
  .openapi('WebhookWithSecret')

export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>

export const UpdateWebhookSchema = z
  .strictObject({
    url: WebhookUrlSchema.exactOptional(),
    events: z.array(WebhookSubscriptionSchema).min(1).max(50).readonly().exactOptional(),
    description: z.string().max(500).nullable().exactOptional(),
    enabled: z
      .boolean()
      .exactOptional()
      .openapi({
        description:
          '`true` re-enables a disabled endpoint (and forgets its failures); `false` disables it (`manual`).',
      }),
  })
  .readonly()
  .openapi('UpdateWebhook')

export type UpdateWebhook = z.infer<typeof UpdateWebhookSchema>

export const RotateWebhookSecretSchema = z
  .strictObject({
    secret: z
      .string()
      .max(200)
      .exactOptional()
      .openapi({ description: 'Your own new `whsec_` secret; default a generated one.' }),
    grace_period_seconds: z
      .int()
      .min(0)
      .max(604800)
      .exactOptional()
      .openapi({
        description:
          'How long the previous secret keeps signing alongside the new one (default 86400, one day).',
      }),
  })
  .readonly()
  .openapi('RotateWebhookSecret')

export type RotateWebhookSecret = z.infer<typeof RotateWebhookSecretSchema>

export const WebhookEventSchema = z
  .object({
    id: z
      .string()
      .openapi({
        description: 'Also the `webhook-id` of its deliveries.',
        examples: ['evt_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'],
      }),
    workspace_id: z.string(),
    type: z
      .string()
      .openapi({
        description:
          'One of `WebhookEventType` (an open string, so a client does not break on new types).',
      }),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z
      .int()
      .openapi({
        description:
          "Increases with every event; order a run's events by it (deliveries may arrive in any order).",
      }),
    data: z
      .looseObject({})
      .readonly()
      .openapi({
        description: "The payload's `data`, whose schema per type is in the document's `webhooks`.",
      }),
  })
  .readonly()
  .openapi({
    description:
      'An event of the log; its payload as delivered is `{id, type, created_at, sequence, data}`.',
    required: ['id', 'workspace_id', 'type', 'created_at', 'sequence', 'data'],
  })
  .openapi('WebhookEvent')

export type WebhookEvent = z.infer<typeof WebhookEventSchema>

export const WebhookDeliveryStatusSchema = z
  .enum(['pending', 'succeeded', 'failed'])
  .openapi({
    description:
      '`pending` while attempts remain (see `next_attempt_at`), then `succeeded` (a 2xx) or `failed`.',
  })
  .openapi('WebhookDeliveryStatus')

export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>

export const WebhookAttemptErrorSchema = z
  .enum([
    'timeout',
    'connection_failed',
    'tls_failed',
    'redirect_not_followed',
    'http_error',
    'destination_refused',
    'interrupted',
  ])
  .openapi('WebhookAttemptError')

export type WebhookAttemptError = z.infer<typeof WebhookAttemptErrorSchema>

export const WebhookAttemptSchema = z
  .object({
    id: z
      .string()
      .openapi({
        description:
          'Sent as the `skillplane-attempt-id` header; each attempt is sent at most once.',
        examples: ['att_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'],
      }),
    round: z
      .int()
      .openapi({ description: '0 for the scheduled attempts, 1, 2, … for each redelivery.' }),
    number: z.int(),
    started_at: z.iso.datetime({ offset: true }),
    finished_at: z.iso.datetime({ offset: true }).nullable(),
    status_code: z.int().nullable(),
    latency_ms: z.int().nullable().openapi({ description: "Until the response's status line." }),
    response_excerpt: z
      .string()
      .nullable()
      .openapi({ description: "The first 1024 characters of the receiver's response body." }),
    error: z
      .xor([WebhookAttemptErrorSchema, z.null().nullable()])
      .openapi({
        description:
          '`http_error`: a non-2xx status; `redirect_not_followed`: a 3xx (redirects are never followed); `destination_refused`: the host resolved to a non-public address at delivery; `interrupted`: the worker was lost during the request, which is not repeated under this attempt.',
      }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'round',
      'number',
      'started_at',
      'finished_at',
      'status_code',
      'latency_ms',
      'response_excerpt',
      'error',
    ],
  })
  .openapi('WebhookAttempt')

export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ examples: ['dlv_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] }),
    event_id: z.string(),
    event_type: z.string(),
    webhook_id: z.string(),
    status: WebhookDeliveryStatusSchema,
    next_attempt_at: z.iso.datetime({ offset: true }).nullable(),
    attempts: z.array(WebhookAttemptSchema).readonly(),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    required: [
      'id',
      'event_id',
      'event_type',
      'webhook_id',
      'status',
      'next_attempt_at',
      'attempts',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('WebhookDelivery')

export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>

export const WebhookDeliveryListSchema = z
  .object({
    data: z.array(WebhookDeliverySchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('WebhookDeliveryList')

export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>

export const WebhookEventTypeSchema = z
  .enum([
    'skill_run.queued',
    'skill_run.started',
    'skill_run.waiting',
    'skill_run.resumed',
    'skill_run.completed',
    'skill_run.failed',
    'skill_run.cancelled',
    'skill_run.timed_out',
    'schedule.triggered',
    'schedule.run_failed_to_start',
    'schedule.paused',
    'schedule.resumed',
    'file.created',
    'file.deleted',
    'webhook_endpoint.disabled',
    'webhook.test',
  ])
  .openapi({
    'x-enum-varnames': [
      'SKILL_RUN_QUEUED',
      'SKILL_RUN_STARTED',
      'SKILL_RUN_WAITING',
      'SKILL_RUN_RESUMED',
      'SKILL_RUN_COMPLETED',
      'SKILL_RUN_FAILED',
      'SKILL_RUN_CANCELLED',
      'SKILL_RUN_TIMED_OUT',
      'SCHEDULE_TRIGGERED',
      'SCHEDULE_RUN_FAILED_TO_START',
      'SCHEDULE_PAUSED',
      'SCHEDULE_RESUMED',
      'FILE_CREATED',
      'FILE_DELETED',
      'WEBHOOK_ENDPOINT_DISABLED',
      'WEBHOOK_TEST',
    ],
    description:
      "What happened. `skill_run.*` follow a run's status (`resumed`: running again after `waiting`);\n`schedule.triggered` / `schedule.run_failed_to_start` come with the first status of a scheduled run;\n`schedule.paused` / `.resumed` with a pause or resume through the API; `file.created` when a new path gets\na file (upload, ZIP extraction; replacing a file's content is not a creation), `file.deleted` per file deleted;\n`webhook_endpoint.disabled` when an endpoint is disabled by its failures; `webhook.test` only from\n`POST /webhooks/{webhook_id}/test`, to that endpoint.\n",
  })
  .openapi('WebhookEventType')

export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>

export const WebhookEventListSchema = z
  .object({
    data: z.array(WebhookEventSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('WebhookEventList')

export type WebhookEventList = z.infer<typeof WebhookEventListSchema>

export const ConnectorSpecIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(64)
  .openapi({ examples: ['postgres', 'google-sheets', 'notion'] })
  .openapi('ConnectorSpecId')

export type ConnectorSpecId = z.infer<typeof ConnectorSpecIdSchema>

export const ConnectorAuthTypeSchema = z
  .enum(['credentials', 'oauth2'])
  .openapi({
    description:
      '`credentials`: the fields are given when the connection is created. `oauth2`: the user authorizes through `GET /connectors/oauth/{spec_id}/start`.',
  })
  .openapi('ConnectorAuthType')

export type ConnectorAuthType = z.infer<typeof ConnectorAuthTypeSchema>

export const ConnectorFieldTypeSchema = z
  .enum(['string', 'integer', 'boolean'])
  .openapi('ConnectorFieldType')

export type ConnectorFieldType = z.infer<typeof ConnectorFieldTypeSchema>

export const ConnectorFieldSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    secret: z
      .boolean()
      .openapi({
        description:
          'Like every credential field, stored encrypted and never returned; marked so a form can mask it.',
      }),
    type: ConnectorFieldTypeSchema,
    required: z.boolean(),
    options: z
      .array(z.string())
      .readonly()
      .nullable()
      .openapi({ description: 'The values a `string` field takes, when it is a closed set.' }),
    default: z
      .xor([z.string(), z.int(), z.boolean(), z.null().nullable()])
      .openapi({ description: 'The value used when the field is left out.' }),
  })
  .readonly()
  .openapi({ required: ['key', 'label', 'secret', 'type', 'required', 'options', 'default'] })
  .openapi('ConnectorField')

export type ConnectorField = z.infer<typeof ConnectorFieldSchema>

export const ConnectorSpecSchema = z
  .object({
    id: ConnectorSpecIdSchema,
    name: z.string(),
    description: z.string(),
    auth_type: ConnectorAuthTypeSchema,
    enabled: z
      .boolean()
      .openapi({
        description:
          'An `oauth2` spec is enabled when the operator has configured its OAuth client (e.g. `NOTION_CLIENT_ID` and `NOTION_CLIENT_SECRET`); `credentials` specs always are.',
      }),
    fields: z
      .array(ConnectorFieldSchema)
      .readonly()
      .openapi({
        description: 'The credential fields of a `credentials` spec (empty for `oauth2`).',
      }),
    scopes: z
      .array(z.string())
      .readonly()
      .openapi({
        description: 'The OAuth scopes an `oauth2` spec asks for (empty for `credentials`).',
      }),
  })
  .readonly()
  .openapi({ required: ['id', 'name', 'description', 'auth_type', 'enabled', 'fields', 'scopes'] })
  .openapi('ConnectorSpec')

export type ConnectorSpec = z.infer<typeof ConnectorSpecSchema>

export const ConnectorSpecListSchema = z
  .object({ data: z.array(ConnectorSpecSchema).readonly() })
  .readonly()
  .openapi({ required: ['data'] })
  .openapi('ConnectorSpecList')

export type ConnectorSpecList = z.infer<typeof ConnectorSpecListSchema>

export const ConnectionStatusSchema = z
  .enum(['connected', 'error', 'pending'])
  .openapi({
    description:
      '`connected`: the last check succeeded (or the OAuth authorization completed). `error`: the last check failed; see `error`. `pending`: an `oauth2` connection not yet authorized.',
  })
  .openapi('ConnectionStatus')

export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>

export const ConnectionIdSchema = z
  .string()
  .regex(/^conn_[0-9A-Za-z]{1,64}$/)
  .openapi({ examples: ['conn_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3'] })
  .openapi('ConnectionId')

export type ConnectionId = z.infer<typeof ConnectionIdSchema>

export const ConnectionErrorCodeSchema = z
  .enum([
    'connection_refused',
    'timeout',
    'tls_failed',
    'auth_failed',
    'database_not_found',
    'check_failed',
  ])
  .openapi('ConnectionErrorCode')

export type ConnectionErrorCode = z.infer<typeof ConnectionErrorCodeSchema>

export const ConnectionErrorSchema = z
  .object({
    code: ConnectionErrorCodeSchema,
    message: z
      .string()
      .openapi({
        description: "A fixed text per code (the remote system's own message is not passed on).",
      }),
  })
  .readonly()
  .openapi({ required: ['code', 'message'] })
  .openapi('ConnectionError')

export type ConnectionError = z.infer<typeof ConnectionErrorSchema>

export const ConnectionSchema = z
  .object({
    id: ConnectionIdSchema,
    workspace_id: z.string(),
    spec_id: ConnectorSpecIdSchema,
    name: z.string(),
    status: ConnectionStatusSchema,
    error: z.xor([ConnectionErrorSchema, z.null().nullable()]),
    checked_at: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({
        description: 'When the credentials were last checked (or the OAuth tokens obtained).',
      }),
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .readonly()
  .openapi({
    description: 'Its credentials are write-only and never returned.',
    required: [
      'id',
      'workspace_id',
      'spec_id',
      'name',
      'status',
      'error',
      'checked_at',
      'created_at',
      'updated_at',
    ],
  })
  .openapi('Connection')

export type Connection = z.infer<typeof ConnectionSchema>

export const ConnectionListSchema = z
  .object({
    data: z.array(ConnectionSchema).readonly(),
    next_cursor: NextCursorSchema,
    has_more: HasMoreSchema,
  })
  .readonly()
  .openapi({ required: ['data', 'next_cursor', 'has_more'] })
  .openapi('ConnectionList')

export type ConnectionList = z.infer<typeof ConnectionListSchema>

export const ConnectionCredentialsSchema = z
  .record(
    z.string(),
    z.xor([
      z.string().max(4096),
      z.int().min(-9007199254740991).max(9007199254740991),
      z.boolean(),
    ]),
  )
  .readonly()
  .openapi({
    writeOnly: true,
    description:
      "The spec's fields by `key`, checked against the spec: an unknown key, a missing required field, a value of the\nwrong type or out of range is a 400 naming `body.credentials.<key>`. Encrypted at rest (AES-256-GCM) and never\nreturned. For an `oauth2` spec leave it out (or `{}`): the connection is `pending` until authorized.\n",
  })
  .openapi('ConnectionCredentials')

export type ConnectionCredentials = z.infer<typeof ConnectionCredentialsSchema>

export const CreateConnectionSchema = z
  .strictObject({
    workspace_id: z
      .string()
      .regex(/^ws_[0-9A-Za-z]{1,64}$/)
      .exactOptional()
      .openapi({ description: 'Required unless the API key is bound to a workspace.' }),
    spec_id: ConnectorSpecIdSchema,
    name: z.string().min(1).max(200),
    credentials: ConnectionCredentialsSchema.exactOptional(),
  })
  .readonly()
  .openapi({ required: ['spec_id', 'name'] })
  .openapi('CreateConnection')

export type CreateConnection = z.infer<typeof CreateConnectionSchema>

export const UpdateConnectionSchema = z
  .strictObject({
    name: z.string().min(1).max(200).exactOptional(),
    credentials: ConnectionCredentialsSchema.exactOptional(),
  })
  .readonly()
  .openapi('UpdateConnection')

export type UpdateConnection = z.infer<typeof UpdateConnectionSchema>

export const OAuthStartSchema = z
  .object({
    authorization_url: z
      .string()
      .openapi({
        description:
          "Send the user's browser here. It carries `state` and a PKCE `code_challenge` (S256).",
      }),
    expires_at: z.iso
      .datetime({ offset: true })
      .openapi({
        description:
          'The authorization must come back to the callback before this time (`CONNECTOR_OAUTH_STATE_TTL_SECONDS`).',
      }),
  })
  .readonly()
  .openapi({ required: ['authorization_url', 'expires_at'] })
  .openapi('OAuthStart')

export type OAuthStart = z.infer<typeof OAuthStartSchema>

export const SkillRunEventDataSchema = z
  .object({
    id: z.string(),
    workspace_id: z.string(),
    skill_id: z.string().nullable(),
    skill_name: z.string(),
    skill_version: z.int(),
    schedule_id: z.string().nullable(),
    status: RunStatusSchema,
    model: z.string(),
    question: z
      .string()
      .nullable()
      .openapi({ description: "The agent's question while `waiting`." }),
    error: z.xor([RunErrorSchema, z.null().nullable()]),
    usage: z
      .object({ input_tokens: z.int(), output_tokens: z.int() })
      .readonly()
      .openapi({ required: ['input_tokens', 'output_tokens'] }),
    cost_usd: z.string().openapi({ description: 'Decimal USD.' }),
    output_files: z
      .array(
        z
          .object({ path: z.string(), size: z.int(), sha256: z.string() })
          .readonly()
          .openapi({ required: ['path', 'size', 'sha256'] }),
      )
      .readonly(),
    created_at: z.iso.datetime({ offset: true }),
    started_at: z.iso.datetime({ offset: true }).nullable(),
    completed_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .readonly()
  .openapi({
    description: 'The run as it was when the event happened.',
    required: [
      'id',
      'workspace_id',
      'skill_id',
      'skill_name',
      'skill_version',
      'schedule_id',
      'status',
      'model',
      'question',
      'error',
      'usage',
      'cost_usd',
      'output_files',
      'created_at',
      'started_at',
      'completed_at',
    ],
  })
  .openapi('SkillRunEventData')

export type SkillRunEventData = z.infer<typeof SkillRunEventDataSchema>

export const SkillRunEventPayloadSchema = z
  .object({
    id: z.string().openapi({ description: 'The event id, equal to the `webhook-id` header.' }),
    type: z.string(),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: SkillRunEventDataSchema,
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('SkillRunEventPayload')

export type SkillRunEventPayload = z.infer<typeof SkillRunEventPayloadSchema>

export const ScheduleEventPayloadSchema = z
  .object({
    id: z.string(),
    type: z
      .enum(['schedule.triggered', 'schedule.run_failed_to_start'])
      .openapi({ 'x-enum-varnames': ['SCHEDULE_TRIGGERED', 'SCHEDULE_RUN_FAILED_TO_START'] }),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: z
      .object({ schedule_id: z.string(), run: SkillRunEventDataSchema })
      .readonly()
      .openapi({ required: ['schedule_id', 'run'] }),
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('ScheduleEventPayload')

export type ScheduleEventPayload = z.infer<typeof ScheduleEventPayloadSchema>

export const SchedulePauseEventPayloadSchema = z
  .object({
    id: z.string(),
    type: z
      .enum(['schedule.paused', 'schedule.resumed'])
      .openapi({ 'x-enum-varnames': ['SCHEDULE_PAUSED', 'SCHEDULE_RESUMED'] }),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: z
      .object({
        id: z.string(),
        workspace_id: z.string(),
        name: z.string(),
        paused_by: z.string().nullable(),
        pause_note: z.string().nullable(),
      })
      .readonly()
      .openapi({ required: ['id', 'workspace_id', 'name', 'paused_by', 'pause_note'] }),
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('SchedulePauseEventPayload')

export type SchedulePauseEventPayload = z.infer<typeof SchedulePauseEventPayloadSchema>

export const FileEventPayloadSchema = z
  .object({
    id: z.string(),
    type: z
      .enum(['file.created', 'file.deleted'])
      .openapi({ 'x-enum-varnames': ['FILE_CREATED', 'FILE_DELETED'] }),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: z
      .object({
        id: z.string(),
        workspace_id: z.string(),
        path: z.string(),
        size: z.int().exactOptional(),
        sha256: z.string().exactOptional(),
        mime_type: z.string().exactOptional(),
      })
      .readonly()
      .openapi({
        required: ['id', 'workspace_id', 'path'],
        description: '`size`, `sha256` and `mime_type` on `file.created` only.',
      }),
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('FileEventPayload')

export type FileEventPayload = z.infer<typeof FileEventPayloadSchema>

export const EndpointDisabledPayloadSchema = z
  .object({
    id: z.string(),
    type: z.literal('webhook_endpoint.disabled'),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: z
      .object({
        id: z.string(),
        url: z.string(),
        reason: z.enum(['gone', 'failing']),
        disabled_at: z.iso.datetime({ offset: true }),
      })
      .readonly()
      .openapi({ required: ['id', 'url', 'reason', 'disabled_at'] }),
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('EndpointDisabledPayload')

export type EndpointDisabledPayload = z.infer<typeof EndpointDisabledPayloadSchema>

export const TestEventPayloadSchema = z
  .object({
    id: z.string(),
    type: z.literal('webhook.test'),
    created_at: z.iso.datetime({ offset: true }),
    sequence: z.int(),
    data: z
      .object({ webhook_id: z.string(), message: z.string() })
      .readonly()
      .openapi({ required: ['webhook_id', 'message'] }),
  })
  .readonly()
  .openapi({ required: ['id', 'type', 'created_at', 'sequence', 'data'] })
  .openapi('TestEventPayload')

export type TestEventPayload = z.infer<typeof TestEventPayloadSchema>

export const XRequestIDHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description:
      'The request id; echoes a client-sent `X-Request-ID` (up to 200 printable characters), else a generated one.',
  })
  .readonly()

const ValidationFailedExample = {
  summary: 'VALIDATION_FAILED (400)',
  value: {
    type: 'VALIDATION_FAILED',
    title: 'Validation failed',
    status: 400,
    detail: '1 field failed validation',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
    errors: [
      {
        field: 'body.name',
        message: 'Invalid string: must match pattern /^[a-z0-9]+(-[a-z0-9]+)*$/',
        code: 'invalid_format',
      },
    ],
  },
} as const

const MalformedRequestExample = {
  summary: 'MALFORMED_REQUEST (400)',
  value: {
    type: 'MALFORMED_REQUEST',
    title: 'Malformed request',
    status: 400,
    detail: 'The body is not valid JSON.',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const BadRequestResponse = {
  description:
    'The request failed validation (`VALIDATION_FAILED`) or could not be parsed (`MALFORMED_REQUEST`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: {
        ValidationFailed: ValidationFailedExample,
        MalformedRequest: MalformedRequestExample,
      },
    },
  },
} as const

export const WWWAuthenticateHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: 'The authentication scheme to use (`Bearer`).' })
  .readonly()

const ApiKeyInvalidExample = {
  summary: 'API_KEY_INVALID (401)',
  value: {
    type: 'API_KEY_INVALID',
    title: 'Invalid API key',
    status: 401,
    detail: 'The API key is unknown, revoked or expired.',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const AuthUnauthorizedExample = {
  summary: 'AUTH_UNAUTHORIZED (401)',
  value: {
    type: 'AUTH_UNAUTHORIZED',
    title: 'Authentication required',
    status: 401,
    detail: 'Send an API key or session token as `Authorization: Bearer …` or `X-API-Key`.',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const SessionInvalidExample = {
  summary: 'SESSION_INVALID (401)',
  value: {
    type: 'SESSION_INVALID',
    title: 'Invalid session',
    status: 401,
    detail: 'The session token is unknown, revoked or expired.',
    instance: '/api/v1/api-keys',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const UnauthorizedResponse = {
  description:
    'Missing (`AUTH_UNAUTHORIZED`) or invalid credentials (`API_KEY_INVALID`, `SESSION_INVALID`).',
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'WWW-Authenticate': WWWAuthenticateHeaderSchema,
  }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: {
        ApiKeyInvalid: ApiKeyInvalidExample,
        AuthUnauthorized: AuthUnauthorizedExample,
        SessionInvalid: SessionInvalidExample,
      },
    },
  },
} as const

const ForbiddenExample = {
  summary: 'FORBIDDEN (403)',
  value: {
    type: 'FORBIDDEN',
    title: 'Forbidden',
    status: 403,
    detail: 'This operation needs the SKILL_RUNS_CREATE permission.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const SessionRequiredExample = {
  summary: 'SESSION_REQUIRED (403)',
  value: {
    type: 'SESSION_REQUIRED',
    title: 'Session token required',
    status: 403,
    detail: 'Managing API keys needs a session token; API keys cannot call it.',
    instance: '/api/v1/api-keys',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const ForbiddenResponse = {
  description:
    'The caller lacks the permission this operation needs (`FORBIDDEN`), or used an API key where a session token is required (`SESSION_REQUIRED`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { Forbidden: ForbiddenExample, SessionRequired: SessionRequiredExample },
    },
  },
} as const

const NotFoundExample = {
  summary: 'NOT_FOUND (404)',
  value: {
    type: 'NOT_FOUND',
    title: 'Not found',
    status: 404,
    detail: 'No skill run with this id.',
    instance: '/api/v1/skill-runs/run_ReplaceWithYourRunId',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const NotFoundResponse = {
  description: 'No such object, or it belongs to a workspace the caller cannot see (`NOT_FOUND`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': { schema: ProblemSchema, examples: { NotFound: NotFoundExample } },
  },
} as const

const ConflictExample = {
  summary: 'CONFLICT (409)',
  value: {
    type: 'CONFLICT',
    title: 'Conflict',
    status: 409,
    detail: 'The request conflicts with the current state.',
    instance: '/api/v1/skill-runs/run_ReplaceWithYourRunId/retry',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const IdempotencyKeyReusedExample = {
  summary: 'IDEMPOTENCY_KEY_REUSED (409)',
  value: {
    type: 'IDEMPOTENCY_KEY_REUSED',
    title: 'Idempotency key reused',
    status: 409,
    detail: 'This Idempotency-Key was used with a different request.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const ConflictResponse = {
  description:
    'The request conflicts with the current state (`CONFLICT`, `IDEMPOTENCY_KEY_REUSED`, `IDEMPOTENCY_KEY_IN_PROGRESS`, or a resource-specific code).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { Conflict: ConflictExample, IdempotencyKeyReused: IdempotencyKeyReusedExample },
    },
  },
} as const

const PayloadTooLargeExample = {
  summary: 'PAYLOAD_TOO_LARGE (413)',
  value: {
    type: 'PAYLOAD_TOO_LARGE',
    title: 'Payload too large',
    status: 413,
    detail: 'The body exceeds 1048576 bytes.',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const PayloadTooLargeResponse = {
  description: 'The request body is larger than allowed (`PAYLOAD_TOO_LARGE`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { PayloadTooLarge: PayloadTooLargeExample },
    },
  },
} as const

const UnsupportedMediaTypeExample = {
  summary: 'UNSUPPORTED_MEDIA_TYPE (415)',
  value: {
    type: 'UNSUPPORTED_MEDIA_TYPE',
    title: 'Unsupported media type',
    status: 415,
    detail: 'Send the body as application/json.',
    instance: '/api/v1/skills',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const UnsupportedMediaTypeResponse = {
  description: "The request's Content-Type is not accepted (`UNSUPPORTED_MEDIA_TYPE`).",
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { UnsupportedMediaType: UnsupportedMediaTypeExample },
    },
  },
} as const

const UnprocessableEntityExample = {
  summary: 'ZIP_UNSAFE_ENTRY (422)',
  value: {
    type: 'ZIP_UNSAFE_ENTRY',
    title: 'Unsafe ZIP entry',
    status: 422,
    detail: 'The entry "../escape.txt" has a `..` segment.',
    instance: '/api/v1/files/extract',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const UnprocessableEntityResponse = {
  description:
    'The request is well-formed but cannot be carried out (`UNPROCESSABLE_ENTITY`, or a resource-specific code such as `ZIP_UNSAFE_ENTRY`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { UnprocessableEntity: UnprocessableEntityExample },
    },
  },
} as const

export const RetryAfterHeaderSchema = z
  .int()
  .min(0)
  .exactOptional()
  .openapi({ description: 'Seconds to wait before retrying.' })
  .readonly()

export const XRateLimitLimitHeaderSchema = z
  .int()
  .exactOptional()
  .openapi({
    description: 'Requests allowed in the current window for this key and endpoint class.',
  })
  .readonly()

export const XRateLimitRemainingHeaderSchema = z
  .int()
  .exactOptional()
  .openapi({ description: 'Requests left in the current window.' })
  .readonly()

export const XRateLimitResetHeaderSchema = z
  .int()
  .exactOptional()
  .openapi({
    description: 'Seconds until the current window resets (a delta, not an epoch timestamp).',
  })
  .readonly()

export const RateLimitHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description:
      'IETF draft-ietf-httpapi-ratelimit-headers structured field, e.g. `"default";r=199;t=42`.',
  })
  .readonly()

export const RateLimitPolicyHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description: 'IETF draft-ietf-httpapi-ratelimit-headers policy, e.g. `"default";q=200;w=60`.',
  })
  .readonly()

const RateLimitExceededExample = {
  summary: 'RATE_LIMIT_EXCEEDED (429)',
  value: {
    type: 'RATE_LIMIT_EXCEEDED',
    title: 'Rate limit exceeded',
    status: 429,
    detail: 'Too many requests; retry after 42 seconds.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const ConcurrentRunLimitExceededExample = {
  summary: 'CONCURRENT_RUN_LIMIT_EXCEEDED (429)',
  value: {
    type: 'CONCURRENT_RUN_LIMIT_EXCEEDED',
    title: 'Concurrent run limit exceeded',
    status: 429,
    detail: 'The workspace has 10 queued or running runs.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const TooManyRequestsResponse = {
  description:
    'Rate limit exceeded (`RATE_LIMIT_EXCEEDED`; retry after `Retry-After` seconds) or too many active runs (`CONCURRENT_RUN_LIMIT_EXCEEDED`).',
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'Retry-After': RetryAfterHeaderSchema,
    'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
    'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
    'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
    RateLimit: RateLimitHeaderSchema,
    'RateLimit-Policy': RateLimitPolicyHeaderSchema,
  }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: {
        RateLimitExceeded: RateLimitExceededExample,
        ConcurrentRunLimitExceeded: ConcurrentRunLimitExceededExample,
      },
    },
  },
} as const

const InternalErrorExample = {
  summary: 'INTERNAL_ERROR (500)',
  value: {
    type: 'INTERNAL_ERROR',
    title: 'Internal error',
    status: 500,
    detail: 'An unexpected error occurred.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const InternalErrorResponse = {
  description:
    'An unexpected error (`INTERNAL_ERROR`). No internals are disclosed; quote `request_id`.',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { InternalError: InternalErrorExample },
    },
  },
} as const

const ServiceUnavailableExample = {
  summary: 'SERVICE_UNAVAILABLE (503)',
  value: {
    type: 'SERVICE_UNAVAILABLE',
    title: 'Service unavailable',
    status: 503,
    detail: 'The database did not answer in time; retry after 5 seconds.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

const OrchestratorUnavailableExample = {
  summary: 'ORCHESTRATOR_UNAVAILABLE (503)',
  value: {
    type: 'ORCHESTRATOR_UNAVAILABLE',
    title: 'Orchestrator unavailable',
    status: 503,
    detail: 'Temporal did not answer in time; retry after 5 seconds.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const ServiceUnavailableResponse = {
  description:
    'The database (`SERVICE_UNAVAILABLE`) or Temporal (`ORCHESTRATOR_UNAVAILABLE`) did not answer within a few seconds; retry after `Retry-After` seconds.',
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'Retry-After': RetryAfterHeaderSchema,
  }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: {
        ServiceUnavailable: ServiceUnavailableExample,
        OrchestratorUnavailable: OrchestratorUnavailableExample,
      },
    },
  },
} as const

const UsageInsufficientCreditsExample = {
  summary: 'USAGE_INSUFFICIENT_CREDITS (402)',
  value: {
    type: 'USAGE_INSUFFICIENT_CREDITS',
    title: 'Insufficient credits',
    status: 402,
    detail: 'The workspace has spent its budget of 25.00 USD.',
    instance: '/api/v1/skill-runs',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const PaymentRequiredResponse = {
  description: 'The workspace has spent its budget (`USAGE_INSUFFICIENT_CREDITS`).',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { UsageInsufficientCredits: UsageInsufficientCreditsExample },
    },
  },
} as const

const RequestTimeoutExample = {
  summary: 'REQUEST_TIMEOUT (408)',
  value: {
    type: 'REQUEST_TIMEOUT',
    title: 'Request timeout',
    detail: 'The request body did not arrive in time.',
    status: 408,
    instance: '/api/v1/files',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const RequestTimeoutResponse = {
  description:
    'The client stopped sending the request body (`REQUEST_TIMEOUT`); the server closes the connection.',
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { RequestTimeout: RequestTimeoutExample },
    },
  },
} as const

export const ETagHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: 'The quoted hex SHA-256 of the content.' })
  .readonly()

export const ContentDispositionHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description: "`attachment; filename=\"…\"; filename*=UTF-8''…` with the file's name.",
  })
  .readonly()

export const AcceptRangesHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: 'Always `bytes`.' })
  .readonly()

export const FileContentResponse = {
  description: "The file's content, streamed.",
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
    'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
    'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
    RateLimit: RateLimitHeaderSchema,
    'RateLimit-Policy': RateLimitPolicyHeaderSchema,
    ETag: ETagHeaderSchema,
    'Content-Disposition': ContentDispositionHeaderSchema,
    'Accept-Ranges': AcceptRangesHeaderSchema,
  }),
  content: { 'application/octet-stream': { schema: z.file() } },
} as const

export const ContentRangeHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: '`bytes first-last/size` on a 206; `bytes */size` on a 416.' })
  .readonly()

export const PartialContentResponse = {
  description: 'The requested byte range of the file.',
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
    'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
    'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
    RateLimit: RateLimitHeaderSchema,
    'RateLimit-Policy': RateLimitPolicyHeaderSchema,
    ETag: ETagHeaderSchema,
    'Content-Range': ContentRangeHeaderSchema,
    'Content-Disposition': ContentDispositionHeaderSchema,
    'Accept-Ranges': AcceptRangesHeaderSchema,
  }),
  content: { 'application/octet-stream': { schema: z.file() } },
} as const

export const NotModifiedResponse = {
  description: "The client's copy (`If-None-Match`) is current.",
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema, ETag: ETagHeaderSchema }),
} as const

const RangeNotSatisfiableExample = {
  summary: 'RANGE_NOT_SATISFIABLE (416)',
  value: {
    type: 'RANGE_NOT_SATISFIABLE',
    title: 'Range not satisfiable',
    status: 416,
    detail: 'The range starts past the end of the file (1024 bytes).',
    instance: '/api/v1/files/content',
    request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
  },
} as const

export const RangeNotSatisfiableResponse = {
  description: 'The `Range` starts past the end of the file (`RANGE_NOT_SATISFIABLE`).',
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'Content-Range': ContentRangeHeaderSchema,
  }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: { RangeNotSatisfiable: RangeNotSatisfiableExample },
    },
  },
} as const

export const ArtifactETagHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({ description: 'The quoted SHA-256 of the content.' })
  .readonly()

export const ArtifactCSPHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description:
      "`sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads` (never `allow-same-origin`): the\ncontent runs in an opaque origin, so its scripts cannot read this origin's storage or call the API as the\nviewer; `default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:` keeps it to its own files (no external\nscripts, images or requests); `base-uri 'none'; form-action 'none'`.\n",
  })
  .readonly()

export const ArtifactNoSniffHeaderSchema = z
  .literal('nosniff')
  .exactOptional()
  .openapi({ description: 'Always `nosniff`.' })
  .readonly()

export const ArtifactContentDispositionHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description:
      '`attachment` for types that are not shown inline (anything but HTML, CSS, JavaScript, JSON, text and images).',
  })
  .readonly()

export const ArtifactReferrerPolicyHeaderSchema = z
  .string()
  .exactOptional()
  .openapi({
    description: "Always `no-referrer`, so a view URL's token never leaves in a `Referer`.",
  })
  .readonly()

export const ArtifactRawFileResponse = {
  description:
    "The file's bytes. Its Content-Type comes from its extension only (HTML, CSS, JavaScript, JSON, SVG, common\nimages and fonts, text; anything else is `application/octet-stream` with `Content-Disposition: attachment`),\n`X-Content-Type-Options: nosniff`, and a sandboxing `Content-Security-Policy`.\n",
  headers: z.object({
    'X-Request-ID': XRequestIDHeaderSchema,
    'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
    'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
    'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
    RateLimit: RateLimitHeaderSchema,
    'RateLimit-Policy': RateLimitPolicyHeaderSchema,
    ETag: ArtifactETagHeaderSchema,
    'Content-Security-Policy': ArtifactCSPHeaderSchema,
    'X-Content-Type-Options': ArtifactNoSniffHeaderSchema,
    'Content-Disposition': ArtifactContentDispositionHeaderSchema,
    'Referrer-Policy': ArtifactReferrerPolicyHeaderSchema,
  }),
  content: {
    'text/html': { schema: z.string() },
    'text/css': { schema: z.string() },
    'text/javascript': { schema: z.string() },
    'application/json': { schema: z.any() },
    'text/plain': { schema: z.string() },
    'text/csv': { schema: z.string() },
    'text/markdown': { schema: z.string() },
    'image/svg+xml': { schema: z.string() },
    'image/png': { schema: z.file() },
    'image/jpeg': { schema: z.file() },
    'image/gif': { schema: z.file() },
    'image/webp': { schema: z.file() },
    'image/x-icon': { schema: z.file() },
    'font/woff': { schema: z.file() },
    'font/woff2': { schema: z.file() },
    'application/pdf': { schema: z.file() },
    'application/octet-stream': { schema: z.file() },
  },
} as const

export const ArtifactNotModifiedResponse = {
  description: "The client's copy (`If-None-Match`) is current.",
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema, ETag: ArtifactETagHeaderSchema }),
} as const

export const BadGatewayResponse = {
  description: "The OAuth provider's token endpoint failed (`OAUTH_TOKEN_EXCHANGE_FAILED`).",
  headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
  content: {
    'application/problem+json': {
      schema: ProblemSchema,
      examples: {
        OAuthTokenExchangeFailed: {
          summary: 'OAUTH_TOKEN_EXCHANGE_FAILED (502)',
          value: {
            type: 'OAUTH_TOKEN_EXCHANGE_FAILED',
            title: 'OAuth token exchange failed',
            status: 502,
            detail: "The provider's token endpoint answered 400.",
            instance: '/api/v1/connectors/oauth/notion/callback',
            request_id: 'req_01JDZ8M9Y6T4Q2W8E5R7T9Y1U3',
          },
        },
      },
    },
  },
} as const

export const LimitParamsSchema = z.coerce
  .number()
  .pipe(z.int().min(1).max(200))
  .default(50)
  .exactOptional()
  .openapi({
    param: {
      name: 'limit',
      in: 'query',
      required: false,
      description: 'Page size.',
      schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    },
  })
  .readonly()

export const CursorParamsSchema = z
  .string()
  .max(512)
  .exactOptional()
  .openapi({
    param: {
      name: 'cursor',
      in: 'query',
      required: false,
      description: "Opaque cursor from a previous page's `next_cursor`.",
      schema: { type: 'string', maxLength: 512 },
    },
  })
  .readonly()

export const CreatedAfterParamsSchema = InstantOrDateSchema.exactOptional()
  .openapi({
    param: {
      name: 'created_after',
      in: 'query',
      required: false,
      description:
        "Only objects created strictly after this instant. A plain date means that day's start (00:00 UTC).",
      schema: { $ref: '#/components/schemas/InstantOrDate' },
    },
  })
  .readonly()

export const CreatedBeforeParamsSchema = InstantOrDateSchema.exactOptional()
  .openapi({
    param: {
      name: 'created_before',
      in: 'query',
      required: false,
      description:
        "Only objects created strictly before this instant. A plain date means that day's start (00:00 UTC), so `created_before=2025-01-02` ends with the last moment of 2025-01-01.",
      schema: { $ref: '#/components/schemas/InstantOrDate' },
    },
  })
  .readonly()

export const UpdatedAfterParamsSchema = InstantOrDateSchema.exactOptional()
  .openapi({
    param: {
      name: 'updated_after',
      in: 'query',
      required: false,
      description:
        "Only objects whose `updated_at` is strictly after this instant. A plain date means that day's start (00:00 UTC).",
      schema: { $ref: '#/components/schemas/InstantOrDate' },
    },
  })
  .readonly()

export const UpdatedBeforeParamsSchema = InstantOrDateSchema.exactOptional()
  .openapi({
    param: {
      name: 'updated_before',
      in: 'query',
      required: false,
      description:
        "Only objects whose `updated_at` is strictly before this instant. A plain date means that day's start (00:00 UTC), exclusive.",
      schema: { $ref: '#/components/schemas/InstantOrDate' },
    },
  })
  .readonly()

export const SortParamsSchema = SortOrderSchema.exactOptional()
  .openapi({
    param: {
      name: 'sort',
      in: 'query',
      required: false,
      description: 'Sort order; `-created_at` (newest first) is the default.',
      schema: { $ref: '#/components/schemas/SortOrder' },
    },
  })
  .readonly()

export const IdempotencyKeyParamsSchema = z
  .string()
  .min(1)
  .max(255)
  .exactOptional()
  .openapi({
    param: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a creating POST safe to retry. The first response is stored for 24 hours per key and caller; the same key\nwith the same body replays it (with `Idempotent-Replayed: true`), with a different body it is a 409\n`IDEMPOTENCY_KEY_REUSED`.\n',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
  })
  .readonly()

export const WorkspaceIdParamsSchema = z
  .string()
  .regex(/^ws_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'workspace_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^ws_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const UserIdParamsSchema = z
  .string()
  .regex(/^usr_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'user_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^usr_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const KeyIdParamsSchema = z
  .string()
  .regex(/^key_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'key_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^key_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const WorkspaceQueryParamsSchema = z
  .string()
  .regex(/^ws_[0-9A-Za-z]{1,64}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'workspace_id',
      in: 'query',
      required: false,
      description: 'The workspace; required unless the API key is bound to one.',
      schema: { type: 'string', pattern: '^ws_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const SkillIdParamsSchema = z
  .string()
  .regex(/^skill_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'skill_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^skill_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const VersionParamsSchema = z.coerce.number().pipe(z.int().min(1).max(999999999))
  .openapi({
    param: {
      name: 'version',
      in: 'path',
      required: true,
      description: 'A version number (`Skill.version`, `SkillVersion.version`).',
      schema: { type: 'integer', minimum: 1, maximum: 999999999 },
    },
  })
  .readonly()

export const RunIdParamsSchema = z
  .string()
  .regex(/^run_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'run_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^run_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const LastEventIdParamsSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'Last-Event-ID',
      in: 'header',
      required: false,
      description: 'Resume after this event id (sent automatically by EventSource on reconnect).',
      schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
    },
  })
  .readonly()

export const ProjectIdQueryParamsSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'project_id',
      in: 'query',
      required: false,
      description: 'Only files attached to this project.',
      schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ConversationIdQueryParamsSchema = z
  .string()
  .regex(/^conv_[0-9A-Za-z]{1,64}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'conversation_id',
      in: 'query',
      required: false,
      description: 'Only files attached to this conversation.',
      schema: { type: 'string', pattern: '^conv_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const FolderPathParamsSchema = FilePathSchema.exactOptional()
  .openapi({
    param: {
      name: 'path',
      in: 'query',
      required: false,
      description: 'The folder to list; the root when absent.',
      schema: { $ref: '#/components/schemas/FilePath' },
      example: '',
    },
  })
  .readonly()

export const TreePathRequiredParamsSchema = FilePathSchema.openapi({
  param: {
    name: 'path',
    in: 'query',
    required: true,
    description: 'A file or folder.',
    schema: { $ref: '#/components/schemas/FilePath' },
  },
}).readonly()

export const FilePathQueryParamsSchema = FilePathSchema.openapi({
  param: {
    name: 'path',
    in: 'query',
    required: true,
    description: 'The file to download.',
    schema: { $ref: '#/components/schemas/FilePath' },
  },
}).readonly()

export const RangeParamsSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'Range',
      in: 'header',
      required: false,
      description:
        'One byte range, `bytes=first-last`, `bytes=first-` or `bytes=-suffix` (206); several ranges or a malformed value are ignored (200); a range past the end is a 416.',
      schema: { type: 'string', maxLength: 200 },
    },
  })
  .readonly()

export const IfNoneMatchParamsSchema = z
  .string()
  .max(2000)
  .exactOptional()
  .openapi({
    param: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'ETags the client has; a match is a 304 without body.',
      schema: { type: 'string', maxLength: 2000 },
    },
  })
  .readonly()

export const IfRangeParamsSchema = z
  .string()
  .max(200)
  .exactOptional()
  .openapi({
    param: {
      name: 'If-Range',
      in: 'header',
      required: false,
      description:
        'Honour `Range` only if the file still has this ETag; otherwise the whole file is sent (200).',
      schema: { type: 'string', maxLength: 200 },
    },
  })
  .readonly()

export const FileIdParamsSchema = z
  .string()
  .regex(/^file_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'file_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^file_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ScheduleIdParamsSchema = z
  .string()
  .regex(/^sched_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'schedule_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^sched_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ProjectIdPathParamsSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'project_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ProjectFilterParamsSchema = ProjectIdSchema.exactOptional()
  .openapi({
    param: {
      name: 'project_id',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ProjectId' },
    },
  })
  .readonly()

export const ConversationIdPathParamsSchema = z
  .string()
  .regex(/^conv_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'conversation_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^conv_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ConversationFilterParamsSchema = ConversationIdSchema.exactOptional()
  .openapi({
    param: {
      name: 'conversation_id',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ConversationId' },
    },
  })
  .readonly()

export const ResponseIdPathParamsSchema = z
  .string()
  .regex(/^resp_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'response_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^resp_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const MemoryIdPathParamsSchema = z
  .string()
  .regex(/^mem_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'memory_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^mem_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ArtifactProjectIdQueryParamsSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'project_id',
      in: 'query',
      required: false,
      description: 'Only artifacts of this project.',
      schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ArtifactConversationIdQueryParamsSchema = z
  .string()
  .regex(/^conv_[0-9A-Za-z]{1,64}$/)
  .exactOptional()
  .openapi({
    param: {
      name: 'conversation_id',
      in: 'query',
      required: false,
      description: "Only artifacts published by this conversation's agent.",
      schema: { type: 'string', pattern: '^conv_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ArtifactTypeQueryParamsSchema = ArtifactTypeSchema.exactOptional()
  .openapi({
    param: {
      name: 'type',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ArtifactType' },
    },
  })
  .readonly()

export const ArtifactPreviewProjectIdParamsSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'project_id',
      in: 'query',
      required: true,
      description: 'The project that owns the artifact.',
      schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ArtifactPreviewPathParamsSchema = z
  .string()
  .max(1024)
  .openapi({
    param: {
      name: 'path',
      in: 'query',
      required: true,
      description:
        'A file of an artifact, relative to the project (its entry, e.g. `sales_dashboard/index.html`, or any of its files).',
      schema: { type: 'string', maxLength: 1024 },
    },
  })
  .readonly()

export const ArtifactServeProjectIdParamsSchema = z
  .string()
  .regex(/^proj_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'project_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ArtifactServePathParamsSchema = z
  .string()
  .max(1024)
  .openapi({
    param: {
      name: 'path',
      in: 'path',
      required: true,
      description:
        'A file of an artifact relative to the project (`sales_dashboard/index.html`, `sales_dashboard/assets/chart.js`).\nIt takes the rest of the URL path: its `/` may be sent literally or as `%2F`.\n',
      schema: { type: 'string', maxLength: 1024 },
    },
  })
  .readonly()

export const ArtifactIfNoneMatchParamsSchema = z
  .string()
  .max(2000)
  .exactOptional()
  .openapi({
    param: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'ETags the client has; a match is a 304 without body.',
      schema: { type: 'string', maxLength: 2000 },
    },
  })
  .readonly()

export const ArtifactViewTokenParamsSchema = z
  .string()
  .max(512)
  .openapi({
    param: {
      name: 'token',
      in: 'path',
      required: true,
      description: 'The signed token of a URL from `POST /api/v1/artifacts/open`.',
      schema: { type: 'string', maxLength: 512 },
    },
  })
  .readonly()

export const ArtifactViewPathParamsSchema = z
  .string()
  .max(1024)
  .openapi({
    param: {
      name: 'path',
      in: 'path',
      required: true,
      description:
        'A file of the artifact relative to its `root` (`index.html`, `assets/chart.js`); it takes the rest of the URL path.',
      schema: { type: 'string', maxLength: 1024 },
    },
  })
  .readonly()

export const ArtifactIdPathParamsSchema = ArtifactIdSchema.openapi({
  param: {
    name: 'artifact_id',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/ArtifactId' },
  },
}).readonly()

export const ConversationFilter_2ParamsSchema = z
  .string()
  .regex(/^conv_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'conversation_id',
      in: 'query',
      required: true,
      schema: { type: 'string', pattern: '^conv_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const ScratchpadIdPathParamsSchema = z
  .string()
  .regex(/^sp_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'scratchpad_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^sp_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const CellIdPathParamsSchema = z
  .string()
  .regex(/^cell_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'cell_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^cell_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const WebhookIdParamsSchema = z
  .string()
  .regex(/^whk_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'webhook_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^whk_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const EventIdParamsSchema = z
  .string()
  .regex(/^evt_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'event_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^evt_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const DeliveryIdParamsSchema = z
  .string()
  .regex(/^dlv_[0-9A-Za-z]{1,64}$/)
  .openapi({
    param: {
      name: 'delivery_id',
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^dlv_[0-9A-Za-z]{1,64}$' },
    },
  })
  .readonly()

export const SpecIdFilterParamsSchema = ConnectorSpecIdSchema.exactOptional()
  .openapi({
    param: {
      name: 'spec_id',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ConnectorSpecId' },
    },
  })
  .readonly()

export const StatusFilterParamsSchema = ConnectionStatusSchema.exactOptional()
  .openapi({
    param: {
      name: 'status',
      in: 'query',
      required: false,
      schema: { $ref: '#/components/schemas/ConnectionStatus' },
    },
  })
  .readonly()

export const ConnectionIdPathParamsSchema = ConnectionIdSchema.openapi({
  param: {
    name: 'connection_id',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/ConnectionId' },
  },
}).readonly()

export const SpecIdPathParamsSchema = ConnectorSpecIdSchema.openapi({
  param: {
    name: 'spec_id',
    in: 'path',
    required: true,
    schema: { $ref: '#/components/schemas/ConnectorSpecId' },
  },
}).readonly()

export const IdempotentReplayedHeaderSchema = z
  .literal('true')
  .exactOptional()
  .openapi({
    description:
      '`true` when this response is a replay of the first response for the same `Idempotency-Key`.',
  })
  .readonly()

const BearerAuthSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: '`Authorization: Bearer <API key or session token>`.',
} as const

const ApiKeyHeaderSecurityScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'X-API-Key',
  description: '`X-API-Key: <API key or session token>`.',
} as const

const GetCurrentUserLink = {
  operationId: 'getCurrentUser',
  description: 'The signed-in user.',
} as const

const DeleteCurrentSessionLink = {
  operationId: 'deleteCurrentSession',
  description: 'Sign out (revoke this token).',
} as const

const GetWorkspaceLink = {
  operationId: 'getWorkspace',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'The new workspace.',
} as const

const UpdateWorkspaceLink = {
  operationId: 'updateWorkspace',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'Rename it or set its budget.',
} as const

const DeleteWorkspaceLink = {
  operationId: 'deleteWorkspace',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

const ListMembersLink = {
  operationId: 'listMembers',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'Its members.',
} as const

const AddMemberLink = {
  operationId: 'addMember',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'Add a member.',
} as const

const ListWorkspaceSkillsLink = {
  operationId: 'listSkills',
  parameters: { workspace_id: '$response.body#/id' },
  description: 'Its skills.',
} as const

const UpdateMemberLink = {
  operationId: 'updateMember',
  parameters: { workspace_id: '$request.path.workspace_id', user_id: '$response.body#/user_id' },
  description: 'Change the role.',
} as const

const RemoveMemberLink = {
  operationId: 'removeMember',
  parameters: { workspace_id: '$request.path.workspace_id', user_id: '$response.body#/user_id' },
  description: 'Remove the member.',
} as const

const RevokeApiKeyLink = {
  operationId: 'revokeApiKey',
  parameters: { key_id: '$response.body#/id' },
  description: 'Revoke the new key.',
} as const

const GetSkillLink = {
  operationId: 'getSkill',
  parameters: { skill_id: '$response.body#/id' },
  description: 'The new skill.',
} as const

const UpdateSkillLink = {
  operationId: 'updateSkill',
  parameters: { skill_id: '$response.body#/id' },
  description: 'Edit it (a new draft version).',
} as const

const DeleteSkillLink = {
  operationId: 'deleteSkill',
  parameters: { skill_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

const ListSkillVersionsLink = {
  operationId: 'listSkillVersions',
  parameters: { skill_id: '$response.body#/id' },
  description: 'Its versions.',
} as const

const PublishSkillVersionLink = {
  operationId: 'publishSkillVersion',
  parameters: { skill_id: '$response.body#/id', version: '$response.body#/version' },
  description: 'Publish its latest version.',
} as const

const ListSkillRunsOfSkillLink = {
  operationId: 'listSkillRuns',
  parameters: { skill_id: '$response.body#/id' },
  description: 'Its runs.',
} as const

const GetSkillRunLink = {
  operationId: 'getSkillRun',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Poll the run.',
} as const

const StreamSkillRunEventsLink = {
  operationId: 'streamSkillRunEvents',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Stream its events.',
} as const

const CancelSkillRunLink = {
  operationId: 'cancelSkillRun',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Cancel it.',
} as const

const ProvideSkillRunInputLink = {
  operationId: 'provideSkillRunInput',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Answer its question while it is waiting.',
} as const

const ListSkillRunOutputsLink = {
  operationId: 'listSkillRunOutputs',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Its output files.',
} as const

const DownloadSkillRunOutputsLink = {
  operationId: 'downloadSkillRunOutputs',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Its outputs as a ZIP.',
} as const

const RetrySkillRunLink = {
  operationId: 'retrySkillRun',
  parameters: { run_id: '$response.body#/run_id' },
  description: 'Start it again.',
} as const

const GetSkillRunByIdLink = {
  operationId: 'getSkillRun',
  parameters: { run_id: '$response.body#/id' },
  description: 'Poll the run.',
} as const

const StreamSkillRunEventsByIdLink = {
  operationId: 'streamSkillRunEvents',
  parameters: { run_id: '$response.body#/id' },
  description: 'Stream its events.',
} as const

const GetFileLink = {
  operationId: 'getFile',
  parameters: { file_id: '$response.body#/id' },
  description: 'The file object.',
} as const

const DownloadFileLink = {
  operationId: 'downloadFile',
  parameters: { file_id: '$response.body#/id' },
  description: 'Its content.',
} as const

const DeleteFileLink = {
  operationId: 'deleteFile',
  parameters: { file_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

const ListExtractedFolderLink = {
  operationId: 'getFileTree',
  parameters: { path: '$response.body#/extracted_to' },
  description: 'The folder the archive was extracted into.',
} as const

const GetScheduleLink = {
  operationId: 'getSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'The new schedule.',
} as const

const UpdateScheduleLink = {
  operationId: 'updateSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'Change it.',
} as const

const DeleteScheduleLink = {
  operationId: 'deleteSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

const PauseScheduleLink = {
  operationId: 'pauseSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'Pause it.',
} as const

const ResumeScheduleLink = {
  operationId: 'resumeSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'Resume it.',
} as const

const TriggerScheduleLink = {
  operationId: 'triggerSchedule',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'Take its action now.',
} as const

const ListSkillRunsOfScheduleLink = {
  operationId: 'listSkillRuns',
  parameters: { schedule_id: '$response.body#/id' },
  description: 'The runs it started.',
} as const

const GetTriggeredScheduleLink = {
  operationId: 'getSchedule',
  parameters: { schedule_id: '$response.body#/schedule/id' },
  description: 'The schedule, with its updated counters.',
} as const

const ListSkillRunsOfTriggeredScheduleLink = {
  operationId: 'listSkillRuns',
  parameters: { schedule_id: '$response.body#/schedule/id' },
  description: 'The runs it started.',
} as const

const GetProjectLink = {
  operationId: 'getProject',
  parameters: { project_id: '$response.body#/id' },
  description: 'The new project.',
} as const

const UpdateProjectLink = {
  operationId: 'updateProject',
  parameters: { project_id: '$response.body#/id' },
  description: 'Rename it or change its skills.',
} as const

const DeleteProjectLink = {
  operationId: 'deleteProject',
  parameters: { project_id: '$response.body#/id' },
  description: 'Delete it with everything in it.',
} as const

const ListProjectConversationsLink = {
  operationId: 'listConversations',
  parameters: { project_id: '$response.body#/id' },
  description: 'Its conversations.',
} as const

const GetConversationLink = {
  operationId: 'getConversation',
  parameters: { conversation_id: '$response.body#/id' },
  description: 'The new conversation.',
} as const

const UpdateConversationLink = {
  operationId: 'updateConversation',
  parameters: { conversation_id: '$response.body#/id' },
  description: 'Retitle or archive it.',
} as const

const DeleteConversationLink = {
  operationId: 'deleteConversation',
  parameters: { conversation_id: '$response.body#/id' },
  description: 'Delete it with its items and responses.',
} as const

const ListConversationItemsLink = {
  operationId: 'listConversationItems',
  parameters: { conversation_id: '$response.body#/id' },
  description: 'Its messages, tool calls and tool results.',
} as const

const GetResponseLink = {
  operationId: 'getResponse',
  parameters: { response_id: '$response.body#/id' },
  description: 'Read the turn, or replay its stream with `stream=true`.',
} as const

const CancelResponseLink = {
  operationId: 'cancelResponse',
  parameters: { response_id: '$response.body#/id' },
  description: 'Stop the turn.',
} as const

const GetMemoryLink = {
  operationId: 'getMemory',
  parameters: { memory_id: '$response.body#/id' },
  description: 'The new memory.',
} as const

const UpdateMemoryLink = {
  operationId: 'updateMemory',
  parameters: { memory_id: '$response.body#/id' },
  description: 'Change what it says.',
} as const

const DeleteMemoryLink = {
  operationId: 'deleteMemory',
  parameters: { memory_id: '$response.body#/id' },
  description: 'Forget it.',
} as const

const GetArtifactLink = {
  operationId: 'getArtifact',
  parameters: { artifact_id: '$response.body#/id' },
  description: 'The artifact.',
} as const

const UpdateArtifactLink = {
  operationId: 'updateArtifact',
  parameters: { artifact_id: '$response.body#/id' },
  description: 'Rename or retype it.',
} as const

const DeleteArtifactLink = {
  operationId: 'deleteArtifact',
  parameters: { artifact_id: '$response.body#/id' },
  description: 'Delete it and its files.',
} as const

const GetWebhookLink = {
  operationId: 'getWebhook',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'The endpoint.',
} as const

const UpdateWebhookLink = {
  operationId: 'updateWebhook',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'Change its URL, events, description, or enable or disable it.',
} as const

const DeleteWebhookLink = {
  operationId: 'deleteWebhook',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

const RotateWebhookSecretLink = {
  operationId: 'rotateWebhookSecret',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'Rotate its secret.',
} as const

const SendTestWebhookEventLink = {
  operationId: 'sendTestWebhookEvent',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'Send it a test event.',
} as const

const ListWebhookDeliveriesLink = {
  operationId: 'listWebhookDeliveries',
  parameters: { webhook_id: '$response.body#/id' },
  description: 'Its deliveries.',
} as const

const GetWebhookEventLink = {
  operationId: 'getWebhookEvent',
  parameters: { event_id: '$response.body#/id' },
  description: 'The event.',
} as const

const ListWebhookEventDeliveriesLink = {
  operationId: 'listWebhookEventDeliveries',
  parameters: { event_id: '$response.body#/id' },
  description: "The event's deliveries and their attempts.",
} as const

const GetWebhookDeliveryLink = {
  operationId: 'getWebhookDelivery',
  parameters: { delivery_id: '$response.body#/id' },
  description: 'The delivery and its attempts.',
} as const

const GetConnectionLink = {
  operationId: 'getConnection',
  parameters: { connection_id: '$response.body#/id' },
  description: 'The connection.',
} as const

const UpdateConnectionLink = {
  operationId: 'updateConnection',
  parameters: { connection_id: '$response.body#/id' },
  description: 'Rename it or replace its credentials.',
} as const

const DeleteConnectionLink = {
  operationId: 'deleteConnection',
  parameters: { connection_id: '$response.body#/id' },
  description: 'Delete it.',
} as const

export const getApiV1HealthRoute = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['System'],
  summary: 'Check service health',
  description:
    'Liveness of the API plus whether PostgreSQL and Temporal answer and a worker polls the task queue.\nAnswers 200 when every check is up and 503 (same body) when any is down, so it serves both as a liveness and a\nreadiness probe. Needs no credentials and is not rate limited.\n',
  operationId: 'getHealth',
  responses: {
    200: {
      description: 'Every dependency answers.',
      headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
      content: { 'application/json': { schema: HealthSchema } },
    },
    500: InternalErrorResponse,
    503: {
      description: 'At least one dependency does not answer.',
      headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
      content: { 'application/json': { schema: HealthSchema } },
    },
  },
  security: [],
} as const)

export const postApiV1AuthSessionsRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/sessions',
  tags: ['Auth'],
  summary: 'Sign in',
  description:
    'Exchanges e-mail and password for a session token (`sps_…`) that expires after `SESSION_TTL_HOURS` (default 24).\nSession tokens manage API keys and memberships; API keys cannot.\n\nSign-in is throttled per client address (`RATE_LIMIT_AUTH_PER_MINUTE`) and per account: after\n`SIGN_IN_MAX_FAILURES` (default 5) failed attempts for one e-mail, from any addresses and API processes, further\nattempts are 429 `RATE_LIMIT_EXCEEDED` with `Retry-After` until the lock ends; it starts at\n`SIGN_IN_LOCKOUT_SECONDS` (default 30) and doubles with each further failure, up to an hour. A successful sign-in\nresets the count. E-mails without an account are throttled the same way, so the answer never tells whether an\naccount exists.\n',
  operationId: 'createSession',
  request: {
    body: {
      content: {
        'application/json': {
          schema: CreateSessionSchema,
          examples: {
            CreateSession: {
              summary: 'Sign in',
              description: 'Replace the e-mail and password with your own.',
              value: { email: 'you@example.com', password: 'REPLACE_WITH_YOUR_PASSWORD' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Signed in.',
      headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
      content: { 'application/json': { schema: SessionCreatedSchema } },
      links: { GetCurrentUser: GetCurrentUserLink, DeleteCurrentSession: DeleteCurrentSessionLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
  security: [],
} as const)

export const deleteApiV1AuthSessionsCurrentRoute = createRoute({
  method: 'delete',
  path: '/api/v1/auth/sessions/current',
  tags: ['Auth'],
  summary: 'Sign out',
  description: 'Revokes the session token used for this request.',
  operationId: 'deleteCurrentSession',
  responses: {
    204: {
      description: 'Signed out.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1MeRoute = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags: ['Auth'],
  summary: 'Get the signed-in user',
  description: 'The user behind the session token or API key.',
  operationId: 'getCurrentUser',
  responses: {
    200: {
      description: 'The current user.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: UserSchema } },
    },
    401: UnauthorizedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1UsersRoute = createRoute({
  method: 'post',
  path: '/api/v1/users',
  tags: ['Auth'],
  summary: 'Create a user',
  description:
    'Instance administrators create users, who can then sign in and be added to workspaces.',
  operationId: 'createUser',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateUserSchema,
          examples: {
            CreateUser: {
              summary: 'A new user (instance administrators only)',
              value: {
                email: 'new.colleague@example.com',
                password: 'correct horse battery staple',
                name: 'New Colleague',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Created.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: UserSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WorkspacesRoute = createRoute({
  method: 'get',
  path: '/api/v1/workspaces',
  tags: ['Workspaces'],
  summary: 'List workspaces',
  description:
    'Workspaces the caller is a member of (a workspace-bound API key sees only its own), newest first.',
  operationId: 'listWorkspaces',
  request: { query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WorkspacesRoute = createRoute({
  method: 'post',
  path: '/api/v1/workspaces',
  tags: ['Workspaces'],
  summary: 'Create a workspace',
  description: 'Creates a workspace; the caller becomes its owner.',
  operationId: 'createWorkspace',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateWorkspaceSchema,
          examples: { CreateWorkspace: { summary: 'A workspace', value: { name: 'Research' } } },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceSchema } },
      links: {
        GetWorkspace: GetWorkspaceLink,
        UpdateWorkspace: UpdateWorkspaceLink,
        DeleteWorkspace: DeleteWorkspaceLink,
        ListMembers: ListMembersLink,
        AddMember: AddMemberLink,
        ListWorkspaceSkills: ListWorkspaceSkillsLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WorkspacesWorkspaceIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/workspaces/{workspace_id}',
  tags: ['Workspaces'],
  summary: 'Get a workspace',
  description: 'Needs `WORKSPACE_READ`.',
  operationId: 'getWorkspace',
  request: { params: z.object({ workspace_id: WorkspaceIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1WorkspacesWorkspaceIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/workspaces/{workspace_id}',
  tags: ['Workspaces'],
  summary: 'Delete a workspace',
  description:
    'Deletes the workspace and everything in it. The workspace disappears at once; its active runs are cancelled, its schedules deleted, and its files and run directories purged in the background by a durable Temporal workflow. Needs `WORKSPACE_DELETE` (owners only).',
  operationId: 'deleteWorkspace',
  request: { params: z.object({ workspace_id: WorkspaceIdParamsSchema }) },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1WorkspacesWorkspaceIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/workspaces/{workspace_id}',
  tags: ['Workspaces'],
  summary: 'Update a workspace',
  description:
    'An empty update (`{}`) changes nothing and answers 200 with the workspace as it is. Needs `WORKSPACE_UPDATE`.',
  operationId: 'updateWorkspace',
  request: {
    params: z.object({ workspace_id: WorkspaceIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateWorkspaceSchema,
          examples: {
            UpdateWorkspace: {
              summary: 'Rename and set a budget',
              value: { name: 'Research team', budget_usd: '25.00' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WorkspacesWorkspaceIdMembersRoute = createRoute({
  method: 'get',
  path: '/api/v1/workspaces/{workspace_id}/members',
  tags: ['Workspaces'],
  summary: 'List members',
  description: 'Needs `MEMBERS_READ`.',
  operationId: 'listMembers',
  request: {
    params: z.object({ workspace_id: WorkspaceIdParamsSchema }),
    query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WorkspacesWorkspaceIdMembersRoute = createRoute({
  method: 'post',
  path: '/api/v1/workspaces/{workspace_id}/members',
  tags: ['Workspaces'],
  summary: 'Add a member',
  description:
    'Adds an existing user with a role. Needs `MEMBERS_MANAGE` and a session token; only owners may grant `owner`. A user already in the workspace is a 409.',
  operationId: 'addMember',
  request: {
    params: z.object({ workspace_id: WorkspaceIdParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: AddMemberSchema,
          examples: {
            AddMember: {
              summary: 'Add an existing user',
              description: 'Replace the e-mail with that of an existing user.',
              value: { email: 'teammate@example.com', role: 'member' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSchema } },
      links: { UpdateMember: UpdateMemberLink, RemoveMember: RemoveMemberLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1WorkspacesWorkspaceIdMembersUserIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/workspaces/{workspace_id}/members/{user_id}',
  tags: ['Workspaces'],
  summary: 'Remove a member',
  description:
    'Needs `MEMBERS_MANAGE` and a session token; the last owner cannot be removed. Their API keys bound to this workspace stop working.',
  operationId: 'removeMember',
  request: {
    params: z.object({ workspace_id: WorkspaceIdParamsSchema, user_id: UserIdParamsSchema }),
  },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1WorkspacesWorkspaceIdMembersUserIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/workspaces/{workspace_id}/members/{user_id}',
  tags: ['Workspaces'],
  summary: "Change a member's role",
  description:
    'Needs `MEMBERS_MANAGE` and a session token; only owners may grant or take away `owner`, and the last owner cannot be demoted.',
  operationId: 'updateMember',
  request: {
    params: z.object({ workspace_id: WorkspaceIdParamsSchema, user_id: UserIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateMemberSchema,
          examples: {
            UpdateMember: { summary: 'Make the member a viewer', value: { role: 'viewer' } },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: MemberSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ApiKeysRoute = createRoute({
  method: 'get',
  path: '/api/v1/api-keys',
  tags: ['API keys'],
  summary: 'List API keys',
  description: "The caller's keys, newest first, without their secrets. Needs a session token.",
  operationId: 'listApiKeys',
  request: { query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeyListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ApiKeysRoute = createRoute({
  method: 'post',
  path: '/api/v1/api-keys',
  tags: ['API keys'],
  summary: 'Create an API key',
  description:
    "Needs a session token (API keys cannot create API keys). The full key is in the response and is never shown\nagain: the server stores only its hash. A user has at most `MAX_API_KEYS_PER_USER` (default 25) active keys;\none more is 409 `API_KEY_LIMIT_REACHED`.\n\nWith `Idempotency-Key`, a replay (same key, same body) does not return the secret again: it is 409\n`IDEMPOTENCY_SECRET_NOT_REPLAYABLE`, whose `detail` names the id of the key the first request created. If that\nfirst response was lost, revoke that key (`DELETE /api-keys/{key_id}`) and create a new one with a new\nIdempotency-Key. The stored response of the first request keeps only the key's metadata, never the secret.\n",
  operationId: 'createApiKey',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateApiKeySchema,
          examples: {
            CreateApiKey: {
              summary: 'A key for CI that reads and starts runs',
              value: { name: 'CI', scopes: ['runs:read', 'runs:write'], mode: 'live' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ApiKeyCreatedSchema } },
      links: { RevokeApiKey: RevokeApiKeyLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ApiKeysKeyIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/api-keys/{key_id}',
  tags: ['API keys'],
  summary: 'Revoke an API key',
  description: 'Revokes one of the caller’s keys at once. Needs a session token.',
  operationId: 'revokeApiKey',
  request: { params: z.object({ key_id: KeyIdParamsSchema }) },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillsRoute = createRoute({
  method: 'get',
  path: '/api/v1/skills',
  tags: ['Skills'],
  summary: 'List skills',
  description:
    "The workspace's skills plus published global skills (as their published version), newest first. Needs `SKILLS_READ`.",
  operationId: 'listSkills',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      updated_after: UpdatedAfterParamsSchema,
      updated_before: UpdatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillsRoute = createRoute({
  method: 'post',
  path: '/api/v1/skills',
  tags: ['Skills'],
  summary: 'Create a skill',
  description:
    'Creates version 1 (published unless `publish` is false). `name` is unique per workspace (409 `SKILL_NAME_EXISTS`); `is_global` needs an instance administrator. Needs `SKILLS_WRITE`.',
  operationId: 'createSkill',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateSkillSchema,
          examples: {
            CreateSkill: {
              summary: 'A weekly report skill',
              description: '`workspace_id` can be left out with a workspace-bound API key.',
              value: {
                name: 'weekly-report',
                description: "Summarises the week's CSV exports.",
                instructions:
                  'Read the CSV files in the context, total them per week with Python and write outputs/report.md.',
                tools: ['read_file', 'list_files', 'run_python', 'write_file'],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillSchema } },
      links: {
        GetSkill: GetSkillLink,
        UpdateSkill: UpdateSkillLink,
        DeleteSkill: DeleteSkillLink,
        ListSkillVersions: ListSkillVersionsLink,
        PublishSkillVersion: PublishSkillVersionLink,
        ListSkillRunsOfSkill: ListSkillRunsOfSkillLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillsSkillIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/skills/{skill_id}',
  tags: ['Skills'],
  summary: 'Get a skill',
  description:
    'Needs `SKILLS_READ`. A global skill seen from another workspace shows its published version only (404 if it has none).',
  operationId: 'getSkill',
  request: { params: z.object({ skill_id: SkillIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1SkillsSkillIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/skills/{skill_id}',
  tags: ['Skills'],
  summary: 'Delete a skill',
  description:
    'Deletes the skill and its versions; past runs keep their record of what ran. A skill with queued, running or waiting runs cannot be deleted (409 `SKILL_HAS_ACTIVE_RUNS`). Needs `SKILLS_WRITE`.',
  operationId: 'deleteSkill',
  request: { params: z.object({ skill_id: SkillIdParamsSchema }) },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1SkillsSkillIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/skills/{skill_id}',
  tags: ['Skills'],
  summary: 'Update a skill',
  description:
    'Every update that changes something creates a new immutable version, which becomes the draft; the published version stays until you publish another (or pass `publish: true`). An update that changes nothing (`{}`, or the values the skill already has) creates no version and answers 200 with the skill as it is (with `publish: true`, the latest version is published). The body is required: a PATCH without one is a 400 naming `body`. Needs `SKILLS_WRITE` (and `SKILLS_PUBLISH` to publish).',
  operationId: 'updateSkill',
  request: {
    params: z.object({ skill_id: SkillIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateSkillSchema,
          examples: {
            UpdateSkill: {
              summary: 'Edit the instructions and publish',
              value: {
                instructions:
                  'Read the CSV files, total them per week with Python and write outputs/report.md.',
                publish: true,
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillsSkillIdVersionsRoute = createRoute({
  method: 'get',
  path: '/api/v1/skills/{skill_id}/versions',
  tags: ['Skills'],
  summary: 'List versions of a skill',
  description:
    'Newest first. Needs `SKILLS_READ`. For a global skill seen from another workspace, only the published version.',
  operationId: 'listSkillVersions',
  request: {
    params: z.object({ skill_id: SkillIdParamsSchema }),
    query: z.object({ limit: LimitParamsSchema, cursor: CursorParamsSchema }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillVersionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillsSkillIdVersionsVersionPublishRoute = createRoute({
  method: 'post',
  path: '/api/v1/skills/{skill_id}/versions/{version}/publish',
  tags: ['Skills'],
  summary: 'Publish a version',
  description: 'Makes this version the one runs use. Needs `SKILLS_PUBLISH`.',
  operationId: 'publishSkillVersion',
  request: { params: z.object({ skill_id: SkillIdParamsSchema, version: VersionParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillRunsRoute = createRoute({
  method: 'get',
  path: '/api/v1/skill-runs',
  tags: ['Skill runs'],
  summary: 'List skill runs',
  description:
    'Newest first by default; filter by `status`, `skill_id`, `schedule_id`, `created_after`, `created_before`. Needs `SKILL_RUNS_READ`.',
  operationId: 'listSkillRuns',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      status: RunStatusSchema.exactOptional().openapi({
        param: {
          name: 'status',
          in: 'query',
          required: false,
          description: 'Only runs in this status.',
          schema: { $ref: '#/components/schemas/RunStatus' },
        },
      }),
      skill_id: z
        .string()
        .regex(/^skill_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'skill_id',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^skill_[0-9A-Za-z]{1,64}$' },
          },
        }),
      schedule_id: z
        .string()
        .regex(/^sched_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'schedule_id',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^sched_[0-9A-Za-z]{1,64}$' },
          },
        }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillRunsRoute = createRoute({
  method: 'post',
  path: '/api/v1/skill-runs',
  tags: ['Skill runs'],
  summary: 'Start a skill run',
  description:
    'Validates everything at once (unknown skill 404, missing context file 400 naming the path, model provider not configured 400 `MODEL_PROVIDER_NOT_CONFIGURED`), then answers 202 with the run id; the run is a Temporal workflow whose id is the run id. At most 10 (configurable) queued+running runs per workspace (429 `CONCURRENT_RUN_LIMIT_EXCEEDED`); a workspace over its budget gets 402 `USAGE_INSUFFICIENT_CREDITS`. Needs `SKILL_RUNS_CREATE`; rate class `skill_runs` (10/min).',
  operationId: 'createSkillRun',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateSkillRunSchema,
          examples: {
            CreateSkillRun: {
              summary: 'Run a skill',
              description:
                "Replace `skill_id` with one of your skills (`GET /api/v1/skills`); `workspace_id` can be left out with a workspace-bound API key, and the model defaults to the server's `DEFAULT_MODEL`.",
              value: {
                skill_id: 'skill_ReplaceWithYourSkillId',
                instructions: 'Focus on the last seven days.',
                max_duration: 600,
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunAcceptedSchema } },
      links: {
        GetSkillRun: GetSkillRunLink,
        StreamSkillRunEvents: StreamSkillRunEventsLink,
        CancelSkillRun: CancelSkillRunLink,
        ProvideSkillRunInput: ProvideSkillRunInputLink,
        ListSkillRunOutputs: ListSkillRunOutputsLink,
        DownloadSkillRunOutputs: DownloadSkillRunOutputsLink,
        RetrySkillRun: RetrySkillRunLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    402: PaymentRequiredResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillRunsRunIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/skill-runs/{run_id}',
  tags: ['Skill runs'],
  summary: 'Get a skill run',
  description:
    'Status, model, tokens, cost, console output and output files. Needs `SKILL_RUNS_READ`.',
  operationId: 'getSkillRun',
  request: { params: z.object({ run_id: RunIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillRunsRunIdCancelRoute = createRoute({
  method: 'post',
  path: '/api/v1/skill-runs/{run_id}/cancel',
  tags: ['Skill runs'],
  summary: 'Cancel a skill run',
  description:
    'The running step learns of it within about 2 s, its sandbox process is killed, outputs written so far are kept and the run ends `cancelled` (answered at once with the run, usually still `running`; poll or stream events to see it end). Cancelling a finished run is 409 `RUN_NOT_ACTIVE`. Needs `SKILL_RUNS_CANCEL`.',
  operationId: 'cancelSkillRun',
  request: { params: z.object({ run_id: RunIdParamsSchema }) },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunSchema } },
      links: {
        GetSkillRunById: GetSkillRunByIdLink,
        StreamSkillRunEventsById: StreamSkillRunEventsByIdLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillRunsRunIdInputRoute = createRoute({
  method: 'post',
  path: '/api/v1/skill-runs/{run_id}/input',
  tags: ['Skill runs'],
  summary: 'Answer a waiting run',
  description:
    'Delivers the answer to the question of a `waiting` run, which then goes on. A run that is not waiting is 409 `RUN_NOT_WAITING`. Needs `SKILL_RUNS_CREATE`.',
  operationId: 'provideSkillRunInput',
  request: {
    params: z.object({ run_id: RunIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: SkillRunInputSchema,
          examples: {
            SkillRunInput: {
              summary: 'Answer the question',
              value: { answer: 'Use the figures in EUR.' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunSchema } },
      links: {
        GetSkillRunById: GetSkillRunByIdLink,
        StreamSkillRunEventsById: StreamSkillRunEventsByIdLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SkillRunsRunIdRetryRoute = createRoute({
  method: 'post',
  path: '/api/v1/skill-runs/{run_id}/retry',
  tags: ['Skill runs'],
  summary: 'Retry a skill run',
  description:
    'Starts a new run with the same inputs (skill version, instructions, context, e-mails, model), linked to this one by `retry_of`. Same limits as starting a run. Needs `SKILL_RUNS_CREATE`.',
  operationId: 'retrySkillRun',
  request: {
    params: z.object({ run_id: RunIdParamsSchema }),
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
  },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: SkillRunAcceptedSchema } },
      links: {
        GetSkillRun: GetSkillRunLink,
        StreamSkillRunEvents: StreamSkillRunEventsLink,
        CancelSkillRun: CancelSkillRunLink,
        ProvideSkillRunInput: ProvideSkillRunInputLink,
        ListSkillRunOutputs: ListSkillRunOutputsLink,
        DownloadSkillRunOutputs: DownloadSkillRunOutputsLink,
        RetrySkillRun: RetrySkillRunLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    402: PaymentRequiredResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillRunsRunIdOutputsRoute = createRoute({
  method: 'get',
  path: '/api/v1/skill-runs/{run_id}/outputs',
  tags: ['Skill runs'],
  summary: 'List output files',
  description: 'The files the run wrote, with size and sha256. Needs `SKILL_RUNS_READ`.',
  operationId: 'listSkillRunOutputs',
  request: { params: z.object({ run_id: RunIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: RunOutputListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillRunsRunIdDownloadRoute = createRoute({
  method: 'get',
  path: '/api/v1/skill-runs/{run_id}/download',
  tags: ['Skill runs'],
  summary: 'Download outputs as a ZIP',
  description:
    'Streams a ZIP of every output file (`Content-Disposition: attachment; filename="<run_id>-output.zip"`). Needs `SKILL_RUNS_READ`.',
  operationId: 'downloadSkillRunOutputs',
  request: { params: z.object({ run_id: RunIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/zip': { schema: z.file() } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SkillRunsRunIdEventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/skill-runs/{run_id}/events',
  tags: ['Skill runs'],
  summary: 'Stream run events',
  description:
    'Server-sent events: `status` (status changes), `console` (command output), `tool_call`, `tool_result`, `message` (model text), `usage`, and `end` when the run is finished. Each event has an `id`; reconnect with `Last-Event-ID` to continue after it. Needs `SKILL_RUNS_READ`.',
  operationId: 'streamSkillRunEvents',
  request: {
    params: z.object({ run_id: RunIdParamsSchema }),
    headers: z.object({ 'Last-Event-ID': LastEventIdParamsSchema }),
  },
  responses: {
    200: {
      description:
        'A stream of server-sent events, each one `SkillRunEvent` (the schema describes one event, not the whole\nstream: `id`, `event` and the JSON `data` of each message). The stream ends after `end`.\n',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: {
        'text/event-stream': {
          schema: SkillRunEventSchema,
          example:
            'id: 1\nevent: status\ndata: {"status":"queued"}\n\nid: 2\nevent: status\ndata: {"status":"running"}\n\nid: 3\nevent: usage\ndata: {"step":0,"input_tokens":420,"output_tokens":12,"cost_usd":"0.000070"}\n\nid: 4\nevent: status\ndata: {"status":"completed"}\n\nid: 5\nevent: end\ndata: {"status":"completed"}\n',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1FilesRoute = createRoute({
  method: 'get',
  path: '/api/v1/files',
  tags: ['Files'],
  summary: 'List file objects',
  description:
    "The workspace's files as objects (newest first), optionally only those attached to a project or a conversation. Needs `FILES_READ`.",
  operationId: 'listFiles',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      project_id: ProjectIdQueryParamsSchema,
      conversation_id: ConversationIdQueryParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      updated_after: UpdatedAfterParamsSchema,
      updated_before: UpdatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: FileListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1FilesRoute = createRoute({
  method: 'post',
  path: '/api/v1/files',
  tags: ['Files'],
  summary: 'Upload a file',
  description:
    "Multipart upload into the folder `path` (the root by default) under the part's filename, streamed to storage\n(never held in memory) up to the server's limit (500 MiB by default; larger is a 413 and nothing is kept). The\ncontent is recorded with its size and SHA-256 and becomes visible only when complete: an interrupted upload\nleaves nothing behind, and uploading to an existing path replaces the content atomically and keeps the file's id\n(200 instead of 201), so a retried upload is harmless. That is why this operation takes no `Idempotency-Key`: the\nbody is streamed, not kept for comparison. A path that runs through an existing file, or names an existing\nfolder, is a 409 `FILE_PATH_CONFLICT`. Needs `FILES_UPLOAD`.\n",
  operationId: 'uploadFile',
  request: {
    body: {
      content: {
        'multipart/form-data': {
          schema: UploadFileSchema,
          examples: {
            UploadFile: {
              summary: 'Upload into input/',
              description:
                'Choose the file to send as the `file` part (its filename names the file); `workspace_id` can be left out with a workspace-bound API key.',
              value: { path: 'input/', file: 'id,name\n1,Ada\n' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Replaced the content of the file at this path.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceFileSchema } },
      links: { GetFile: GetFileLink, DownloadFile: DownloadFileLink, DeleteFile: DeleteFileLink },
    },
    201: {
      description: 'Created.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceFileSchema } },
      links: { GetFile: GetFileLink, DownloadFile: DownloadFileLink, DeleteFile: DeleteFileLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1FilesTreeRoute = createRoute({
  method: 'get',
  path: '/api/v1/files/tree',
  tags: ['Files'],
  summary: 'List a folder',
  description:
    'The entries directly inside the folder `path` (the root when absent), paginated in byte order of their names. A\n`path` that names a file is a 404 whose `detail` points to `GET /api/v1/files/content?path=…`, which downloads it;\na path that is neither is a 404 too. Needs `FILES_READ`.\n',
  operationId: 'getFileTree',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      path: FolderPathParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
    }),
  },
  responses: {
    200: {
      description: "The folder's entries.",
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: TreeListingSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1FilesTreeRoute = createRoute({
  method: 'delete',
  path: '/api/v1/files/tree',
  tags: ['Files'],
  summary: 'Delete a file or a folder',
  description:
    'Deletes the file at `path`, or every file under the folder `path` (recursively), in one transaction. The root cannot be deleted this way. Needs `FILES_DELETE`.',
  operationId: 'deleteFileTree',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      path: TreePathRequiredParamsSchema,
    }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1FilesContentRoute = createRoute({
  method: 'get',
  path: '/api/v1/files/content',
  tags: ['Files'],
  summary: 'Download a file by path',
  description:
    "The content of the file at `path`, like `GET /api/v1/files/{file_id}/content`: `application/octet-stream` with\n`Content-Disposition: attachment`, `Content-Length` and `ETag` (quoted SHA-256); `Range: bytes=…` returns one range\n(206, `Content-Range`; 416 past the end), `If-None-Match` a 304 when the client's copy is current, `If-Range` the\nwhole file if it changed. A folder or a missing path is a 404 (list folders with `GET /api/v1/files/tree`). Needs\n`FILES_READ`.\n",
  operationId: 'downloadFileByPath',
  request: {
    query: z.object({ workspace_id: WorkspaceQueryParamsSchema, path: FilePathQueryParamsSchema }),
    headers: z.object({
      Range: RangeParamsSchema,
      'If-None-Match': IfNoneMatchParamsSchema,
      'If-Range': IfRangeParamsSchema,
    }),
  },
  responses: {
    200: FileContentResponse,
    206: PartialContentResponse,
    304: NotModifiedResponse,
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    416: RangeNotSatisfiableResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1FilesExtractRoute = createRoute({
  method: 'post',
  path: '/api/v1/files/extract',
  tags: ['Files'],
  summary: 'Extract a ZIP file',
  description:
    "Extracts the ZIP file at `path` into the folder `destination` (by default the archive's path without `.zip`).\nEvery entry is checked before anything is written and the archive is refused with a 422 naming the reason:\n`ZIP_UNSAFE_ENTRY` (a `..` segment, an absolute or otherwise invalid name, a symbolic link, an encrypted entry, a\nduplicate, or a name that is both a file and a folder), `ZIP_TOO_MANY_ENTRIES`, `ZIP_TOO_LARGE` (total\nuncompressed size), `ZIP_COMPRESSION_RATIO_EXCEEDED` (uncompressed size over archive size, the mark of a zip\nbomb), or `ZIP_INVALID` (not a readable ZIP, or an entry whose content does not match its header). Entries are\nstreamed into storage and become visible together in one transaction, so a refused or failed extraction leaves\nnothing behind; entries replace files already at their paths. Needs `FILES_CREATE`.\n",
  operationId: 'extractArchive',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: ExtractArchiveSchema,
          examples: {
            ExtractArchive: {
              summary: 'Extract an uploaded ZIP',
              description:
                'Upload `data.zip` into `input/` first (or replace the path); `workspace_id` can be left out with a workspace-bound API key.',
              value: { path: 'input/data.zip' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Extracted.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ExtractResultSchema } },
      links: { ListExtractedFolder: ListExtractedFolderLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1FilesFileIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/files/{file_id}',
  tags: ['Files'],
  summary: 'Get a file object',
  description: 'Needs `FILES_READ`.',
  operationId: 'getFile',
  request: { params: z.object({ file_id: FileIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WorkspaceFileSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1FilesFileIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/files/{file_id}',
  tags: ['Files'],
  summary: 'Delete a file',
  description:
    'Deletes the file (the same as deleting its path in the tree). Needs `FILES_DELETE`.',
  operationId: 'deleteFile',
  request: { params: z.object({ file_id: FileIdParamsSchema }) },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1FilesFileIdContentRoute = createRoute({
  method: 'get',
  path: '/api/v1/files/{file_id}/content',
  tags: ['Files'],
  summary: 'Download a file',
  description:
    "Streams the content as `application/octet-stream` with `Content-Disposition: attachment`, `Content-Length` and\n`ETag` (quoted SHA-256). `Range: bytes=…` returns one range (206, `Content-Range`; 416 past the end),\n`If-None-Match` a 304 when the client's copy is current, `If-Range` the whole file if it changed. Needs\n`FILES_READ`.\n",
  operationId: 'downloadFile',
  request: {
    params: z.object({ file_id: FileIdParamsSchema }),
    headers: z.object({
      Range: RangeParamsSchema,
      'If-None-Match': IfNoneMatchParamsSchema,
      'If-Range': IfRangeParamsSchema,
    }),
  },
  responses: {
    200: FileContentResponse,
    206: PartialContentResponse,
    304: NotModifiedResponse,
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    416: RangeNotSatisfiableResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SchedulesRoute = createRoute({
  method: 'get',
  path: '/api/v1/schedules',
  tags: ['Schedules'],
  summary: 'List schedules',
  description: 'Filter by `status`, `skill_id`, `project_id`. Needs `SCHEDULES_READ`.',
  operationId: 'listSchedules',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      status: ScheduleStatusSchema.exactOptional().openapi({
        param: {
          name: 'status',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/ScheduleStatus' },
        },
      }),
      skill_id: z
        .string()
        .regex(/^skill_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'skill_id',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^skill_[0-9A-Za-z]{1,64}$' },
          },
        }),
      project_id: z
        .string()
        .regex(/^proj_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'project_id',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^proj_[0-9A-Za-z]{1,64}$' },
          },
        }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      updated_after: UpdatedAfterParamsSchema,
      updated_before: UpdatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SchedulesRoute = createRoute({
  method: 'post',
  path: '/api/v1/schedules',
  tags: ['Schedules'],
  summary: 'Create a schedule',
  description:
    'Creates the schedule and its Temporal Schedule (same id, same namespace as runs). Give `skill_id` for a skill-run schedule or `prompt` for a prompt schedule. An invalid cron expression or time zone is a 400 naming the field, and so is a `context_paths` entry that names no file or folder (`CONTEXT_PATH_NOT_FOUND` on `body.context_paths[i]`), as for a run. A tick whose run cannot start (e.g. its context files were deleted since) records a `failed` run with the reason. Needs `SCHEDULES_WRITE`; rate class `schedules` (30/min).',
  operationId: 'createSchedule',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateScheduleSchema,
          examples: {
            CreateSchedule: {
              summary: 'Mondays at 9:00',
              description:
                'Replace `skill_id` with one of your skills (`GET /api/v1/skills`); `workspace_id` can be left out with a workspace-bound API key.',
              value: {
                name: 'Weekly report',
                cron_expression: '0 9 * * 1',
                timezone: 'Europe/Berlin',
                skill_id: 'skill_ReplaceWithYourSkillId',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleSchema } },
      links: {
        GetSchedule: GetScheduleLink,
        UpdateSchedule: UpdateScheduleLink,
        DeleteSchedule: DeleteScheduleLink,
        PauseSchedule: PauseScheduleLink,
        ResumeSchedule: ResumeScheduleLink,
        TriggerSchedule: TriggerScheduleLink,
        ListSkillRunsOfSchedule: ListSkillRunsOfScheduleLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1SchedulesScheduleIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/schedules/{schedule_id}',
  tags: ['Schedules'],
  summary: 'Get a schedule',
  description:
    "`next_run_at` comes from Temporal's description of the schedule (null while paused); `last_run_at` and `run_count` from the runs it created. Needs `SCHEDULES_READ`.",
  operationId: 'getSchedule',
  request: { params: z.object({ schedule_id: ScheduleIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1SchedulesScheduleIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/schedules/{schedule_id}',
  tags: ['Schedules'],
  summary: 'Delete a schedule',
  description:
    'Deletes the Temporal Schedule (no more runs) and the schedule; past runs and their outputs stay. Needs `SCHEDULES_WRITE`.',
  operationId: 'deleteSchedule',
  request: { params: z.object({ schedule_id: ScheduleIdParamsSchema }) },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1SchedulesScheduleIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/schedules/{schedule_id}',
  tags: ['Schedules'],
  summary: 'Update a schedule',
  description:
    'Updates the row and the Temporal Schedule together. New `context_paths` are checked as at creation. An empty update (`{}`) changes nothing and answers 200 with the schedule as it is. Needs `SCHEDULES_WRITE`.',
  operationId: 'updateSchedule',
  request: {
    params: z.object({ schedule_id: ScheduleIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateScheduleSchema,
          examples: {
            UpdateSchedule: {
              summary: 'Weekdays at 8:00',
              value: {
                cron_expression: '0 8 * * 1-5',
                timezone: 'Europe/Berlin',
                overlap_policy: 'skip',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SchedulesScheduleIdPauseRoute = createRoute({
  method: 'post',
  path: '/api/v1/schedules/{schedule_id}/pause',
  tags: ['Schedules'],
  summary: 'Pause (disable) a schedule',
  description: 'Records who paused it and the optional note. Needs `SCHEDULES_WRITE`.',
  operationId: 'pauseSchedule',
  request: {
    params: z.object({ schedule_id: ScheduleIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: PauseScheduleSchema,
          examples: {
            PauseSchedule: {
              summary: 'Pause with a note',
              value: { note: 'Paused while the data source is migrated.' },
            },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SchedulesScheduleIdResumeRoute = createRoute({
  method: 'post',
  path: '/api/v1/schedules/{schedule_id}/resume',
  tags: ['Schedules'],
  summary: 'Resume (enable) a schedule',
  description: 'Needs `SCHEDULES_WRITE`.',
  operationId: 'resumeSchedule',
  request: { params: z.object({ schedule_id: ScheduleIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1SchedulesScheduleIdTriggerRoute = createRoute({
  method: 'post',
  path: '/api/v1/schedules/{schedule_id}/trigger',
  tags: ['Schedules'],
  summary: 'Trigger a schedule now',
  description:
    'Takes the action once now (even while paused), through Temporal; the run appears in the run list with `schedule_id`. Prompt schedules cannot be triggered until conversations exist (409 `SCHEDULE_ACTION_UNAVAILABLE`). Needs `SCHEDULES_WRITE`.',
  operationId: 'triggerSchedule',
  request: { params: z.object({ schedule_id: ScheduleIdParamsSchema }) },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScheduleTriggeredSchema } },
      links: {
        GetTriggeredSchedule: GetTriggeredScheduleLink,
        ListSkillRunsOfTriggeredSchedule: ListSkillRunsOfTriggeredScheduleLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ProjectsRoute = createRoute({
  method: 'get',
  path: '/api/v1/projects',
  tags: ['Projects'],
  summary: 'List projects',
  description: 'Newest first by default. Needs `PROJECTS_READ`.',
  operationId: 'listProjects',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ProjectListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ProjectsRoute = createRoute({
  method: 'post',
  path: '/api/v1/projects',
  tags: ['Projects'],
  summary: 'Create a project',
  description:
    '`skill_ids` must name skills the workspace can run (404 naming the entry otherwise). Needs `PROJECTS_WRITE`.',
  operationId: 'createProject',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateProjectSchema,
          examples: {
            CreateProject: {
              summary: 'A project for weekly reports',
              description: '`workspace_id` can be left out with a workspace-bound API key.',
              value: { name: 'Sales Automation', description: 'Weekly reporting flows' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ProjectSchema } },
      links: {
        GetProject: GetProjectLink,
        UpdateProject: UpdateProjectLink,
        DeleteProject: DeleteProjectLink,
        ListProjectConversations: ListProjectConversationsLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ProjectsProjectIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/projects/{project_id}',
  tags: ['Projects'],
  summary: 'Get a project',
  description: 'Needs `PROJECTS_READ`.',
  operationId: 'getProject',
  request: { params: z.object({ project_id: ProjectIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ProjectSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ProjectsProjectIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/projects/{project_id}',
  tags: ['Projects'],
  summary: 'Delete a project and all its contents',
  description:
    'Cancels the turns running in its conversations, deletes its schedules (and their Temporal Schedules), and deletes its conversations (with their items and responses), memories and files. Needs `PROJECTS_WRITE`.',
  operationId: 'deleteProject',
  request: { params: z.object({ project_id: ProjectIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ProjectsProjectIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/projects/{project_id}',
  tags: ['Projects'],
  summary: 'Update a project',
  description: 'Lists given replace the current ones. Needs `PROJECTS_WRITE`.',
  operationId: 'updateProject',
  request: {
    params: z.object({ project_id: ProjectIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateProjectSchema,
          examples: {
            UpdateProject: {
              summary: 'Rename it',
              value: {
                name: 'Sales Automation (EMEA)',
                description: 'Weekly reporting flows for EMEA',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ProjectSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConversationsRoute = createRoute({
  method: 'get',
  path: '/api/v1/conversations',
  tags: ['Conversations'],
  summary: 'List conversations',
  description: 'Filter by `project_id` and `status`. Needs `CONVERSATIONS_READ`.',
  operationId: 'listConversations',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      project_id: ProjectFilterParamsSchema,
      status: ConversationStatusSchema.exactOptional().openapi({
        param: {
          name: 'status',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/ConversationStatus' },
        },
      }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConversationListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ConversationsRoute = createRoute({
  method: 'post',
  path: '/api/v1/conversations',
  tags: ['Conversations'],
  summary: 'Create a conversation',
  description: 'Needs `CONVERSATIONS_WRITE`.',
  operationId: 'createConversation',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateConversationSchema,
          examples: {
            CreateConversation: {
              summary: 'A task in a project',
              description:
                'Replace the project id with one of yours, or leave `project_id` out (then give `workspace_id` unless the API key is bound to a workspace).',
              value: {
                project_id: 'proj_ReplaceWithYourProjectId',
                title: 'Q2 analysis',
                goal: 'Analyse Q2 revenue by region',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ConversationSchema } },
      links: {
        GetConversation: GetConversationLink,
        UpdateConversation: UpdateConversationLink,
        DeleteConversation: DeleteConversationLink,
        ListConversationItems: ListConversationItemsLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConversationsConversationIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversation_id}',
  tags: ['Conversations'],
  summary: 'Get a conversation',
  description: 'Needs `CONVERSATIONS_READ`.',
  operationId: 'getConversation',
  request: { params: z.object({ conversation_id: ConversationIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConversationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ConversationsConversationIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/conversations/{conversation_id}',
  tags: ['Conversations'],
  summary: 'Delete a conversation',
  description:
    'Cancels its running turn and deletes it with its items and responses. Needs `CONVERSATIONS_WRITE`.',
  operationId: 'deleteConversation',
  request: { params: z.object({ conversation_id: ConversationIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ConversationsConversationIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/conversations/{conversation_id}',
  tags: ['Conversations'],
  summary: 'Update title, goal or status',
  description: 'Needs `CONVERSATIONS_WRITE`.',
  operationId: 'updateConversation',
  request: {
    params: z.object({ conversation_id: ConversationIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateConversationSchema,
          examples: {
            ArchiveConversation: { summary: 'Archive it', value: { status: 'archived' } },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConversationSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConversationsConversationIdItemsRoute = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversation_id}/items',
  tags: ['Conversations'],
  summary: "List a conversation's items",
  description:
    'Items in conversation order (`order=asc`, the default) or newest first (`desc`); `after` / `before` take an item id and return the items after / before it in that order. Needs `CONVERSATIONS_READ`.',
  operationId: 'listConversationItems',
  request: {
    params: z.object({ conversation_id: ConversationIdPathParamsSchema }),
    query: z.object({
      limit: z.coerce
        .number()
        .pipe(z.int().min(1).max(200))
        .default(100)
        .exactOptional()
        .openapi({
          param: {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
          },
        }),
      after: z
        .string()
        .regex(/^msg_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'after',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^msg_[0-9A-Za-z]{1,64}$' },
            description: 'Items after this one.',
          },
        }),
      before: z
        .string()
        .regex(/^msg_[0-9A-Za-z]{1,64}$/)
        .exactOptional()
        .openapi({
          param: {
            name: 'before',
            in: 'query',
            required: false,
            schema: { type: 'string', pattern: '^msg_[0-9A-Za-z]{1,64}$' },
            description: 'Items before this one.',
          },
        }),
      order: z
        .enum(['asc', 'desc'])
        .default('asc')
        .exactOptional()
        .openapi({
          param: {
            name: 'order',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConversationItemListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ResponsesRoute = createRoute({
  method: 'post',
  path: '/api/v1/responses',
  tags: ['Responses'],
  summary: 'Create a response (one agent turn)',
  description:
    'Runs one agent turn of the conversation (a new conversation when none is named) as a durable Temporal workflow. With `stream` (the default) the answer is server-sent events in the OpenAI Responses event shape (see `ResponseStreamEvent`), consumable by the OpenAI SDKs; with `stream: false` the finished Response (or, with `background: true`, the queued one at once). The turn keeps running if the client goes away. A conversation with a turn in flight answers per `multitask_strategy` (default `reject`: 409 `CONVERSATION_BUSY`). Limits and budget apply as for skill runs (429 `CONCURRENT_RUN_LIMIT_EXCEEDED`, 402 `USAGE_INSUFFICIENT_CREDITS`). Needs `CONVERSATIONS_WRITE`.',
  operationId: 'createResponse',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateResponseSchema,
          examples: {
            CreateResponseAndWait: {
              summary: 'One turn, answered as JSON when done',
              description:
                'Replace the conversation id with one of yours, or leave it out to start a new conversation.',
              value: {
                conversation_id: 'conv_ReplaceWithYourConversationId',
                input: "Summarise last week's sales data",
                stream: false,
              },
            },
            CreateResponseStream: {
              summary: 'One turn, streamed',
              value: {
                conversation_id: 'conv_ReplaceWithYourConversationId',
                input: "Summarise last week's sales data",
                stream: true,
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: {
        'application/json': { schema: ResponseObjectSchema },
        'text/event-stream': { schema: ResponseStreamEventSchema },
      },
      links: { GetResponse: GetResponseLink, CancelResponse: CancelResponseLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    402: PaymentRequiredResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ResponsesInFlightListRoute = createRoute({
  method: 'get',
  path: '/api/v1/responses/in-flight-list',
  tags: ['Responses'],
  summary: 'List active turns',
  description:
    'Responses `queued` or `in_progress`, oldest first; filter by `conversation_id`. Needs `CONVERSATIONS_READ`.',
  operationId: 'listInFlightResponses',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      conversation_id: ConversationFilterParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ResponseListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ResponsesInFlightRoute = createRoute({
  method: 'get',
  path: '/api/v1/responses/in-flight',
  tags: ['Responses'],
  summary: "Check a conversation's active turn",
  description:
    "The conversation's running turn (else its oldest queued one); 404 when it has none. Needs `CONVERSATIONS_READ`.",
  operationId: 'getInFlightResponse',
  request: {
    query: z.object({
      conversation_id: ConversationIdSchema.openapi({
        param: {
          name: 'conversation_id',
          in: 'query',
          required: true,
          schema: { $ref: '#/components/schemas/ConversationId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ResponseObjectSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ResponsesResponseIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/responses/{response_id}',
  tags: ['Responses'],
  summary: 'Get a response, or replay its stream',
  description:
    'The Response as JSON; with `stream=true`, its events as server-sent events from the start (or after `starting_after`, or after the `Last-Event-ID` header), following the turn live until it ends. Needs `CONVERSATIONS_READ`.',
  operationId: 'getResponse',
  request: {
    params: z.object({ response_id: ResponseIdPathParamsSchema }),
    query: z.object({
      stream: z
        .stringbool()
        .default(false)
        .exactOptional()
        .openapi({
          param: {
            name: 'stream',
            in: 'query',
            required: false,
            schema: { type: 'boolean', default: false },
          },
        }),
      starting_after: z.coerce
        .number()
        .pipe(z.int().min(-1).max(2147483647))
        .exactOptional()
        .openapi({
          param: {
            name: 'starting_after',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: -1, maximum: 2147483647 },
            description: 'Replay the events after this `sequence_number`.',
          },
        }),
    }),
    headers: z.object({ 'Last-Event-ID': LastEventIdParamsSchema }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: {
        'application/json': { schema: ResponseObjectSchema },
        'text/event-stream': { schema: ResponseStreamEventSchema },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ResponsesResponseIdCancelRoute = createRoute({
  method: 'post',
  path: '/api/v1/responses/{response_id}/cancel',
  tags: ['Responses'],
  summary: 'Cancel a response',
  description:
    'Stops the turn (its running step learns within about 2 s); its partial output is kept and it ends `cancelled`. Idempotent: a finished response is returned as it is. Needs `CONVERSATIONS_WRITE`.',
  operationId: 'cancelResponse',
  request: { params: z.object({ response_id: ResponseIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ResponseObjectSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1MemoriesRoute = createRoute({
  method: 'get',
  path: '/api/v1/memories',
  tags: ['Memories'],
  summary: 'List memories',
  description:
    "With `project_id`, that project's memories; without, the workspace-global ones. Filter by `source`. Needs `MEMORIES_READ`.",
  operationId: 'listMemories',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      project_id: ProjectFilterParamsSchema,
      source: MemorySourceSchema.exactOptional().openapi({
        param: {
          name: 'source',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/MemorySource' },
        },
      }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: MemoryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1MemoriesRoute = createRoute({
  method: 'post',
  path: '/api/v1/memories',
  tags: ['Memories'],
  summary: 'Create a memory',
  description: 'A workspace-global memory, or one of `project_id`. Needs `MEMORIES_WRITE`.',
  operationId: 'createMemory',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateMemorySchema,
          examples: {
            CreateMemory: {
              summary: 'A project memory',
              description: 'Leave `project_id` out for a workspace-global memory.',
              value: {
                content: 'Always use Q3 targets as the baseline.',
                project_id: 'proj_ReplaceWithYourProjectId',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: MemorySchema } },
      links: {
        GetMemory: GetMemoryLink,
        UpdateMemory: UpdateMemoryLink,
        DeleteMemory: DeleteMemoryLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1MemoriesMemoryIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/memories/{memory_id}',
  tags: ['Memories'],
  summary: 'Get a memory',
  description: 'Needs `MEMORIES_READ`.',
  operationId: 'getMemory',
  request: { params: z.object({ memory_id: MemoryIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: MemorySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1MemoriesMemoryIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/memories/{memory_id}',
  tags: ['Memories'],
  summary: 'Delete a memory',
  description: 'Needs `MEMORIES_WRITE`.',
  operationId: 'deleteMemory',
  request: { params: z.object({ memory_id: MemoryIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1MemoriesMemoryIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/memories/{memory_id}',
  tags: ['Memories'],
  summary: 'Update a memory',
  description: 'Needs `MEMORIES_WRITE`.',
  operationId: 'updateMemory',
  request: {
    params: z.object({ memory_id: MemoryIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateMemorySchema,
          examples: {
            UpdateMemory: {
              summary: 'Change what it says',
              value: { content: 'Always use Q4 targets as the baseline.' },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: MemorySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ArtifactsRoute = createRoute({
  method: 'get',
  path: '/api/v1/artifacts',
  tags: ['Artifacts'],
  summary: 'List artifacts',
  description:
    "The workspace's artifacts, newest first by default, optionally of one project, conversation or type. Needs `ARTIFACTS_READ`.",
  operationId: 'listArtifacts',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      project_id: ArtifactProjectIdQueryParamsSchema,
      conversation_id: ArtifactConversationIdQueryParamsSchema,
      type: ArtifactTypeQueryParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ArtifactsRoute = createRoute({
  method: 'post',
  path: '/api/v1/artifacts',
  tags: ['Artifacts'],
  summary: 'Create or replace an artifact (multipart upload of its files)',
  description:
    "Uploads the files of an artifact into the folder of `path` in the project, streamed to storage. The artifact is\nidentified by that folder: the first upload creates it (201), a later one to the same folder replaces all its\nfiles at once and keeps its id (200, `version` + 1); readers see either the old files or the new ones, never a\nmix, and a failed upload leaves the artifact as it was. A folder inside or around another artifact's folder is a\n409 `CONFLICT`. More than `ARTIFACT_MAX_FILES` files or `ARTIFACT_MAX_BYTES` bytes is a 413 and nothing is kept.\nFile names are checked like `path` (400 naming `body.file`), and the entry must be one of the files. Like file\nuploads, this operation takes no `Idempotency-Key`: a retried upload replaces the artifact with the same files.\nNeeds `ARTIFACTS_WRITE`.\n",
  operationId: 'publishArtifact',
  request: {
    body: {
      content: {
        'multipart/form-data': {
          schema: PublishArtifactSchema,
          examples: {
            PublishArtifact: {
              summary: 'A dashboard with a script beside it',
              description:
                "Send each file as a `file` part whose filename is its path in the artifact's folder (`index.html`, `assets/chart.js`).",
              value: {
                project_id: 'proj_ReplaceWithYourProjectId',
                path: 'sales_dashboard/index.html',
                title: 'Sales Dashboard',
                type: 'dashboard',
                file: ['<!doctype html><script src="assets/chart.js"></script>'],
              },
            },
          },
          encoding: { file: { contentType: 'application/octet-stream' } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Replaced the files of the artifact in this folder.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
      links: {
        GetArtifact: GetArtifactLink,
        UpdateArtifact: UpdateArtifactLink,
        DeleteArtifact: DeleteArtifactLink,
      },
    },
    201: {
      description: 'Created.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
      links: {
        GetArtifact: GetArtifactLink,
        UpdateArtifact: UpdateArtifactLink,
        DeleteArtifact: DeleteArtifactLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ArtifactsPreviewRoute = createRoute({
  method: 'get',
  path: '/api/v1/artifacts/preview',
  tags: ['Artifacts'],
  summary: 'Preview an artifact by path',
  description:
    "The artifact that holds the file at `path` in the project, that file's metadata and the start of its text (at\nmost 64 KiB, as a JSON string, never rendered). A `path` that breaks the path rules is a 400 naming\n`query.path`; a path no artifact holds, or a project of another workspace, is a 404. Needs `ARTIFACTS_READ`.\n",
  operationId: 'previewArtifact',
  request: {
    query: z.object({
      project_id: ArtifactPreviewProjectIdParamsSchema,
      path: ArtifactPreviewPathParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactPreviewSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ArtifactsOpenRoute = createRoute({
  method: 'post',
  path: '/api/v1/artifacts/open',
  tags: ['Artifacts'],
  summary: 'Get a short-lived URL that shows an artifact in a browser',
  description:
    "The server-side counterpart of opening an artifact in a desktop window: a signed URL (HMAC-SHA256 with the\nserver's secret key) that serves the artifact's entry file and its sibling files, sandboxed, without\ncredentials, until `expires_at` (15 minutes by default, at most 24 hours). Deleting the artifact ends it; a\nlater publish is shown through the same URL. Nothing is stored, so this POST needs no `Idempotency-Key`. Needs\n`ARTIFACTS_READ`.\n",
  operationId: 'openArtifact',
  request: {
    body: {
      content: {
        'application/json': {
          schema: OpenArtifactSchema,
          examples: {
            OpenArtifact: {
              summary: 'A URL for ten minutes',
              value: { artifact_id: 'art_ReplaceWithYourArtifactId', expires_in: 600 },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactViewUrlSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ArtifactsServeProjectIdPathRoute = createRoute({
  method: 'get',
  path: '/api/v1/artifacts/serve/{project_id}/{path}',
  tags: ['Artifacts'],
  summary: 'Serve a raw artifact file',
  description:
    'The bytes of a file of an artifact (its entry or a sibling such as `sales_dashboard/assets/chart.js`), for\nclients that send credentials. Served so that it cannot act on this origin: a sandboxing\n`Content-Security-Policy` without `allow-same-origin`, `X-Content-Type-Options: nosniff`, a Content-Type\nfrom the extension only, `attachment` for types not shown inline. A `path` that breaks the path rules (`..`,\nencoded or not, absolute, `\\`, NUL, too long) is a 400 naming `path.path`; a file no artifact holds, or a\nproject of another workspace, is a 404. Needs `ARTIFACTS_READ`.\n',
  operationId: 'serveArtifactFile',
  request: {
    params: z.object({
      project_id: ArtifactServeProjectIdParamsSchema,
      path: ArtifactServePathParamsSchema,
    }),
    headers: z.object({ 'If-None-Match': ArtifactIfNoneMatchParamsSchema }),
  },
  responses: {
    200: ArtifactRawFileResponse,
    304: ArtifactNotModifiedResponse,
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ArtifactsViewTokenPathRoute = createRoute({
  method: 'get',
  path: '/api/v1/artifacts/view/{token}/{path}',
  tags: ['Artifacts'],
  summary: 'Show an artifact through a signed URL',
  description:
    "What a URL from `POST /api/v1/artifacts/open` serves: `path` is relative to the artifact's folder, so the\nentry's relative links (`assets/chart.js`) resolve here too. Needs no credentials (the token is the\ncapability) and is rate limited per client address in the `files` class. Same headers and path rules as\n`serveArtifactFile`, plus `Access-Control-Allow-Origin: *` so the sandboxed page (origin `null`) can fetch its own\ndata files; an invalid, expired or revoked token is a 404.\n",
  operationId: 'viewArtifactFile',
  request: {
    params: z.object({ token: ArtifactViewTokenParamsSchema, path: ArtifactViewPathParamsSchema }),
    headers: z.object({ 'If-None-Match': ArtifactIfNoneMatchParamsSchema }),
  },
  responses: {
    200: ArtifactRawFileResponse,
    304: ArtifactNotModifiedResponse,
    400: BadRequestResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
  security: [],
} as const)

export const getApiV1ArtifactsArtifactIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/artifacts/{artifact_id}',
  tags: ['Artifacts'],
  summary: 'Get an artifact',
  description: 'Needs `ARTIFACTS_READ`.',
  operationId: 'getArtifact',
  request: { params: z.object({ artifact_id: ArtifactIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ArtifactsArtifactIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/artifacts/{artifact_id}',
  tags: ['Artifacts'],
  summary: 'Delete an artifact and its files',
  description: 'Its view URLs stop working at once. Needs `ARTIFACTS_WRITE`.',
  operationId: 'deleteArtifact',
  request: { params: z.object({ artifact_id: ArtifactIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ArtifactsArtifactIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/artifacts/{artifact_id}',
  tags: ['Artifacts'],
  summary: 'Rename or retype an artifact',
  description:
    'Changes `title` and `type`; its files change only by publishing again. Needs `ARTIFACTS_WRITE`.',
  operationId: 'updateArtifact',
  request: {
    params: z.object({ artifact_id: ArtifactIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateArtifactSchema,
          examples: {
            UpdateArtifact: { summary: 'Rename it', value: { title: 'Sales Dashboard (EMEA)' } },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ScratchpadsRoute = createRoute({
  method: 'get',
  path: '/api/v1/scratchpads',
  tags: ['Scratchpads'],
  summary: 'List the scratchpads of a conversation',
  description:
    'Newest first unless `sort=created_at`; without their cells (`cell_count` says how many). Needs `CONVERSATIONS_READ`.',
  operationId: 'listScratchpads',
  request: {
    query: z.object({
      conversation_id: ConversationFilter_2ParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScratchpadListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ScratchpadsRoute = createRoute({
  method: 'post',
  path: '/api/v1/scratchpads',
  tags: ['Scratchpads'],
  summary: 'Create a scratchpad',
  description:
    'A notebook of the conversation, optionally with its first cells (at most 100; code cells start without a status until run). Needs `CONVERSATIONS_WRITE`.',
  operationId: 'createScratchpad',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateScratchpadSchema,
          examples: {
            CreateScratchpad: {
              summary: 'A scratchpad with two cells',
              description:
                'Replace the conversation id with one of yours (`GET /api/v1/conversations`).',
              value: {
                conversation_id: 'conv_ReplaceWithYourConversationId',
                title: 'Sales analysis draft',
                cells: [
                  { type: 'markdown', content: 'Load the data and plot revenue by month.' },
                  { type: 'code', language: 'python', content: 'print(sum([12, 30, 7]))' },
                ],
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ScratchpadSchema } },
      links: {
        GetScratchpad: {
          operationId: 'getScratchpad',
          parameters: { scratchpad_id: '$response.body#/id' },
          description: 'Get it with its cells.',
        },
        AppendScratchpadCell: {
          operationId: 'createScratchpadCell',
          parameters: { scratchpad_id: '$response.body#/id' },
          description: 'Append a cell.',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ScratchpadsScratchpadIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/scratchpads/{scratchpad_id}',
  tags: ['Scratchpads'],
  summary: 'Get a scratchpad with all its cells',
  description: 'Cells in order (`index` 0, 1, …). Needs `CONVERSATIONS_READ`.',
  operationId: 'getScratchpad',
  request: { params: z.object({ scratchpad_id: ScratchpadIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScratchpadSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ScratchpadsScratchpadIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/scratchpads/{scratchpad_id}',
  tags: ['Scratchpads'],
  summary: 'Delete a scratchpad and all its cells',
  description:
    'Cancels its running cells and removes its working directory. Needs `CONVERSATIONS_WRITE`.',
  operationId: 'deleteScratchpad',
  request: { params: z.object({ scratchpad_id: ScratchpadIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ScratchpadsScratchpadIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/scratchpads/{scratchpad_id}',
  tags: ['Scratchpads'],
  summary: 'Update the title or the saved state',
  description:
    '`saved: true` pins the scratchpad (promotion to an artifact is a separate operation). Needs `CONVERSATIONS_WRITE`.',
  operationId: 'updateScratchpad',
  request: {
    params: z.object({ scratchpad_id: ScratchpadIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateScratchpadSchema,
          examples: {
            SaveScratchpad: {
              summary: 'Rename and save',
              value: { title: 'Final analysis', saved: true },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ScratchpadSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ScratchpadsScratchpadIdPromoteRoute = createRoute({
  method: 'post',
  path: '/api/v1/scratchpads/{scratchpad_id}/promote',
  tags: ['Scratchpads'],
  summary: 'Promote a scratchpad to an artifact',
  description:
    "Renders the scratchpad's cells, in order, into a self-contained page and publishes it as an artifact of the\nproject (the folder `scratchpads/<scratchpad_id>/` holding `index.html` and `notebook.json`, the cells as JSON).\nThe page runs no script and loads nothing: markdown is escaped then given a small subset (headings, lists, code\nblocks, `code`, bold, italics; no links, no raw HTML), code and outputs are escaped text, and only `image/png`,\n`image/jpeg`, `image/gif` and `image/webp` outputs holding a base64 data URL of that type become images.\nThe first promotion creates the artifact (201) and marks the scratchpad `saved` with its `artifact_id`; promoting\nagain publishes a new version of the same artifact (200, `version` + 1, same id). If that artifact was deleted\nmeanwhile, `artifact_id` went back to null and the next promotion creates a new one (201). A cell still `pending`\nor `running` is a 409 `CONFLICT` (wait for it or cancel it); a page and notebook larger than `ARTIFACT_MAX_BYTES`\ntogether is a 422 `UNPROCESSABLE_ENTITY`; a body that is not `application/json` is a 415. Concurrent promotions of one scratchpad take turns:\none artifact, one version each; a failure leaves neither the artifact nor the scratchpad changed. Needs\n`CONVERSATIONS_WRITE`, and `ARTIFACTS_WRITE` too (an API key with scopes needs `conversations:write` and\n`artifacts:write`). Rate class `files`.\n",
  operationId: 'promoteScratchpad',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    params: z.object({ scratchpad_id: ScratchpadIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: PromoteScratchpadSchema,
          examples: {
            PromoteScratchpad: {
              summary: 'Promote with a title',
              value: {
                title: 'Sales analysis',
                description: 'Revenue by month, from the Q3 export.',
              },
            },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: "Published a new version of the scratchpad's artifact.",
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
      links: {
        GetArtifact: GetArtifactLink,
        UpdateArtifact: UpdateArtifactLink,
        DeleteArtifact: DeleteArtifactLink,
      },
    },
    201: {
      description: "Created the scratchpad's artifact.",
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ArtifactSchema } },
      links: {
        GetArtifact: GetArtifactLink,
        UpdateArtifact: UpdateArtifactLink,
        DeleteArtifact: DeleteArtifactLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    422: UnprocessableEntityResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ScratchpadsScratchpadIdCellsRoute = createRoute({
  method: 'post',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells',
  tags: ['Scratchpads'],
  summary: 'Append a cell',
  description:
    'At the end, or at `index` (the cells from there move down one). At most 500 cells per scratchpad (409). Needs `CONVERSATIONS_WRITE`.',
  operationId: 'createScratchpadCell',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    params: z.object({ scratchpad_id: ScratchpadIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateCellSchema,
          examples: {
            AppendCodeCell: {
              summary: 'A Python cell',
              value: {
                type: 'code',
                language: 'python',
                content: "print('hello from the sandbox')",
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: CellSchema } },
      links: {
        GetScratchpadCell: {
          operationId: 'getScratchpadCell',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: 'Get the cell.',
        },
        RunScratchpadCell: {
          operationId: 'runScratchpadCell',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: 'Run it (code cells).',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ScratchpadsScratchpadIdCellsCellIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}',
  tags: ['Scratchpads'],
  summary: 'Get a cell',
  description:
    "With its status and outputs (poll this, or follow the cell's events). Needs `CONVERSATIONS_READ`.",
  operationId: 'getScratchpadCell',
  request: {
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: CellSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ScratchpadsScratchpadIdCellsCellIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}',
  tags: ['Scratchpads'],
  summary: 'Delete a cell',
  description:
    'Cancels its run if it is running; the cells after it move up one. Needs `CONVERSATIONS_WRITE`.',
  operationId: 'deleteScratchpadCell',
  request: {
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
  },
  responses: {
    204: {
      description: 'Deleted.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ScratchpadsScratchpadIdCellsCellIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}',
  tags: ['Scratchpads'],
  summary: "Edit a cell's content or index",
  description:
    'Moving a cell (`index`) shifts the cells between its old and new place; indexes stay 0..n-1 under concurrent edits. Editing a running cell does not change the run (it runs the code it started with). Needs `CONVERSATIONS_WRITE`.',
  operationId: 'updateScratchpadCell',
  request: {
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
    body: {
      content: {
        'application/json': {
          schema: UpdateCellSchema,
          examples: {
            EditAndMoveCell: {
              summary: 'New content, moved first',
              value: { content: "print('edited')", index: 0 },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: CellSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ScratchpadsScratchpadIdCellsCellIdRunRoute = createRoute({
  method: 'post',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}/run',
  tags: ['Scratchpads'],
  summary: 'Execute a code cell',
  description:
    "Runs the cell's current code in the sandbox (a fresh confined process; the scratchpad's working directory `/sandbox` persists between runs, files written to `/sandbox/outputs/` become outputs) as a durable Temporal workflow: `pending` → `running` → `success` | `error`, within the cell's `timeout_seconds`. Streams the run's events as server-sent events, or answers 202 with the cell for `Accept: application/json`. A cell already `pending` or `running`, or not a code cell, is 409 `CONFLICT`: one run of a cell at a time. Needs `CONVERSATIONS_WRITE`. Rate class `skill_runs`.",
  operationId: 'runScratchpadCell',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
  },
  responses: {
    200: {
      description:
        'The run started; its events (`CellEvent`) follow as server-sent events until `end`. The run goes on if the client goes away (follow it again at `.../events`).',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: {
        'text/event-stream': {
          schema: CellEventSchema,
          example:
            'id: 7\nevent: status\ndata: {"status":"pending"}\n\nid: 8\nevent: status\ndata: {"status":"running"}\n\nid: 9\nevent: output\ndata: {"mime_type":"text/plain","stream":"stdout","data":"hello\\n"}\n\nid: 10\nevent: end\ndata: {"status":"success","error":null}\n\n',
        },
      },
    },
    202: {
      description:
        'The run started (`Accept: application/json`, or a replay of the same `Idempotency-Key`): the cell, `pending`.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: CellSchema } },
      links: {
        GetScratchpadCell: {
          operationId: 'getScratchpadCell',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: 'Poll the cell.',
        },
        StreamScratchpadCellEvents: {
          operationId: 'streamScratchpadCellEvents',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: "Follow the run's events.",
        },
        CancelScratchpadCell: {
          operationId: 'cancelScratchpadCell',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: 'Cancel the run.',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ScratchpadsScratchpadIdCellsCellIdCancelRoute = createRoute({
  method: 'post',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}/cancel',
  tags: ['Scratchpads'],
  summary: "Cancel a cell's run",
  description:
    'The sandbox process is killed within seconds and the cell ends `error` ("Cancelled"). A cell that is not `pending` or `running` is 409 `CONFLICT`. Needs `CONVERSATIONS_WRITE`.',
  operationId: 'cancelScratchpadCell',
  request: {
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
  },
  responses: {
    202: {
      description: 'Cancellation requested: the cell as it is now.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: CellSchema } },
      links: {
        GetScratchpadCell: {
          operationId: 'getScratchpadCell',
          parameters: {
            scratchpad_id: '$response.body#/scratchpad_id',
            cell_id: '$response.body#/id',
          },
          description: 'Poll the cell until it ends.',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ScratchpadsScratchpadIdCellsCellIdEventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/scratchpads/{scratchpad_id}/cells/{cell_id}/events',
  tags: ['Scratchpads'],
  summary: "Stream a cell's run events",
  description:
    "Server-sent events of the cell's latest run (`status`, `output`, `end`), from its start or after `Last-Event-ID`; the stream ends after `end`, at once if the cell has never run. Needs `CONVERSATIONS_READ`.",
  operationId: 'streamScratchpadCellEvents',
  request: {
    params: z.object({
      scratchpad_id: ScratchpadIdPathParamsSchema,
      cell_id: CellIdPathParamsSchema,
    }),
    headers: z.object({ 'Last-Event-ID': LastEventIdParamsSchema }),
  },
  responses: {
    200: {
      description:
        'A stream of server-sent events, each one `CellEvent`. The stream ends after `end`.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: {
        'text/event-stream': {
          schema: CellEventSchema,
          example:
            'id: 9\nevent: output\ndata: {"mime_type":"text/plain","stream":"stdout","data":"hello\\n"}\n\nid: 10\nevent: end\ndata: {"status":"success","error":null}\n\n',
        },
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhooksRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhooks',
  tags: ['Webhooks'],
  summary: 'List webhook endpoints',
  description: 'Needs `WEBHOOKS_READ`.',
  operationId: 'listWebhooks',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WebhooksRoute = createRoute({
  method: 'post',
  path: '/api/v1/webhooks',
  tags: ['Webhooks'],
  summary: 'Create a webhook endpoint',
  description:
    'Creates an endpoint that receives the events of its workspace, signed per Standard Webhooks with its `whsec_` secret (generated unless given), which this response shows once. The URL is checked against SSRF rules (400 `WEBHOOK_URL_REFUSED` on `body.url`); a URL the workspace already has is 409 `WEBHOOK_URL_DUPLICATE`; more than `WEBHOOK_MAX_PER_WORKSPACE` (25) endpoints is 409 `WEBHOOK_LIMIT_EXCEEDED`. Needs `WEBHOOKS_WRITE`.',
  operationId: 'createWebhook',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateWebhookSchema,
          examples: {
            CreateWebhook: {
              summary: 'Runs that end',
              description:
                '`workspace_id` can be left out with a workspace-bound API key. Keep the `secret` of the response: it is shown once.',
              value: {
                url: 'https://example.com/webhooks/skillplane',
                events: ['skill_run.completed', 'skill_run.failed'],
                description: 'Billing service',
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookWithSecretSchema } },
      links: {
        GetWebhook: GetWebhookLink,
        UpdateWebhook: UpdateWebhookLink,
        DeleteWebhook: DeleteWebhookLink,
        RotateWebhookSecret: RotateWebhookSecretLink,
        SendTestWebhookEvent: SendTestWebhookEventLink,
        ListWebhookDeliveries: ListWebhookDeliveriesLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhooksWebhookIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhooks/{webhook_id}',
  tags: ['Webhooks'],
  summary: 'Get a webhook endpoint',
  description:
    'An unknown endpoint, or one of another workspace, is 404 `WEBHOOK_NOT_FOUND`. Needs `WEBHOOKS_READ`.',
  operationId: 'getWebhook',
  request: { params: z.object({ webhook_id: WebhookIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1WebhooksWebhookIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/webhooks/{webhook_id}',
  tags: ['Webhooks'],
  summary: 'Delete a webhook endpoint',
  description:
    'Deletes the endpoint and its delivery log; attempts in progress stop. Needs `WEBHOOKS_WRITE`.',
  operationId: 'deleteWebhook',
  request: { params: z.object({ webhook_id: WebhookIdParamsSchema }) },
  responses: {
    204: {
      description: 'Done.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1WebhooksWebhookIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/webhooks/{webhook_id}',
  tags: ['Webhooks'],
  summary: 'Update a webhook endpoint',
  description:
    'A new URL is checked as at creation. `enabled: true` re-enables a disabled endpoint. Needs `WEBHOOKS_WRITE`.',
  operationId: 'updateWebhook',
  request: {
    params: z.object({ webhook_id: WebhookIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateWebhookSchema,
          examples: {
            UpdateWebhook: {
              summary: 'Every event, re-enabled',
              value: { events: ['*'], enabled: true },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WebhooksWebhookIdRotateSecretRoute = createRoute({
  method: 'post',
  path: '/api/v1/webhooks/{webhook_id}/rotate-secret',
  tags: ['Webhooks'],
  summary: 'Rotate the signing secret',
  description:
    'Replaces the secret (generated unless given) and shows the new one once. The previous secret keeps signing for `grace_period_seconds` (default one day): meanwhile `webhook-signature` carries both signatures, space-separated, and a receiver accepts either. Needs `WEBHOOKS_WRITE`.',
  operationId: 'rotateWebhookSecret',
  request: {
    params: z.object({ webhook_id: WebhookIdParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: RotateWebhookSecretSchema,
          examples: {
            RotateWebhookSecret: {
              summary: 'One hour of overlap',
              value: { grace_period_seconds: 3600 },
            },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookWithSecretSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WebhooksWebhookIdTestRoute = createRoute({
  method: 'post',
  path: '/api/v1/webhooks/{webhook_id}/test',
  tags: ['Webhooks'],
  summary: 'Send a test event',
  description:
    'Records a `webhook.test` event for this endpoint only and delivers it like any event (see its deliveries). A disabled endpoint is 409 `WEBHOOK_DISABLED`. Needs `WEBHOOKS_WRITE`.',
  operationId: 'sendTestWebhookEvent',
  request: { params: z.object({ webhook_id: WebhookIdParamsSchema }) },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookEventSchema } },
      links: {
        GetWebhookEvent: GetWebhookEventLink,
        ListWebhookEventDeliveries: ListWebhookEventDeliveriesLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhooksWebhookIdDeliveriesRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhooks/{webhook_id}/deliveries',
  tags: ['Webhooks'],
  summary: 'List the deliveries of an endpoint',
  description:
    'Newest first by default, each with its attempts (time, status code, latency, response excerpt, error). Needs `WEBHOOKS_READ`.',
  operationId: 'listWebhookDeliveries',
  request: {
    params: z.object({ webhook_id: WebhookIdParamsSchema }),
    query: z.object({
      status: WebhookDeliveryStatusSchema.exactOptional().openapi({
        param: {
          name: 'status',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/WebhookDeliveryStatus' },
        },
      }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliveryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhookEventsRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhook-events',
  tags: ['Webhooks'],
  summary: 'List webhook events',
  description:
    'The event log of the workspace, filterable by `type` and time; events are kept `WEBHOOK_EVENT_RETENTION_DAYS` (30) days. Needs `WEBHOOKS_READ`.',
  operationId: 'listWebhookEvents',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      type: WebhookEventTypeSchema.exactOptional().openapi({
        param: {
          name: 'type',
          in: 'query',
          required: false,
          schema: { $ref: '#/components/schemas/WebhookEventType' },
        },
      }),
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookEventListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhookEventsEventIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhook-events/{event_id}',
  tags: ['Webhooks'],
  summary: 'Get a webhook event',
  description: 'Needs `WEBHOOKS_READ`.',
  operationId: 'getWebhookEvent',
  request: { params: z.object({ event_id: EventIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookEventSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhookEventsEventIdDeliveriesRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhook-events/{event_id}/deliveries',
  tags: ['Webhooks'],
  summary: 'List the deliveries of an event',
  description: 'One per endpoint that was to receive it, with attempts. Needs `WEBHOOKS_READ`.',
  operationId: 'listWebhookEventDeliveries',
  request: {
    params: z.object({ event_id: EventIdParamsSchema }),
    query: z.object({
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliveryListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1WebhookDeliveriesDeliveryIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/webhook-deliveries/{delivery_id}',
  tags: ['Webhooks'],
  summary: 'Get a delivery',
  description: 'With every attempt. Needs `WEBHOOKS_READ`.',
  operationId: 'getWebhookDelivery',
  request: { params: z.object({ delivery_id: DeliveryIdParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliverySchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1WebhookDeliveriesDeliveryIdRedeliverRoute = createRoute({
  method: 'post',
  path: '/api/v1/webhook-deliveries/{delivery_id}/redeliver',
  tags: ['Webhooks'],
  summary: 'Redeliver',
  description:
    'Sends the event to the endpoint once more, now, with the same `webhook-id` (a new round of one attempt). A delivery still in progress is 409 `WEBHOOK_DELIVERY_PENDING`; a disabled endpoint 409 `WEBHOOK_DISABLED`. Needs `WEBHOOKS_WRITE`.',
  operationId: 'redeliverWebhookDelivery',
  request: { params: z.object({ delivery_id: DeliveryIdParamsSchema }) },
  responses: {
    202: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: WebhookDeliverySchema } },
      links: { GetWebhookDelivery: GetWebhookDeliveryLink },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConnectorsSpecsRoute = createRoute({
  method: 'get',
  path: '/api/v1/connectors/specs',
  tags: ['Connectors'],
  summary: 'List connector specs',
  description:
    'The built-in catalogue of connector types and the credential fields each needs. Any signed-in caller may read it.',
  operationId: 'listConnectorSpecs',
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConnectorSpecListSchema } },
    },
    401: UnauthorizedResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConnectorsConnectionsRoute = createRoute({
  method: 'get',
  path: '/api/v1/connectors/connections',
  tags: ['Connectors'],
  summary: 'List connections',
  description: 'Needs `CONNECTORS_READ`.',
  operationId: 'listConnections',
  request: {
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      spec_id: SpecIdFilterParamsSchema,
      status: StatusFilterParamsSchema,
      limit: LimitParamsSchema,
      cursor: CursorParamsSchema,
      created_after: CreatedAfterParamsSchema,
      created_before: CreatedBeforeParamsSchema,
      sort: SortParamsSchema,
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConnectionListSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const postApiV1ConnectorsConnectionsRoute = createRoute({
  method: 'post',
  path: '/api/v1/connectors/connections',
  tags: ['Connectors'],
  summary: 'Create a connection',
  description:
    "Creates a connection of a spec. A `credentials` spec (e.g. `postgres`) has its credentials checked against the spec's fields (400 naming `body.credentials.<key>`) and then for real (PostgreSQL: connect and `select 1` within `CONNECTOR_CHECK_TIMEOUT_SECONDS`): the connection is created `connected`, or `error` with the reason. A host that resolves to a loopback, private or link-local address is refused (400 `CONNECTOR_HOST_REFUSED`) unless the operator allows it (`CONNECTOR_ALLOWED_HOSTS`). An `oauth2` spec's connection is created `pending`, to authorize with `GET /connectors/oauth/{spec_id}/start?connection_id=…`. Credentials are encrypted at rest and never returned. Needs `CONNECTORS_WRITE`.",
  operationId: 'createConnection',
  request: {
    headers: z.object({ 'Idempotency-Key': IdempotencyKeyParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: CreateConnectionSchema,
          examples: {
            CreateConnection: {
              summary: 'A PostgreSQL database',
              description: '`workspace_id` can be left out with a workspace-bound API key.',
              value: {
                spec_id: 'postgres',
                name: 'prod-db',
                credentials: {
                  host: 'db.example.com',
                  port: 5432,
                  database: 'analytics',
                  user: 'reader',
                  password: 's3cr3t',
                },
              },
            },
          },
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
        'Idempotent-Replayed': IdempotentReplayedHeaderSchema,
      }),
      content: { 'application/json': { schema: ConnectionSchema } },
      links: {
        GetConnection: GetConnectionLink,
        UpdateConnection: UpdateConnectionLink,
        DeleteConnection: DeleteConnectionLink,
      },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    409: ConflictResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConnectorsConnectionsConnectionIdRoute = createRoute({
  method: 'get',
  path: '/api/v1/connectors/connections/{connection_id}',
  tags: ['Connectors'],
  summary: 'Get a connection',
  description: 'Needs `CONNECTORS_READ`.',
  operationId: 'getConnection',
  request: { params: z.object({ connection_id: ConnectionIdPathParamsSchema }) },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConnectionSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const deleteApiV1ConnectorsConnectionsConnectionIdRoute = createRoute({
  method: 'delete',
  path: '/api/v1/connectors/connections/{connection_id}',
  tags: ['Connectors'],
  summary: 'Delete a connection',
  description:
    "Deletes it with its credentials and takes it out of every project's `connector_ids`. Needs `CONNECTORS_WRITE`.",
  operationId: 'deleteConnection',
  request: { params: z.object({ connection_id: ConnectionIdPathParamsSchema }) },
  responses: {
    204: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const patchApiV1ConnectorsConnectionsConnectionIdRoute = createRoute({
  method: 'patch',
  path: '/api/v1/connectors/connections/{connection_id}',
  tags: ['Connectors'],
  summary: 'Update a connection',
  description:
    'Renames it, or replaces its credentials (all of them: they are write-only, so there is nothing to merge with), which are checked again as on creation. An `oauth2` connection takes no credentials: authorize it again instead. Needs `CONNECTORS_WRITE`.',
  operationId: 'updateConnection',
  request: {
    params: z.object({ connection_id: ConnectionIdPathParamsSchema }),
    body: {
      content: {
        'application/json': {
          schema: UpdateConnectionSchema,
          examples: { UpdateConnection: { summary: 'Rename it', value: { name: 'analytics-db' } } },
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: ConnectionSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    408: RequestTimeoutResponse,
    413: PayloadTooLargeResponse,
    415: UnsupportedMediaTypeResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConnectorsOauthSpecIdStartRoute = createRoute({
  method: 'get',
  path: '/api/v1/connectors/oauth/{spec_id}/start',
  tags: ['Connectors'],
  summary: 'Start an OAuth 2.0 authorization',
  description:
    "Returns the URL to send the user's browser to. After the user authorizes, the provider redirects to `GET /connectors/oauth/{spec_id}/callback`, which exchanges the code (with PKCE) and stores the tokens encrypted in a new connection named `name` (or in `connection_id`, which it makes `connected`). The `state` in the URL is bound to the caller and the workspace, works once and expires after `CONNECTOR_OAUTH_STATE_TTL_SECONDS`. An unknown spec is 404; a spec whose OAuth client is not configured is 409 `CONNECTOR_NOT_CONFIGURED`. Needs `CONNECTORS_WRITE`.",
  operationId: 'startConnectorOAuth',
  request: {
    params: z.object({ spec_id: SpecIdPathParamsSchema }),
    query: z.object({
      workspace_id: WorkspaceQueryParamsSchema,
      name: z
        .string()
        .min(1)
        .max(200)
        .exactOptional()
        .openapi({
          param: {
            name: 'name',
            in: 'query',
            required: false,
            description:
              "The new connection's name (default the spec's name); ignored with `connection_id`.",
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        }),
      connection_id: ConnectionIdSchema.exactOptional().openapi({
        param: {
          name: 'connection_id',
          in: 'query',
          required: false,
          description:
            'Authorize this connection of the spec (a `pending` one, or one to authorize again) instead of creating one.',
          schema: { $ref: '#/components/schemas/ConnectionId' },
        },
      }),
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({
        'X-Request-ID': XRequestIDHeaderSchema,
        'X-RateLimit-Limit': XRateLimitLimitHeaderSchema,
        'X-RateLimit-Remaining': XRateLimitRemainingHeaderSchema,
        'X-RateLimit-Reset': XRateLimitResetHeaderSchema,
        RateLimit: RateLimitHeaderSchema,
        'RateLimit-Policy': RateLimitPolicyHeaderSchema,
      }),
      content: { 'application/json': { schema: OAuthStartSchema } },
    },
    400: BadRequestResponse,
    401: UnauthorizedResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    409: ConflictResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    503: ServiceUnavailableResponse,
  },
} as const)

export const getApiV1ConnectorsOauthSpecIdCallbackRoute = createRoute({
  method: 'get',
  path: '/api/v1/connectors/oauth/{spec_id}/callback',
  tags: ['Connectors'],
  summary: 'OAuth 2.0 callback',
  description:
    "Where the provider sends the user's browser back (the `redirect_uri`: `PUBLIC_URL` + this path, to register with the provider). Needs no credentials: the single-use `state` stands for the user and workspace that started the authorization (400 `OAUTH_STATE_INVALID` when unknown, used or expired; the user must still be allowed `CONNECTORS_WRITE` there). Limited per client address like sign-in (the `auth` class). Exchanges `code` at the token endpoint with the PKCE verifier and answers the connection, now `connected`. A provider's `error` is 400 `OAUTH_AUTHORIZATION_FAILED`; a failed exchange 502 `OAUTH_TOKEN_EXCHANGE_FAILED` (the state is used either way).",
  operationId: 'completeConnectorOAuth',
  request: {
    params: z.object({ spec_id: SpecIdPathParamsSchema }),
    query: z.object({
      state: z
        .string()
        .regex(/^[\x20-\x7E]+$/)
        .min(1)
        .max(512)
        .openapi({
          param: {
            name: 'state',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 512, pattern: '^[\\x20-\\x7E]+$' },
          },
        }),
      code: z
        .string()
        .regex(/^[\x20-\x7E]+$/)
        .min(1)
        .max(2048)
        .exactOptional()
        .openapi({
          param: {
            name: 'code',
            in: 'query',
            required: false,
            schema: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^[\\x20-\\x7E]+$' },
          },
        }),
      error: z
        .string()
        .regex(/^[\x20-\x7E]*$/)
        .max(256)
        .exactOptional()
        .openapi({
          param: {
            name: 'error',
            in: 'query',
            required: false,
            description:
              'Set by the provider instead of `code` when the authorization failed (RFC 6749 section 4.1.2.1).',
            schema: { type: 'string', maxLength: 256, pattern: '^[\\x20-\\x7E]*$' },
          },
        }),
      error_description: z
        .string()
        .regex(/^[\x20-\x7E]*$/)
        .max(1024)
        .exactOptional()
        .openapi({
          param: {
            name: 'error_description',
            in: 'query',
            required: false,
            schema: { type: 'string', maxLength: 1024, pattern: '^[\\x20-\\x7E]*$' },
          },
        }),
    }),
  },
  responses: {
    200: {
      description: 'OK.',
      headers: z.object({ 'X-Request-ID': XRequestIDHeaderSchema }),
      content: { 'application/json': { schema: ConnectionSchema } },
    },
    400: BadRequestResponse,
    403: ForbiddenResponse,
    404: NotFoundResponse,
    429: TooManyRequestsResponse,
    500: InternalErrorResponse,
    502: BadGatewayResponse,
    503: ServiceUnavailableResponse,
  },
  security: [],
} as const)

export const skillRunQueuedPostWebhook = {
  method: 'post',
  path: '/skill_run.queued',
  tags: ['Webhooks'],
  summary: 'A run was created and waits for a worker',
  operationId: 'skillRunQueuedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunStartedPostWebhook = {
  method: 'post',
  path: '/skill_run.started',
  tags: ['Webhooks'],
  summary: 'A run started',
  operationId: 'skillRunStartedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunWaitingPostWebhook = {
  method: 'post',
  path: '/skill_run.waiting',
  tags: ['Webhooks'],
  summary: 'A run waits for input (data.question)',
  operationId: 'skillRunWaitingEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunResumedPostWebhook = {
  method: 'post',
  path: '/skill_run.resumed',
  tags: ['Webhooks'],
  summary: 'A run is running again after its input arrived',
  operationId: 'skillRunResumedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunCompletedPostWebhook = {
  method: 'post',
  path: '/skill_run.completed',
  tags: ['Webhooks'],
  summary: 'A run completed (usage, cost, output files)',
  operationId: 'skillRunCompletedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunFailedPostWebhook = {
  method: 'post',
  path: '/skill_run.failed',
  tags: ['Webhooks'],
  summary: 'A run failed (data.error)',
  operationId: 'skillRunFailedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunCancelledPostWebhook = {
  method: 'post',
  path: '/skill_run.cancelled',
  tags: ['Webhooks'],
  summary: 'A run was cancelled',
  operationId: 'skillRunCancelledEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const skillRunTimedOutPostWebhook = {
  method: 'post',
  path: '/skill_run.timed_out',
  tags: ['Webhooks'],
  summary: 'A run hit its max_duration',
  operationId: 'skillRunTimedOutEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SkillRunEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const scheduleTriggeredPostWebhook = {
  method: 'post',
  path: '/schedule.triggered',
  tags: ['Webhooks'],
  summary: 'A schedule started a run',
  operationId: 'scheduleTriggeredEvent',
  request: {
    body: {
      content: { 'application/json': { schema: ScheduleEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const scheduleRunFailedToStartPostWebhook = {
  method: 'post',
  path: '/schedule.run_failed_to_start',
  tags: ['Webhooks'],
  summary: 'A schedule could not start its run (data.run.error)',
  operationId: 'scheduleRunFailedToStartEvent',
  request: {
    body: {
      content: { 'application/json': { schema: ScheduleEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const schedulePausedPostWebhook = {
  method: 'post',
  path: '/schedule.paused',
  tags: ['Webhooks'],
  summary: 'A schedule was paused',
  operationId: 'schedulePausedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SchedulePauseEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const scheduleResumedPostWebhook = {
  method: 'post',
  path: '/schedule.resumed',
  tags: ['Webhooks'],
  summary: 'A schedule was resumed',
  operationId: 'scheduleResumedEvent',
  request: {
    body: {
      content: { 'application/json': { schema: SchedulePauseEventPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const fileCreatedPostWebhook = {
  method: 'post',
  path: '/file.created',
  tags: ['Webhooks'],
  summary: 'A file was created',
  operationId: 'fileCreatedEvent',
  request: {
    body: { content: { 'application/json': { schema: FileEventPayloadSchema } }, required: true },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const fileDeletedPostWebhook = {
  method: 'post',
  path: '/file.deleted',
  tags: ['Webhooks'],
  summary: 'A file was deleted',
  operationId: 'fileDeletedEvent',
  request: {
    body: { content: { 'application/json': { schema: FileEventPayloadSchema } }, required: true },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const webhookEndpointDisabledPostWebhook = {
  method: 'post',
  path: '/webhook_endpoint.disabled',
  tags: ['Webhooks'],
  summary: 'An endpoint was disabled by its failures',
  operationId: 'webhookEndpointDisabledEvent',
  request: {
    body: {
      content: { 'application/json': { schema: EndpointDisabledPayloadSchema } },
      required: true,
    },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const

export const webhookTestPostWebhook = {
  method: 'post',
  path: '/webhook.test',
  tags: ['Webhooks'],
  summary: 'A test event, sent to one endpoint',
  operationId: 'webhookTestEvent',
  request: {
    body: { content: { 'application/json': { schema: TestEventPayloadSchema } }, required: true },
  },
  responses: {
    200: {
      description:
        'Any 2xx acknowledges the event; anything else (or no answer in time) is retried.',
    },
  },
} as const
