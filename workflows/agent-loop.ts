/**
 * The agent loop shared by skill runs and conversation turns: model call → tool calls → model call … until the model
 * stops calling tools or the step limit is reached. Workflow code: it only schedules the steps (activities), so the
 * caller's workflow decides timeouts, cancellation and how the run ends. Tools the workflow itself carries out (a
 * skill run's `ask_user`) are passed in `handlers`.
 */
import type { RunEnd } from './activities/skill-run.ts';

export interface LoopPlan {
  runId: string;
  model: string;
  tools: string[];
  maxSteps: number;
  /** Set for a conversation turn: its steps also write the response's event stream. */
  responseId?: string;
}

export interface LoopSteps {
  modelStep(input: {
    runId: string;
    step: number;
    model: string;
    tools: string[];
    responseId?: string;
  }): Promise<{ toolCalls: Array<{ toolCallId: string; toolName: string }> }>;
  toolStep(input: {
    runId: string;
    step: number;
    toolCallId: string;
    allowed: boolean;
    responseId?: string;
  }): Promise<unknown>;
}

export type ToolHandler = (call: { step: number; toolCallId: string }) => Promise<void>;

export async function agentLoop(
  plan: LoopPlan,
  steps: LoopSteps,
  handlers: Record<string, ToolHandler> = {},
): Promise<RunEnd> {
  const { runId } = plan;
  const stream = plan.responseId ? { responseId: plan.responseId } : {};
  // The plan is read at every step: a caller's first model step may fill it in (a skill run's inline start).
  for (let step = 1; step <= plan.maxSteps; step++) {
    const { toolCalls } = await steps.modelStep({ runId, step, model: plan.model, tools: plan.tools, ...stream });
    if (toolCalls.length === 0) return { status: 'completed' };
    for (const { toolCallId, toolName } of toolCalls) {
      const handler = handlers[toolName];
      if (handler) await handler({ step, toolCallId });
      else await steps.toolStep({ runId, step, toolCallId, allowed: plan.tools.includes(toolName), ...stream });
    }
  }
  return {
    status: 'failed',
    error: {
      type: 'STEP_LIMIT_REACHED',
      title: 'Step limit reached',
      detail: `The agent used all ${plan.maxSteps} steps.`,
    },
  };
}
