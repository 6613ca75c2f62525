/**
 * Writing a response's event stream. Every writer (the API creating the response, the model step streaming text, the
 * tool step, the end of the turn) appends through `emitEvents`, which locks the response row, so sequence numbers are
 * gapless and strictly increasing and the stored output (`responses.output`) is the fold of exactly those events
 * (text deltas appended at the tail are folded in by the next writer or reader: `pending-text.ts`).
 * Events carrying the whole response (`response.created`, `response.completed`, …) get it as stored at that point.
 */
import { Prisma, type Response, type SkillRun } from '../../generated/prisma/client.ts';
import { pgJson } from '../runs/pg-text.ts';
import type { Tx } from '../runs/steps.ts';
import { foldEvent, type OutputItem, outputText, type StreamEvent } from './output.ts';
import { foldPendingText } from './pending-text.ts';

export type ResponseWithRun = Response & { run: Pick<SkillRun, 'inputTokens' | 'outputTokens'> };

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** The Response object, in the OpenAI Responses shape. */
export function responseObject(r: ResponseWithRun) {
  const output = r.output as unknown as OutputItem[];
  const error = r.error as { code: string; message: string } | null;
  return {
    id: r.id,
    object: 'response' as const,
    status: r.status,
    created_at: unix(r.createdAt),
    completed_at: r.completedAt ? unix(r.completedAt) : null,
    model: r.model,
    conversation: { id: r.conversationId },
    conversation_id: r.conversationId,
    input: r.input,
    output,
    output_text: outputText(output),
    usage: {
      input_tokens: r.run.inputTokens,
      output_tokens: r.run.outputTokens,
      total_tokens: r.run.inputTokens + r.run.outputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
    error,
    incomplete_details: r.status === 'incomplete' ? { reason: (error?.code ?? 'incomplete').toLowerCase() } : null,
    background: r.background,
    skill_ids: r.skillIds,
    parallel_tool_calls: true,
    tools: [] as Array<Record<string, string>>,
    metadata: {},
  };
}

export interface EventSink {
  /** The response as locked, with the output folded so far (updated by each `push`). */
  readonly response: ResponseWithRun;
  readonly output: OutputItem[];
  push(event: StreamEvent): void;
  /** Pushes an event carrying the whole response as it is now (after any status change made through `set`). */
  pushLifecycle(type: string): void;
  set(data: Partial<Pick<Response, 'status' | 'completedAt' | 'error'>>): void;
}

/** Locks the response, lets `write` push events, stores them with their sequence numbers and the folded output. */
export async function emitEvents(
  tx: Tx,
  responseId: string,
  write: (sink: EventSink) => void | Promise<void>,
): Promise<ResponseWithRun> {
  await tx.$executeRaw`SELECT 1 FROM responses WHERE id = ${responseId} FOR UPDATE`;
  const row = await foldPendingText(
    tx,
    await tx.response.findUniqueOrThrow({
      where: { id: responseId },
      include: { run: { select: { inputTokens: true, outputTokens: true } } },
    }),
  );
  const current: ResponseWithRun = { ...row, output: structuredClone(row.output) };
  const output = current.output as unknown as OutputItem[];
  const events: StreamEvent[] = [];
  let seq = row.lastSeq;
  const stamp = (e: StreamEvent) => {
    events.push({ ...e, sequence_number: seq++ });
  };
  let changed: Partial<Pick<Response, 'status' | 'completedAt' | 'error'>> = {};
  await write({
    response: current,
    output,
    push(e) {
      foldEvent(output, e);
      stamp(e);
    },
    pushLifecycle(type) {
      stamp({ type, response: structuredClone(responseObject(current)) });
    },
    set(data) {
      Object.assign(current, data);
      changed = { ...changed, ...data };
    },
  });
  if (events.length === 0 && Object.keys(changed).length === 0) return current;
  // Written as JSON text in raw statements: Prisma walks every value of a JSON argument, which for the events and
  // output of a long answer (its text several times over) cost more than the rest of the turn's bookkeeping.
  if (events.length > 0) {
    const rows = events.map((e) => ({ seq: e.sequence_number, type: e.type, data: pgJson(e) }));
    await tx.$executeRaw`
      INSERT INTO response_events (response_id, seq, type, data)
      SELECT ${responseId}, e.seq, e.type, e.data
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(seq int, type text, data jsonb)`;
  }
  const sets = [
    Prisma.sql`output = ${JSON.stringify(pgJson(output))}::jsonb`,
    Prisma.sql`last_seq = ${seq}`,
    Prisma.sql`output_seq = ${seq}`,
    Prisma.sql`updated_at = now()`,
  ];
  if (changed.status !== undefined) sets.push(Prisma.sql`status = ${changed.status}::"ResponseStatus"`);
  if (changed.completedAt !== undefined) sets.push(Prisma.sql`completed_at = ${changed.completedAt}::timestamptz`);
  // A null error leaves the stored one as it is.
  if (changed.error != null) sets.push(Prisma.sql`error = ${JSON.stringify(pgJson(changed.error))}::jsonb`);
  await tx.$executeRaw`UPDATE responses SET ${Prisma.join(sets)} WHERE id = ${responseId}`;
  return current;
}

export const TERMINAL_RESPONSE_STATUSES = ['completed', 'failed', 'cancelled', 'incomplete'] as const;
export const isResponseOver = (status: string) => (TERMINAL_RESPONSE_STATUSES as readonly string[]).includes(status);
