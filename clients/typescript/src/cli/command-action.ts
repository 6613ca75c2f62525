/** Glue between commander and the commands: each action gets the resolved context first, then its arguments. */
import type { Command } from 'commander';
import { type Context, createContext, type GlobalOptions } from './context.ts';

/**
 * Wraps `fn` as a commander action. Commander calls actions with the positional arguments, then the options object,
 * then the command; `fn` gets the context, the positional arguments and the command's own options.
 */
export function action<Args extends unknown[], Options = Record<string, unknown>>(
  fn: (ctx: Context, options: Options, ...args: Args) => Promise<void>,
) {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const options = received.at(-2) as Options;
    const ctx = await createContext(command.optsWithGlobals<GlobalOptions>(), process.env);
    await fn(ctx, options, ...(received.slice(0, -2) as Args));
  };
}

/** Collects a repeatable option (`--tool a --tool b`) into an array. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
