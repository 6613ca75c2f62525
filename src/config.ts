/**
 * Configuration, parsed once from the environment with zod. Nothing else reads `process.env`: everything else gets a
 * `Config` passed in, so tests can build one without touching the environment.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const version: string = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** A comma-separated list of host names or addresses, lower-cased. */
const hostList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where embedded services, uploaded files and run sandboxes live. */
  SKILLPLANE_DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
  /** When set, no embedded PostgreSQL is started. */
  DATABASE_URL: z.url().optional(),
  /** Connections per process in the Prisma pool. */
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Connecting to PostgreSQL and each query give up after this long (then 503 SERVICE_UNAVAILABLE). */
  DATABASE_TIMEOUT_MS: positiveInt.default(5000),
  EMBEDDED_POSTGRES_PORT: port.default(5488),
  /** When set, no Temporal dev server is started. */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('skillplane'),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** Deadline of the Temporal calls a request makes (then 503 ORCHESTRATOR_UNAVAILABLE). */
  TEMPORAL_RPC_TIMEOUT_MS: positiveInt.default(5000),
  /** A worker's parallelism: activities (model and tool steps), local activities (bookkeeping), workflow tasks. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(100),
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: positiveInt.default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(40),
  /** Workflows a worker keeps in memory between tasks (sticky cache): a cached run's next task needs no replay. */
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.optional(),
  EMBEDDED_TEMPORAL_PORT: port.default(7233),
  EMBEDDED_TEMPORAL_UI_PORT: port.default(8233),
  /** Largest JSON request body, in bytes. */
  MAX_JSON_BODY_BYTES: positiveInt.default(1024 * 1024),
  /** Largest uploaded file, in bytes (multipart uploads are streamed, so this bounds disk, not memory). */
  MAX_UPLOAD_BYTES: positiveInt.default(500 * 1024 * 1024),
  /** Files of one artifact (an upload or an agent's publish with more is refused). */
  ARTIFACT_MAX_FILES: positiveInt.default(100),
  /** Bytes of one artifact's files together. */
  ARTIFACT_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),
  /** Origin for artifact view URLs (`POST /api/v1/artifacts/open`), e.g. a separate host name pointed at this server
   * (https://artifacts.example.com); unset: URLs on the request's own origin. Either way they are served sandboxed. */
  ARTIFACT_VIEW_BASE_URL: z.url().optional(),
  /** A request body (other than an upload) must arrive whole within this time, or the client gets 408 and is cut. */
  REQUEST_BODY_TIMEOUT_SECONDS: positiveInt.default(60),
  /** An upload may take long, but may not pause: the longest gap between two chunks of its body. */
  UPLOAD_IDLE_TIMEOUT_SECONDS: positiveInt.default(30),
  /** Node's `headersTimeout`: the request line and headers must arrive within this time. */
  HTTP_HEADERS_TIMEOUT_SECONDS: positiveInt.default(30),
  /** Node's `requestTimeout`: the outer bound for receiving any whole request, uploads included. */
  HTTP_REQUEST_TIMEOUT_SECONDS: positiveInt.default(3600),
  /** How long an idle keep-alive connection stays open. */
  HTTP_KEEPALIVE_TIMEOUT_SECONDS: positiveInt.default(5),
  /** Node's `maxHeaderSize`: request line plus headers. Node's 16 KiB is less than a URL the document allows (a
   * 1024-character path of 4-byte characters, percent-encoded, plus a 512-character cursor), which got 431. */
  HTTP_MAX_HEADER_BYTES: positiveInt.default(65_536),
  /** ZIP extraction refuses archives with more entries, more uncompressed bytes in total, or a higher ratio of
   * uncompressed bytes to archive bytes than these. */
  ZIP_MAX_ENTRIES: positiveInt.default(10_000),
  ZIP_MAX_UNCOMPRESSED_BYTES: positiveInt.default(1024 * 1024 * 1024),
  ZIP_MAX_RATIO: positiveInt.default(100),
  /** Stop waiting for in-flight requests this long after a shutdown signal. */
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  SESSION_TTL_HOURS: positiveInt.default(24),
  /** A finished run's directory (and so its downloadable outputs) is kept this many days after it ended. */
  RUN_DIR_RETENTION_DAYS: positiveInt.default(30),
  /** The storage sweeper (src/purge/storage-sweep.ts) only removes what is this old: an unreferenced blob, a stale
   * upload or temporary file, a deleted scratchpad's directory. It must exceed the time between a blob's write and
   * its row's commit, which is seconds. */
  STORAGE_SWEEP_GRACE_SECONDS: positiveInt.default(3600),
  RATE_LIMIT_DEFAULT_PER_MINUTE: positiveInt.default(200),
  RATE_LIMIT_FILES_PER_MINUTE: positiveInt.default(100),
  RATE_LIMIT_SKILL_RUNS_PER_MINUTE: positiveInt.default(10),
  RATE_LIMIT_SCHEDULES_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: positiveInt.default(100),
  /** Connector operations (a create or update checks the credentials against the remote system). */
  RATE_LIMIT_CONNECTORS_PER_MINUTE: positiveInt.default(60),
  /** Sign-in attempts per client address. */
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt.default(20),
  /** Proxies (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` names the client; from anyone else it is
   * ignored. Default none: the client is the socket's peer. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const entries = text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      for (const entry of entries) {
        if (!isAddressOrCidr(entry)) ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${entry}` });
      }
      return entries;
    }),
  /** Failed sign-ins for one account before it is locked; the lock starts at SIGN_IN_LOCKOUT_SECONDS and doubles. */
  SIGN_IN_MAX_FAILURES: positiveInt.default(5),
  SIGN_IN_LOCKOUT_SECONDS: positiveInt.default(30),
  /** Active (unrevoked, unexpired) API keys per user: minting keys must not multiply per-key limits without bound. */
  MAX_API_KEYS_PER_USER: positiveInt.default(25),
  /** Creates this administrator on start-up when no user with this e-mail exists. */
  SKILLPLANE_ADMIN_EMAIL: z.email().optional(),
  SKILLPLANE_ADMIN_PASSWORD: z.string().min(12).optional(),
  /** `provider:model` used when a run names none. Providers: `openai` (any OpenAI-compatible endpoint), `anthropic`. */
  DEFAULT_MODEL: z
    .string()
    .regex(/^[a-z]+:.+$/, 'provider:model')
    .default('openai:gpt-4o-mini'),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  /** USD per million tokens, JSON: {"openai:gpt-4o-mini": {"input": 0.15, "output": 0.6}}; merged over built-ins. */
  MODEL_PRICES: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return z
          .record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) }))
          .parse(JSON.parse(text));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `MODEL_PRICES must be JSON {model: {input, output}}: ${String(err)}` });
        return z.NEVER;
      }
    }),
  /** USD per million tokens for models with no known price, JSON {"input": 1, "output": 4}. Unset: such models cannot
   * run in a workspace with a budget (their spending could not be counted). */
  MODEL_DEFAULT_PRICE: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      try {
        return z.object({ input: z.number().min(0), output: z.number().min(0) }).parse(JSON.parse(text));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `MODEL_DEFAULT_PRICE must be JSON {input, output}: ${String(err)}` });
        return z.NEVER;
      }
    }),
  /** Queued + running runs allowed per workspace. */
  MAX_CONCURRENT_RUNS: positiveInt.default(10),
  /** Model calls per run before it fails with STEP_LIMIT_REACHED. Capped so a run's workflow history stays bounded
   * (a step adds a few small events; the transcript lives in PostgreSQL), which is why runs need no continue-as-new. */
  RUN_MAX_STEPS: positiveInt.max(1000).default(25),
  /** Tool results sent back to the model are cut to this many bytes, with a note (console and events keep more). */
  TOOL_RESULT_MAX_BYTES: positiveInt.default(32 * 1024),
  /** Event streams wake on PostgreSQL notifications; this slow poll (one query per API process for all streams)
   * only covers a notification lost while the listening connection was reconnecting. */
  NOTIFY_SAFETY_POLL_SECONDS: positiveInt.default(5),
  /** How often the API checks unfinished runs against their workflows (and starts workflows whose start was lost). */
  RUN_RECONCILE_INTERVAL_SECONDS: positiveInt.default(5),
  /** Tests only: a worker exits at this named point (see workflows/activities/crash-point.ts) to prove recovery. */
  SKILLPLANE_TEST_CRASH_AT: z.string().optional(),
  SANDBOX_COMMAND_TIMEOUT_SECONDS: positiveInt.default(120),
  SANDBOX_CPU_SECONDS: positiveInt.default(120),
  SANDBOX_MEMORY_MB: positiveInt.default(1024),
  PYTHON: z.string().default('python3'),
  /** Where uploaded files live: `local` (under the data directory) or `s3` (any S3-compatible server). */
  STORAGE_BACKEND: z.enum(['local', 's3']).default('local'),
  /** S3-compatible server, e.g. http://127.0.0.1:7070; unset = AWS. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('skillplane'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style URLs (bucket in the path), which most non-AWS servers need. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Prefix of every object key, to share a bucket. */
  S3_PREFIX: z.string().default(''),
  /** Create the bucket at start-up when it is missing. */
  S3_CREATE_BUCKET: bool.default(false),
  /** Part size of multipart uploads (S3's minimum is 5 MiB); each part in flight is held in memory. */
  S3_UPLOAD_PART_MB: z.coerce.number().int().min(5).max(5120).default(8),
  /** Parts of one upload sent at once (one more is being read from the client meanwhile). */
  S3_UPLOAD_CONCURRENCY: positiveInt.max(64).default(4),
  /** The bubblewrap binary that confines every command a run starts; unset = `bwrap` on PATH (`npm start` and the
   * tests find or install one and set this). */
  SANDBOX_BWRAP_PATH: z.string().optional(),
  /** Bytes a run may keep in its working directory and outputs together; past it the run fails. */
  SANDBOX_DISK_MB: positiveInt.default(1024),
  /** Files and directories a run may keep. */
  SANDBOX_MAX_FILES: positiveInt.default(20_000),
  /** Largest single file a command may write (RLIMIT_FSIZE). */
  SANDBOX_MAX_FILE_MB: positiveInt.default(512),
  /** Processes a command may have at once (RLIMIT_NPROC of the run's own uid). */
  SANDBOX_MAX_PROCESSES: positiveInt.default(64),
  /** Open files per process (RLIMIT_NOFILE). */
  SANDBOX_MAX_OPEN_FILES: positiveInt.default(256),
  /** Size of the command's private /tmp (memory-backed). */
  SANDBOX_TMP_MB: positiveInt.default(64),
  /** First uid of the range runs get their own uid from (only when the worker runs as root). */
  SANDBOX_UID_BASE: z.coerce.number().int().min(1000).max(4_000_000_000).default(2_000_000_000),
  /** SMTP server for run notifications, e.g. smtp://user:pass@mail.example.com:587; unset = no e-mail. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Skillplane <skillplane@localhost>'),
  /** Base URL put into e-mails. */
  PUBLIC_URL: z.string().optional(),
  /** Key for secrets kept at rest (webhook signing secrets, connection credentials; AES-256-GCM); unset: a random key generated on first
   * start into `<SKILLPLANE_DATA_DIR>/secret-key` (0600). Processes that do not share the data directory need it set. */
  SKILLPLANE_SECRET_KEY: z.string().min(32).optional(),
  /** Webhook endpoints per workspace; one more is 409 WEBHOOK_LIMIT_EXCEEDED. */
  WEBHOOK_MAX_PER_WORKSPACE: positiveInt.default(25),
  /** Hosts or addresses webhooks may reach although they are loopback/private (e.g. `127.0.0.1,localhost`). */
  WEBHOOK_ALLOWED_HOSTS: hostList,
  /** A webhook attempt (connect, send, response headers and the first bytes of the body) gives up after this long. */
  WEBHOOK_TIMEOUT_SECONDS: positiveInt.max(30).default(15),
  /** Seconds between a failed attempt and the next (each ±20% jitter); its length + 1 is the number of attempts. The
   * default spreads 15 attempts over about 3 days. */
  WEBHOOK_RETRY_SCHEDULE_SECONDS: z
    .string()
    .default('5,30,120,600,1800,3600,7200,14400,28800,43200,43200,43200,43200,43200')
    .transform((s, ctx) => {
      const list = s.split(',').map((x) => Number(x.trim()));
      if (list.some((n) => !Number.isFinite(n) || n <= 0)) {
        ctx.addIssue({ code: 'custom', message: 'a comma-separated list of positive numbers of seconds' });
        return z.NEVER;
      }
      return list;
    }),
  /** An endpoint whose attempts have all failed for this long is disabled (`webhook_endpoint.disabled`). */
  WEBHOOK_DISABLE_AFTER_SECONDS: positiveInt.default(5 * 24 * 3600),
  /** Webhook events (and their delivery logs) are kept this many days. */
  WEBHOOK_EVENT_RETENTION_DAYS: positiveInt.default(30),
  /** How often the API turns new webhook events into deliveries (the outbox poll). */
  WEBHOOK_DISPATCH_INTERVAL_MS: positiveInt.default(1000),
  /** Hosts or addresses connection checks may reach although they are loopback/private (e.g. `127.0.0.1,db.internal`);
   * by default a connection may only reach public addresses (SSRF). */
  CONNECTOR_ALLOWED_HOSTS: hostList,
  /** A connection check (connect, authenticate, `select 1`) gives up after this long. */
  CONNECTOR_CHECK_TIMEOUT_SECONDS: positiveInt.max(60).default(10),
  /** An OAuth authorization must come back to the callback within this time. */
  CONNECTOR_OAUTH_STATE_TTL_SECONDS: positiveInt.max(3600).default(600),
  /** OAuth clients of the OAuth connector specs; a spec is enabled when its client id and secret are set. The URLs
   * default to the providers' own. */
  GOOGLE_SHEETS_CLIENT_ID: z.string().optional(),
  GOOGLE_SHEETS_CLIENT_SECRET: z.string().optional(),
  GOOGLE_SHEETS_AUTHORIZE_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_SHEETS_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  NOTION_CLIENT_ID: z.string().optional(),
  NOTION_CLIENT_SECRET: z.string().optional(),
  NOTION_AUTHORIZE_URL: z.url().default('https://api.notion.com/v1/oauth/authorize'),
  NOTION_TOKEN_URL: z.url().default('https://api.notion.com/v1/oauth/token'),
  /** Skip the worker-poller check in /health (for API-only deployments whose workers are elsewhere). */
  HEALTH_CHECK_WORKER: bool.default(true),
});

export type Config = z.infer<typeof schema>;

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses the environment, exiting with a readable list of problems when it is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
  console.error(`Invalid configuration:${os.EOL}${lines.join(os.EOL)}`);
  process.exit(1);
}

/** A config for tests and tools: defaults plus overrides, without reading the environment. */
export function buildConfig(overrides: Record<string, string | undefined> = {}): Config {
  return schema.parse(overrides);
}
