/** Which fields people see of projects, memories, webhooks (with their events and deliveries) and artifacts. */
import type { Schema } from '../../core/types.ts';
import type { Column } from '../output.ts';

const col = <T>(header: string, value: (row: T) => unknown): Column<T> => ({ header, value });

export const projectColumns: Column<Schema<'Project'>>[] = [
  col('id', (p) => p.id),
  col('name', (p) => p.name),
  col('skills', (p) => p.skill_ids),
  col('connections', (p) => p.connector_ids),
  col('updated', (p) => p.updated_at),
];
export const projectFields: Column<Schema<'Project'>>[] = [
  ...projectColumns,
  col('description', (p) => p.description),
  col('created', (p) => p.created_at),
];

export const memoryColumns: Column<Schema<'Memory'>>[] = [
  col('id', (m) => m.id),
  col('project', (m) => m.project_id),
  col('source', (m) => m.source),
  col('content', (m) => (m.content.length > 60 ? `${m.content.slice(0, 59)}…` : m.content)),
];
export const memoryFields: Column<Schema<'Memory'>>[] = [
  col('id', (m) => m.id),
  col('project', (m) => m.project_id),
  col('source', (m) => m.source),
  col('content', (m) => m.content),
  col('updated', (m) => m.updated_at),
];

export const webhookColumns: Column<Schema<'Webhook'>>[] = [
  col('id', (h) => h.id),
  col('url', (h) => h.url),
  col('status', (h) => h.status),
  col('events', (h) => h.events),
];
export const webhookFields: Column<Schema<'Webhook'>>[] = [
  ...webhookColumns,
  col('enabled', (h) => h.enabled),
  col('description', (h) => h.description),
  col('disabled', (h) => (h.disabled_reason ? `${h.disabled_reason} at ${h.disabled_at}` : null)),
  col('failing_since', (h) => h.failing_since),
  col('old_secret_until', (h) => h.previous_secret_expires_at),
  col('created', (h) => h.created_at),
];

export const eventColumns: Column<Schema<'WebhookEvent'>>[] = [
  col('id', (e) => e.id),
  col('type', (e) => e.type),
  col('sequence', (e) => e.sequence),
  col('created', (e) => e.created_at),
];
export const eventFields: Column<Schema<'WebhookEvent'>>[] = [...eventColumns, col('data', (e) => e.data)];

export const deliveryColumns: Column<Schema<'WebhookDelivery'>>[] = [
  col('id', (d) => d.id),
  col('event', (d) => `${d.event_type} (${d.event_id})`),
  col('webhook', (d) => d.webhook_id),
  col('status', (d) => d.status),
  col('attempts', (d) => d.attempts.length),
  col('last_http', (d) => d.attempts.at(-1)?.status_code),
  col('next_attempt', (d) => d.next_attempt_at),
];

export const artifactColumns: Column<Schema<'Artifact'>>[] = [
  col('id', (a) => a.id),
  col('title', (a) => a.title),
  col('type', (a) => a.type),
  col('path', (a) => a.path),
  col('version', (a) => a.version),
  col('files', (a) => a.file_count),
];
export const artifactFields: Column<Schema<'Artifact'>>[] = [
  ...artifactColumns,
  col('project', (a) => a.project_id),
  col('source', (a) => a.source),
  col('size', (a) => a.size),
  col('conversation', (a) => a.conversation_id),
  col('serve_url', (a) => a.serve_url),
  col('file_list', (a) => a.files.map((f) => f.path)),
  col('updated', (a) => a.updated_at),
];
