/** The client: one object with a namespace per resource (`client.skillRuns.create(...)`). */
import { Core } from './core/core.ts';
import { type FetchLike, Transport } from './core/transport.ts';
import { ApiKeys, Health } from './resources/api-keys.ts';
import { Artifacts } from './resources/artifacts.ts';
import { Cells } from './resources/cells.ts';
import { Connections, Connectors } from './resources/connectors.ts';
import { Files } from './resources/files.ts';
import { Auth, Members, Users, Workspaces } from './resources/identity.ts';
import { Conversations, Memories, Projects } from './resources/projects.ts';
import { Responses } from './resources/responses.ts';
import { Schedules } from './resources/schedules.ts';
import { Scratchpads } from './resources/scratchpads.ts';
import { SkillRuns } from './resources/skill-runs.ts';
import { Skills } from './resources/skills.ts';
import { WebhookDeliveries, WebhookEvents, Webhooks } from './resources/webhooks.ts';

export interface ClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:3000` (a trailing `/api/v1` is accepted). */
  baseUrl?: string;
  /** An API key (`spk_live_…`). */
  apiKey?: string;
  /** A session token (from `auth.signIn`), needed for API-key management. */
  sessionToken?: string;
  /** The workspace for calls that name none (not needed with an API key bound to a workspace). */
  workspaceId?: string;
  /** Retries after the first attempt on connection errors, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** Milliseconds to wait for each attempt's response headers (default 60 000). */
  timeout?: number;
  /** A fetch to use instead of the global one (a proxy agent, a test double, …). */
  fetch?: FetchLike;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
}

export class Skillplane {
  readonly auth: Auth;
  readonly users: Users;
  readonly workspaces: Workspaces;
  readonly members: Members;
  readonly apiKeys: ApiKeys;
  readonly skills: Skills;
  readonly skillRuns: SkillRuns;
  readonly files: Files;
  readonly schedules: Schedules;
  readonly projects: Projects;
  readonly conversations: Conversations;
  readonly responses: Responses;
  readonly memories: Memories;
  readonly artifacts: Artifacts;
  readonly scratchpads: Scratchpads;
  readonly cells: Cells;
  readonly connectors: Connectors;
  readonly connections: Connections;
  readonly webhooks: Webhooks;
  readonly webhookEvents: WebhookEvents;
  readonly webhookDeliveries: WebhookDeliveries;
  readonly health: Health;
  readonly #core: Core;

  constructor(options: ClientOptions = {}) {
    const transport = new Transport({
      baseUrl: options.baseUrl ?? 'http://127.0.0.1:3000',
      credential: options.apiKey ?? options.sessionToken,
      fetch: options.fetch,
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeout ?? 60_000,
      headers: options.headers,
    });
    const core = new Core(transport, options.workspaceId);
    this.#core = core;
    this.auth = new Auth(core);
    this.users = new Users(core);
    this.workspaces = new Workspaces(core);
    this.members = new Members(core);
    this.apiKeys = new ApiKeys(core);
    this.skills = new Skills(core);
    this.skillRuns = new SkillRuns(core);
    this.files = new Files(core);
    this.schedules = new Schedules(core);
    this.projects = new Projects(core);
    this.conversations = new Conversations(core);
    this.responses = new Responses(core);
    this.memories = new Memories(core);
    this.artifacts = new Artifacts(core);
    this.scratchpads = new Scratchpads(core);
    this.cells = new Cells(core);
    this.connectors = new Connectors(core);
    this.connections = new Connections(core);
    this.webhooks = new Webhooks(core);
    this.webhookEvents = new WebhookEvents(core);
    this.webhookDeliveries = new WebhookDeliveries(core);
    this.health = new Health(core);
  }

  /** The server address calls go to (without `/api/v1`). */
  get baseUrl(): string {
    return this.#core.transport.baseUrl;
  }

  /** The API key or session token calls carry (changed by `auth.signIn` / `signOut`). */
  get credential(): string | undefined {
    return this.#core.transport.credential;
  }

  set credential(value: string | undefined) {
    this.#core.transport.credential = value;
  }

  /** The default workspace for calls that name none. */
  get workspaceId(): string | undefined {
    return this.#core.workspaceId;
  }

  set workspaceId(value: string | undefined) {
    this.#core.workspaceId = value;
  }
}
