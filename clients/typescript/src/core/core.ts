/**
 * What every resource namespace shares: the typed openapi-fetch client (paths, parameters and bodies checked against
 * the document), the transport behind it, and the client's default workspace.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../generated/api.ts';
import { apiErrorFrom } from './errors.ts';
import { type Page, PagedList } from './pagination.ts';
import type { CallPolicy, RequestOptions, Transport } from './transport.ts';

export class Core {
  readonly transport: Transport;
  readonly api: ReturnType<typeof createClient<paths>>;
  workspaceId: string | undefined;

  constructor(transport: Transport, workspaceId: string | undefined) {
    this.transport = transport;
    this.workspaceId = workspaceId;
    this.api = createClient<paths>({ baseUrl: transport.baseUrl });
  }

  /**
   * openapi-fetch options for one call: its headers and a fetch that goes through the transport. The JSON body
   * openapi-fetch built is read once so that each attempt can send it again.
   */
  init(options: RequestOptions | undefined, policy: CallPolicy = {}) {
    const headers = this.transport.headers(options, this.transport.idempotencyKey(options, policy));
    const fetch = async (request: Request) => {
      const body = request.body ? await request.arrayBuffer() : undefined;
      return this.transport.send(
        (signal) => new Request(request.url, { method: request.method, headers: request.headers, body, signal }),
        options,
        policy,
      );
    };
    return { headers, fetch };
  }

  /** The answer's data, or an ApiError carrying the problem details. */
  async unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
    const { data, error, response } = await call;
    if (error !== undefined || !response.ok) throw await apiErrorFrom(response, error);
    return data as D;
  }

  /** A call without openapi-fetch (uploads, downloads, streams): the raw answer, an ApiError if it is not 2xx. */
  async raw(
    method: string,
    path: string,
    {
      query,
      body,
      headers,
      policy = {},
    }: {
      query?: Record<string, unknown>;
      body?: () => RequestInit['body'];
      headers?: Record<string, string>;
      policy?: CallPolicy;
    },
    options: RequestOptions | undefined,
  ): Promise<Response> {
    const all = this.transport.headers(options, this.transport.idempotencyKey(options, policy));
    for (const [name, value] of Object.entries(headers ?? {})) all.set(name, value);
    const url = this.transport.url(path, query);
    const response = await this.transport.send(
      (signal) =>
        new Request(url, {
          method,
          headers: all,
          signal,
          ...(body ? { body: body(), duplex: 'half' } : {}),
        } as RequestInit),
      options,
      policy,
    );
    if (!response.ok) throw await apiErrorFrom(response);
    return response;
  }

  /** A list call: awaitable for one page, async-iterable over every item (`cursor` is where it starts). */
  list<P extends Page<unknown>>(cursor: string | undefined, fetchPage: (cursor: string | undefined) => Promise<P>) {
    return new PagedList<P>(fetchPage, cursor);
  }

  /** `workspace_id` from the client's default when the caller gave none (an API key bound to one needs neither). */
  withWorkspace<T extends object>(value: T): T {
    if (!this.workspaceId || 'workspace_id' in value) return value;
    return { ...value, workspace_id: this.workspaceId };
  }
}
