/**
 * What the agent loop's steps add to a response's stream: the model's text as it arrives (flushed every 100 ms), the
 * finished message and tool calls when the model step commits, and each tool's result when the tool step commits
 * (both inside the step's exactly-once transaction, so a retried step never repeats them).
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { newId } from '../lib/ids.ts';
import type { Tx } from '../runs/steps.ts';
import { emitEvents } from './events.ts';
import { closeMessage, openMessage, openMessageEvents } from './output.ts';

const FLUSH_MS = 100;

/** Streams text deltas into the response while the model answers; `close` flushes the rest. */
export function liveText(prisma: PrismaClient, responseId: string) {
  let pending = '';
  let failure: unknown;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    if (!pending) return chain;
    const delta = pending;
    pending = '';
    chain = chain
      .then(() => prisma.$transaction((tx) => appendDelta(tx, responseId, delta)))
      .then(
        () => undefined,
        (err: unknown) => {
          failure ??= err;
        },
      );
    return chain;
  };
  const timer = setInterval(() => void flush(), FLUSH_MS);
  return {
    add(delta: string) {
      pending += delta;
    },
    async close() {
      clearInterval(timer);
      await flush();
      if (failure) throw failure;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

async function appendDelta(tx: Tx, responseId: string, delta: string): Promise<void> {
  await emitEvents(tx, responseId, (s) => {
    if (!openMessage(s.output)) for (const e of openMessageEvents(s.output, newId('msg'))) s.push(e);
    const open = openMessage(s.output)!;
    s.push({
      type: 'response.output_text.delta',
      item_id: open.item.id,
      output_index: open.index,
      content_index: 0,
      delta,
      logprobs: [],
    });
  });
}

/** The model step's record as stream events: its message closed with the recorded text, then its tool calls. */
export async function commitModelEvents(
  tx: Tx,
  responseId: string,
  answer: { text: string; toolCalls: Array<{ toolCallId: string; toolName: string; input: unknown }> },
): Promise<void> {
  await emitEvents(tx, responseId, (s) => {
    if (answer.text && !openMessage(s.output)) {
      for (const e of openMessageEvents(s.output, newId('msg'))) s.push(e);
    }
    for (const e of closeMessage(s.output, 'completed', answer.text || undefined)) s.push(e);
    for (const call of answer.toolCalls) {
      const index = s.output.length;
      const id = `fc_${call.toolCallId}`;
      const args = JSON.stringify(call.input ?? {});
      const item = { id, type: 'function_call', call_id: call.toolCallId, name: call.toolName };
      s.push({
        type: 'response.output_item.added',
        output_index: index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      s.push({ type: 'response.function_call_arguments.delta', item_id: id, output_index: index, delta: args });
      s.push({ type: 'response.function_call_arguments.done', item_id: id, output_index: index, arguments: args });
      s.push({
        type: 'response.output_item.done',
        output_index: index,
        item: { ...item, status: 'completed', arguments: args },
      });
    }
  });
}

/** A tool's result (as the model sees it) as a `function_call_output` item. */
export async function commitToolResultEvents(tx: Tx, responseId: string, callId: string, output: string) {
  await emitEvents(tx, responseId, (s) => {
    const index = s.output.length;
    const item = { id: `fco_${callId}`, type: 'function_call_output', call_id: callId, output };
    s.push({ type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress' } });
    s.push({ type: 'response.output_item.done', output_index: index, item: { ...item, status: 'completed' } });
  });
}
