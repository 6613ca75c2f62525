/**
 * A response's output, folded from its events the way an OpenAI client accumulates them: the server keeps the same
 * snapshot (`responses.output`), so every writer knows the next `output_index` and whether a message is open, and
 * `GET /responses/{id}` shows the output so far.
 */

export interface ContentPart {
  type: 'output_text' | 'input_text';
  text: string;
  annotations?: unknown[];
}

export interface OutputItem {
  id: string;
  type: 'message' | 'function_call' | 'function_call_output';
  status: 'in_progress' | 'completed' | 'incomplete';
  role?: 'user' | 'assistant';
  content?: ContentPart[];
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string;
}

export type StreamEvent = { type: string } & Record<string, unknown>;

/** Applies one event to the output (in place) and returns it. */
export function foldEvent(output: OutputItem[], e: StreamEvent): OutputItem[] {
  const item = typeof e.output_index === 'number' ? output[e.output_index] : undefined;
  const ci = typeof e.content_index === 'number' ? e.content_index : -1;
  switch (e.type) {
    case 'response.output_item.added':
      output.push(structuredClone(e.item as OutputItem));
      break;
    case 'response.output_item.done':
      if (item) output[e.output_index as number] = structuredClone(e.item as OutputItem);
      break;
    case 'response.content_part.added':
      item?.content?.push(structuredClone(e.part as ContentPart));
      break;
    case 'response.content_part.done':
      if (item?.content) item.content[ci] = structuredClone(e.part as ContentPart);
      break;
    case 'response.output_text.delta':
      if (item?.content?.[ci]) item.content[ci].text += String(e.delta);
      break;
    case 'response.output_text.done':
      if (item?.content?.[ci]) item.content[ci].text = String(e.text);
      break;
    case 'response.function_call_arguments.delta':
      if (item) item.arguments = (item.arguments ?? '') + String(e.delta);
      break;
    case 'response.function_call_arguments.done':
      if (item) item.arguments = String(e.arguments);
      break;
  }
  return output;
}

/** The text of the output's assistant messages, as OpenAI's `output_text`. */
export function outputText(output: OutputItem[]): string {
  return output
    .filter((i) => i.type === 'message')
    .flatMap((i) => i.content ?? [])
    .filter((p) => p.type === 'output_text')
    .map((p) => p.text)
    .join('');
}

/** The open assistant message at the end of the output, if the model is writing one. */
export function openMessage(output: OutputItem[]): { item: OutputItem; index: number } | undefined {
  const index = output.length - 1;
  const item = output[index];
  return item?.type === 'message' && item.status === 'in_progress' ? { item, index } : undefined;
}

/** Events that close an open message: text done, part done, item done (with `status`). */
export function closeMessage(output: OutputItem[], status: 'completed' | 'incomplete', text?: string): StreamEvent[] {
  const open = openMessage(output);
  if (!open) return [];
  const part = open.item.content?.[0] ?? { type: 'output_text' as const, text: '', annotations: [] };
  const finalText = text ?? part.text;
  const donePart = { type: 'output_text' as const, text: finalText, annotations: [] };
  const base = { item_id: open.item.id, output_index: open.index, content_index: 0 };
  return [
    { type: 'response.output_text.done', ...base, text: finalText, logprobs: [] },
    { type: 'response.content_part.done', ...base, part: donePart },
    {
      type: 'response.output_item.done',
      output_index: open.index,
      item: { ...open.item, status, content: [donePart] },
    },
  ];
}

/** Events that open an assistant message at the end of the output. */
export function openMessageEvents(output: OutputItem[], id: string): StreamEvent[] {
  const index = output.length;
  return [
    {
      type: 'response.output_item.added',
      output_index: index,
      item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    },
    {
      type: 'response.content_part.added',
      item_id: id,
      output_index: index,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    },
  ];
}
