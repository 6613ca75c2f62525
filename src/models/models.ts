/**
 * Model providers behind one interface, through the Vercel AI SDK: `openai:<model>` talks to any OpenAI-compatible
 * Chat Completions endpoint (OpenAI, Ollama, vLLM, llama.cpp, OpenRouter…), `anthropic:<model>` to Anthropic's
 * Messages API. The SDK's own retries are off: retries are Temporal's (see workflows/skill-run.workflow.ts).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { Config } from '../config.ts';
import { coalescingFetch } from './coalesce-chat-deltas.ts';

export type ProviderName = 'openai' | 'anthropic';

export function parseModel(model: string): { provider: string; name: string } {
  const at = model.indexOf(':');
  return at < 0 ? { provider: 'openai', name: model } : { provider: model.slice(0, at), name: model.slice(at + 1) };
}

/** Why the model cannot be used, or undefined when its provider is configured. */
export function providerProblem(config: Config, model: string): string | undefined {
  const { provider } = parseModel(model);
  if (provider === 'openai') {
    return config.OPENAI_API_KEY || config.OPENAI_BASE_URL
      ? undefined
      : 'Provider openai is not configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server).';
  }
  if (provider === 'anthropic') {
    return config.ANTHROPIC_API_KEY ? undefined : 'Provider anthropic is not configured: set ANTHROPIC_API_KEY.';
  }
  return `Unknown provider ${provider}: use openai:<model> or anthropic:<model>.`;
}

/**
 * The model; with `tapText`, an OpenAI-compatible provider's streamed text goes to `tapText` without passing through
 * the SDK while it can (see `coalesce-chat-deltas.ts`): the caller takes the text from both.
 */
export function languageModel(config: Config, model: string, tapText?: (text: string) => void): LanguageModel {
  const { provider, name } = parseModel(model);
  if (provider === 'anthropic') {
    return createAnthropic({
      apiKey: config.ANTHROPIC_API_KEY,
      ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    })(name);
  }
  return createOpenAICompatible({
    name: 'openai',
    baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    includeUsage: true,
    fetch: coalescingFetch(tapText),
  }).chatModel(name);
}

/** USD per million tokens; MODEL_PRICES overrides and extends these. */
const builtInPrices: Record<string, { input: number; output: number }> = {
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
};

/** USD per million tokens: MODEL_PRICES, then built-in prices, then MODEL_DEFAULT_PRICE; undefined when unknown. */
export function priceOf(config: Config, model: string): { input: number; output: number } | undefined {
  return config.MODEL_PRICES[model] ?? builtInPrices[model] ?? config.MODEL_DEFAULT_PRICE;
}

/**
 * Cost in USD of a call, as a decimal string with 6 places. A model without a price costs 0, which is why such a model
 * may not run in a workspace with a budget (see `assertModelPriced`).
 */
export function costOf(config: Config, model: string, inputTokens: number, outputTokens: number): string {
  const price = priceOf(config, model);
  if (!price) return '0.000000';
  // Work in micro-dollars to keep the sum exact to six places.
  const micro = Math.round(inputTokens * price.input + outputTokens * price.output);
  return (micro / 1e6).toFixed(6);
}
