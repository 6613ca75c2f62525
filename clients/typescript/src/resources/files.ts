/** Workspace files: upload (Blob, bytes, text or a stream), list, folders, download as a stream, delete, extract. */
import type { Core } from '../core/core.ts';
import { multipartStream } from '../core/multipart.ts';
import type { RequestOptions } from '../core/transport.ts';
import type { Query, RequestBody, Result, Schema } from '../core/types.ts';

/** Content to upload: a Blob (or File) is sent again on a retry; a one-shot stream is not. */
export type Uploadable = Blob | ReadableStream<Uint8Array> | ArrayBuffer | Uint8Array | string;

export type UploadParams = Omit<Schema<'UploadFile'>, 'file'> & {
  file: Uploadable;
  /** The file's name (default: a File's own name, else `file`). */
  name?: string;
  /** Its media type (default: a Blob's own type, else `application/octet-stream`). */
  contentType?: string;
};

export type WorkspaceFile = Result<'getFile'>;

export class Files {
  readonly #c: Core;
  constructor(core: Core) {
    this.#c = core;
  }

  /** Uploads one file into the workspace tree (`path` is the folder); a file already at that path is replaced. */
  async upload(params: UploadParams, options?: RequestOptions): Promise<WorkspaceFile> {
    const { file, name, contentType, ...rest } = params;
    const fields = Object.entries(this.#c.withWorkspace(rest)).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    );
    const fileName = name ?? (typeof File !== 'undefined' && file instanceof File ? file.name : 'file');
    if (file instanceof ReadableStream) {
      const type = contentType ?? 'application/octet-stream';
      const { body, contentType: formType } = multipartStream(fields, {
        stream: file,
        name: fileName,
        contentType: type,
      });
      const response = await this.#c.raw(
        'POST',
        '/api/v1/files',
        { body: () => body, headers: { 'Content-Type': formType }, policy: { replayable: false } },
        options,
      );
      return (await response.json()) as WorkspaceFile;
    }
    const blob =
      file instanceof Blob
        ? contentType && file.type !== contentType
          ? new Blob([file], { type: contentType })
          : file
        : new Blob([file as string | ArrayBuffer | Uint8Array<ArrayBuffer>], {
            type: contentType ?? 'application/octet-stream',
          });
    const form = () => {
      const data = new FormData();
      for (const [field, value] of fields) data.append(field, value);
      data.append('file', blob, fileName);
      return data;
    };
    const response = await this.#c.raw('POST', '/api/v1/files', { body: form }, options);
    return (await response.json()) as WorkspaceFile;
  }

  list(query: Query<'listFiles'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/files', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  /** The entries of one folder (`path`; the root when absent). */
  tree(query: Query<'getFileTree'> = {}, options?: RequestOptions) {
    return this.#c.list(query.cursor, (cursor) =>
      this.#c.unwrap(
        this.#c.api.GET('/api/v1/files/tree', {
          params: { query: this.#c.withWorkspace({ ...query, cursor }) },
          ...this.#c.init(options),
        }),
      ),
    );
  }

  get(fileId: string, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.GET('/api/v1/files/{file_id}', { params: { path: { file_id: fileId } }, ...this.#c.init(options) }),
    );
  }

  /**
   * The file's content as a fetch Response: read `.body` as a stream (or `.arrayBuffer()`, `.text()`); `range`
   * (`bytes=0-99`) asks for part of it (status 206).
   */
  download(fileId: string, { range, ...options }: RequestOptions & { range?: string } = {}): Promise<Response> {
    return this.#c.raw(
      'GET',
      `/api/v1/files/${encodeURIComponent(fileId)}/content`,
      { headers: range ? { Range: range } : {} },
      options,
    );
  }

  /** Like `download`, naming the file by its path in the workspace tree. */
  downloadByPath(
    query: Query<'downloadFileByPath'>,
    { range, ...options }: RequestOptions & { range?: string } = {},
  ): Promise<Response> {
    return this.#c.raw(
      'GET',
      '/api/v1/files/content',
      { query: this.#c.withWorkspace(query), headers: range ? { Range: range } : {} },
      options,
    );
  }

  async delete(fileId: string, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/files/{file_id}', {
        params: { path: { file_id: fileId } },
        ...this.#c.init(options),
      }),
    );
  }

  /** Deletes a file or a whole folder by path. */
  async deleteTree(query: Query<'deleteFileTree'>, options?: RequestOptions): Promise<void> {
    await this.#c.unwrap(
      this.#c.api.DELETE('/api/v1/files/tree', {
        params: { query: this.#c.withWorkspace(query) },
        ...this.#c.init(options),
      }),
    );
  }

  /** Extracts a ZIP file of the workspace into a folder. */
  extract(body: RequestBody<'extractArchive'>, options?: RequestOptions) {
    return this.#c.unwrap(
      this.#c.api.POST('/api/v1/files/extract', {
        body: this.#c.withWorkspace(body),
        ...this.#c.init(options, { idempotent: true }),
      }),
    );
  }
}
