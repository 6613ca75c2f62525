/**
 * Artifacts: publish a folder of files (multipart), list, read, rename, delete, preview, raw files, view URLs and
 * what they serve.
 */
import type { Core } from '../core/core.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody, Result, Schema } from '../core/types.ts';

export type Artifact = Result<'getArtifact'>;

export type PublishParams = Omit<Schema<'PublishArtifact'>, 'file'> & {
  /** The files, keyed by their path in the artifact's folder (`index.html`, `assets/chart.js`). */
  files: Record<string, Blob | ArrayBuffer | Uint8Array | string>;
};

export class Artifacts {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Creates the artifact in the folder of `path`, or replaces its files (same id, next version). */
  async publish(params: PublishParams, options?: RequestOptions): Promise<Artifact> {
    const { files, ...fields } = params;
    const form = () => {
      const data = new FormData();
      for (const [field, value] of Object.entries(fields)) if (value !== undefined) data.append(field, value);
      for (const [name, content] of Object.entries(files)) {
        const blob =
          content instanceof Blob ? content : new Blob([content as string | ArrayBuffer | Uint8Array<ArrayBuffer>]);
        data.append('file', blob, name);
      }
      return data;
    };
    const response = await this.#c.raw('POST', '/api/v1/artifacts', { body: form }, options);
    return (await response.json()) as Artifact;
  }

  list(query: Query<'listArtifacts'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/artifacts', {
          params: { query: query.project_id ? { ...query, cursor } : this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(artifactId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/artifacts/{artifact_id}', {
        params: { path: { artifact_id: artifactId } },
        ...this.#c.init(options),
      }),
    );
  }

  update(artifactId: string, body: RequestBody<'updateArtifact'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.PATCH('/api/v1/artifacts/{artifact_id}', {
        params: { path: { artifact_id: artifactId } },
        body,
        ...this.#c.init(options),
      }),
    );
  }

  async delete(artifactId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/artifacts/{artifact_id}', {
        params: { path: { artifact_id: artifactId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** The artifact holding the file at `path` in the project, and the start of that file's text. */
  preview(query: Query<'previewArtifact'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/artifacts/preview', { params: { query }, ...this.#c.init(options) }),
    );
  }

  /** A file's raw bytes as a fetch Response (`path` relative to the project, e.g. `report/assets/chart.js`). */
  serve(projectId: string, path: string, options?: RequestOptions): Promise<Response> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return this.#c.raw('GET', `/api/v1/artifacts/serve/${encodeURIComponent(projectId)}/${encoded}`, {}, options);
  }

  /**
   * A file of an artifact through a signed view token (from the `url` of `open`), with no credential: `path` is
   * relative to the artifact's folder (`index.html`, `assets/chart.js`). A fetch Response.
   */
  view(token: string, path: string, options?: RequestOptions): Promise<Response> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return this.#c.raw('GET', `/api/v1/artifacts/view/${encodeURIComponent(token)}/${encoded}`, {}, options);
  }

  /** A short-lived URL that shows the artifact in a browser without credentials. */
  open(body: RequestBody<'openArtifact'>, options?: RequestOptions) {
    return this.#c.unwrap(this.#c.api.POST('/api/v1/artifacts/open', { body, ...this.#c.init(options) }));
  }
}
