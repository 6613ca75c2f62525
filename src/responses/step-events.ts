/**
 * What the agent loop's steps add to a response's stream: the model's text as it arrives (coalesced, see `liveText`), the
 * finished message and tool calls when the model step commits, and each tool's result when the tool step commits
 * (both inside the step's exactly-once transaction, so a retried step never repeats them).
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { newId } from '../lib/ids.ts';
import type { Tx } from '../runs/steps.ts';
import { type Coalescer, coalescer } from './coalescer.ts';
import { emitEvents, isResponseOver } from './events.ts';
import { closeMessage, openMessage, openMessageEvents, type StreamEvent } from './output.ts';
import { appendAtTail, readTail, type Tail, tailOf, textDeltaEvent } from './tail-append.ts';

/**
 * How long text deltas may wait to be written together: the first after a quiet spell is written at once, later ones
 * within this of the last write's start go in the next write, so a stream costs at most 100 writes a second.
 */
export const LIVE_TEXT_GAP_MS = 10;

/**
 * Streams text deltas into the response while the model answers; `close` writes the rest. Each write is one
 * statement at the stream's tail as this writer last saw it (read at once, while the model thinks); when another
 * writer moved it, the write goes through `emitEvents` under the response's lock and the tail is read again there.
 */
export function liveText(prisma: PrismaClient, responseId: string): Coalescer {
  let tail: Promise<Tail | undefined> = readTail(prisma, responseId).catch(() => undefined);
  return coalescer(async (delta) => {
    const known = await tail;
    const moved = known && (await appendAtTail(prisma, responseId, known, delta));
    const now = moved ?? (await prisma.$transaction((tx) => appendDelta(tx, responseId, delta)));
    tail = Promise.resolve(now);
  }, LIVE_TEXT_GAP_MS);
}

async function appendDelta(tx: Tx, responseId: string, delta: string): Promise<Tail | undefined> {
  let tail: Tail | undefined;
  await emitEvents(tx, responseId, (s) => {
    // Ended (cancelled, timed out) while the model still wrote: its last event stays the last.
    if (isResponseOver(s.response.status)) return;
    let pushed = 0;
    const push = (e: StreamEvent) => {
      s.push(e);
      pushed++;
    };
    if (!openMessage(s.output)) for (const e of openMessageEvents(s.output, newId('msg'))) push(e);
    const open = openMessage(s.output)!;
    push(textDeltaEvent({ itemId: open.item.id, index: open.index }, delta));
    tail = tailOf(s.response.lastSeq + pushed, s.output);
  });
  return tail;
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
