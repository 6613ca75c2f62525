/** Artifact rows → the API's `Artifact` shape. */
import type { Artifact as ArtifactOut } from '../../generated/routes.ts';
import type { ArtifactWithFiles } from './publish.ts';

const iso = (d: Date) => d.toISOString();

/** The serve URL of a project path, each segment encoded (a name may hold `#`, `?` or `%`). */
export const serveUrl = (projectId: string, path: string): string =>
  `/api/v1/artifacts/serve/${projectId}/${path.split('/').map(encodeURIComponent).join('/')}`;

export function artifactOut(a: ArtifactWithFiles): ArtifactOut {
  return {
    id: a.id,
    workspace_id: a.workspaceId,
    project_id: a.projectId,
    title: a.title,
    type: a.type,
    path: a.path,
    root: a.root,
    source: a.source,
    conversation_id: a.conversationId,
    response_id: a.responseId,
    version: a.version,
    size: Number(a.size),
    file_count: a.fileCount,
    files: a.files.map((f) => ({ path: f.path, size: Number(f.size), mime_type: f.mimeType, sha256: f.sha256 })),
    serve_url: serveUrl(a.projectId, a.path),
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}
