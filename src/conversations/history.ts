/**
 * A conversation's items as model messages: user messages, assistant turns (text and tool calls of one model step
 * together) and tool results, in order. A turn's transcript starts with these.
 */
import type { ModelMessage } from 'ai';
import type { OutputItem } from '../responses/output.ts';

type AssistantPart =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: unknown };

export function itemsToMessages(items: OutputItem[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  const toolNames = new Map<string, string>();
  let assistant: AssistantPart[] | undefined;
  const endAssistant = () => {
    if (assistant && assistant.length > 0) messages.push({ role: 'assistant', content: assistant });
    assistant = undefined;
  };
  for (const item of items) {
    const text = (item.content ?? []).map((p) => p.text).join('');
    if (item.type === 'message' && item.role === 'user') {
      endAssistant();
      messages.push({ role: 'user', content: text });
    } else if (item.type === 'message') {
      // A new assistant message after tool results is a new model step.
      if (assistant?.some((p) => p.type === 'tool-call')) endAssistant();
      assistant ??= [];
      if (text) assistant.push({ type: 'text', text });
    } else if (item.type === 'function_call' && item.call_id && item.name) {
      assistant ??= [];
      toolNames.set(item.call_id, item.name);
      assistant.push({
        type: 'tool-call',
        toolCallId: item.call_id,
        toolName: item.name,
        input: parseArgs(item.arguments),
      });
    } else if (item.type === 'function_call_output' && item.call_id) {
      endAssistant();
      messages.push({
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: item.call_id,
            toolName: toolNames.get(item.call_id) ?? 'unknown',
            output: { type: 'text', value: item.output ?? '' },
          },
        ],
      });
    }
  }
  endAssistant();
  return withAllResults(messages);
}

/** A tool call whose turn was interrupted before its result still needs one: providers refuse calls without. */
function withAllResults(messages: ModelMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    out.push(m);
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    const calls = m.content.flatMap((p) => (p.type === 'tool-call' ? [p] : []));
    if (calls.length === 0) continue;
    const answered = new Set<string>();
    while (messages[i + 1]?.role === 'tool') {
      const next = messages[++i]!;
      out.push(next);
      if (Array.isArray(next.content)) for (const p of next.content) if ('toolCallId' in p) answered.add(p.toolCallId);
    }
    const missing = calls.filter((c) => !answered.has(c.toolCallId));
    if (missing.length === 0) continue;
    out.push({
      role: 'tool',
      content: missing.map((c) => ({
        type: 'tool-result' as const,
        toolCallId: c.toolCallId,
        toolName: c.toolName,
        output: { type: 'error-text' as const, value: 'No result: the turn was interrupted.' },
      })),
    });
  }
  return out;
}

function parseArgs(text: string | undefined): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}
