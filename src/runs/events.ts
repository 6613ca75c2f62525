/** A run's event log (read by the SSE endpoint). */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { pgJson } from './pg-text.ts';

export type RunEventType = 'status' | 'console' | 'tool_call' | 'tool_result' | 'message' | 'usage' | 'end';

export async function appendEvent(
  prisma: PrismaClient | Prisma.TransactionClient,
  runId: string,
  type: RunEventType,
  data: Prisma.InputJsonValue,
): Promise<void> {
  await prisma.skillRunEvent.create({ data: { runId, type, data: pgJson(data) } });
}

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'timed_out'] as const;
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
