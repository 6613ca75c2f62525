/** Which fields people see of each resource: table columns for lists, `key: value` lines for one object. */
import type { Schema } from '../../core/types.ts';
import type { Column } from '../output.ts';

const col = <T>(header: string, value: (row: T) => unknown): Column<T> => ({ header, value });

export const userFields: Column<Schema<'User'>>[] = [
  col('id', (u) => u.id),
  col('email', (u) => u.email),
  col('name', (u) => u.name),
  col('admin', (u) => u.is_admin),
];

export const workspaceColumns: Column<Schema<'Workspace'>>[] = [
  col('id', (w) => w.id),
  col('name', (w) => w.name),
  col('role', (w) => w.role),
  col('budget_usd', (w) => w.budget_usd),
];
export const workspaceFields = [...workspaceColumns, col('created', (w: Schema<'Workspace'>) => w.created_at)];

export const skillColumns: Column<Schema<'Skill'>>[] = [
  col('id', (s) => s.id),
  col('name', (s) => s.name),
  col('version', (s) => s.version),
  col('published', (s) => s.published_version),
  col('tools', (s) => s.tools),
];
export const skillFields: Column<Schema<'Skill'>>[] = [
  ...skillColumns,
  col('global', (s) => s.is_global),
  col('description', (s) => s.description),
  col('instructions', (s) => s.instructions),
  col('updated', (s) => s.updated_at),
];

export const fileFields: Column<Schema<'WorkspaceFile'>>[] = [
  col('id', (f) => f.id),
  col('path', (f) => f.path),
  col('size', (f) => f.size),
  col('type', (f) => f.mime_type),
  col('sha256', (f) => f.sha256),
];

export const treeColumns: Column<Schema<'TreeEntry'>>[] = [
  col('name', (e) => e.name),
  col('type', (e) => e.type),
  col('size', (e) => e.size),
  col('updated', (e) => e.updated_at),
];

export const runColumns: Column<Schema<'SkillRun'>>[] = [
  col('id', (r) => r.id),
  col('skill', (r) => r.skill_name),
  col('status', (r) => r.status),
  col('cost_usd', (r) => r.cost_usd),
  col('created', (r) => r.created_at),
];
export const runFields: Column<Schema<'SkillRun'>>[] = [
  col('id', (r) => r.id),
  col('skill', (r) => `${r.skill_name} (${r.skill_id}, v${r.skill_version})`),
  col('status', (r) => r.status),
  col('question', (r) => r.question),
  col('error', (r) => (r.error ? `${r.error.type}: ${r.error.detail}` : null)),
  col('model', (r) => r.model),
  col('tokens', (r) => `${r.input_tokens} in, ${r.output_tokens} out`),
  col('cost_usd', (r) => r.cost_usd),
  col('context', (r) => r.context_paths),
  col('outputs', (r) => r.output_files),
  col('created', (r) => r.created_at),
  col('completed', (r) => r.completed_at),
];

export const scheduleColumns: Column<Schema<'Schedule'>>[] = [
  col('id', (s) => s.id),
  col('name', (s) => s.name),
  col('cron', (s) => s.cron_expression),
  col('timezone', (s) => s.timezone),
  col('status', (s) => s.status),
  col('next_run', (s) => s.next_run_at),
];
export const scheduleFields: Column<Schema<'Schedule'>>[] = [
  ...scheduleColumns,
  col('skill', (s) => s.skill_id),
  col('pause_note', (s) => s.pause_note),
  col('last_run', (s) => s.last_run_at),
  col('runs', (s) => s.run_count),
];

export const keyColumns: Column<Schema<'ApiKey'>>[] = [
  col('id', (k) => k.id),
  col('name', (k) => k.name),
  col('prefix', (k) => k.key_prefix),
  col('mode', (k) => k.mode),
  col('scopes', (k) => k.scopes),
  col('workspace', (k) => k.workspace_id),
  col('last_used', (k) => k.last_used_at),
  col('expires', (k) => k.expires_at),
];

export const specColumns: Column<Schema<'ConnectorSpec'>>[] = [
  col('id', (s) => s.id),
  col('auth', (s) => s.auth_type),
  col('enabled', (s) => s.enabled),
  col('fields', (s) => s.fields.map((f) => `${f.key}${f.secret ? '*' : ''}`)),
  col('name', (s) => s.name),
];

export const connectionColumns: Column<Schema<'Connection'>>[] = [
  col('id', (c) => c.id),
  col('name', (c) => c.name),
  col('spec', (c) => c.spec_id),
  col('status', (c) => c.status),
  col('checked', (c) => c.checked_at),
];
export const connectionFields: Column<Schema<'Connection'>>[] = [
  ...connectionColumns,
  col('error', (c) => (c.error ? `${c.error.code}: ${c.error.message}` : null)),
  col('created', (c) => c.created_at),
];

export const conversationColumns: Column<Schema<'Conversation'>>[] = [
  col('id', (c) => c.id),
  col('title', (c) => c.title),
  col('status', (c) => c.status),
  col('project', (c) => c.project_id),
  col('updated', (c) => c.updated_at),
];
export const conversationFields: Column<Schema<'Conversation'>>[] = [
  ...conversationColumns,
  col('goal', (c) => c.goal),
  col('created', (c) => c.created_at),
];

export const conversationItemColumns: Column<Schema<'ConversationItem'>>[] = [
  col('id', (i) => i.id),
  col('type', (i) => i.type),
  col('role', (i) => i.role),
  col('text', (i) => {
    const text = itemText(i);
    return text.length > 60 ? `${text.slice(0, 59)}…` : text;
  }),
  col('created', (i) => i.created_at),
];

/** What an item says: a message's text, a tool call with its arguments, or what the tool returned. */
function itemText(item: Schema<'ConversationItem'>): string {
  if (item.type === 'function_call') return `${item.name}(${item.arguments ?? ''})`;
  if (item.type === 'function_call_output') return item.output ?? '';
  return (item.content ?? []).map((part) => part.text).join(' ');
}

export const scratchpadColumns: Column<Schema<'ScratchpadSummary'>>[] = [
  col('id', (s) => s.id),
  col('title', (s) => s.title),
  col('saved', (s) => s.saved),
  col('cells', (s) => s.cell_count),
  col('updated', (s) => s.updated_at),
];
export const scratchpadFields: Column<Schema<'Scratchpad'>>[] = [
  col('id', (s) => s.id),
  col('title', (s) => s.title),
  col('saved', (s) => s.saved),
  col('conversation', (s) => s.conversation_id),
  col('created', (s) => s.created_at),
];

export const cellColumns: Column<Schema<'Cell'>>[] = [
  col('index', (c) => c.index),
  col('id', (c) => c.id),
  col('type', (c) => c.type),
  col('status', (c) => c.status),
  col('content', (c) => (c.content.length > 40 ? `${c.content.slice(0, 39)}…` : c.content)),
];
export const cellFields: Column<Schema<'Cell'>>[] = [
  col('id', (c) => c.id),
  col('index', (c) => c.index),
  col('type', (c) => c.type),
  col('language', (c) => c.language),
  col('status', (c) => c.status),
  col('error', (c) => c.error),
  col('runs', (c) => c.execution_count),
  col('outputs', (c) => c.outputs.map((o) => o.name ?? o.stream ?? o.mime_type)),
  col('content', (c) => c.content),
];
