/**
 * The built-in tools a skill may allow: their descriptions and input schemas for the model, and how each runs in the
 * run's sandbox. `ask_user` is not executed here: the workflow turns it into the `waiting` state.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ToolName } from '../../generated/routes.ts';
import { type CommandLimits, confine, runInSandbox, type Sandbox } from '../sandbox/sandbox.ts';

type JsonSchema = Record<string, unknown>;

export const toolSpecs: Record<ToolName, { description: string; inputSchema: JsonSchema }> = {
  read_file: {
    description: 'Read a text file from the sandbox (context files are under context/, your outputs under outputs/).',
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string' } },
      required: ['path'],
      additionalProperties: false,
    },
  },
  write_file: {
    description: 'Write a text file into outputs/ (the run keeps it as an output). The path is relative to outputs/.',
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string' }, content: { type: 'string' } },
      required: ['path', 'content'],
      additionalProperties: false,
    },
  },
  list_files: {
    description: 'List every file in the sandbox with its size.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  run_python: {
    description: 'Run Python 3 code with the sandbox as working directory; files it writes under outputs/ are kept.',
    inputSchema: {
      type: 'object',
      properties: { code: { type: 'string' } },
      required: ['code'],
      additionalProperties: false,
    },
  },
  run_shell: {
    description: 'Run a shell command with the sandbox as working directory.',
    inputSchema: {
      type: 'object',
      properties: { command: { type: 'string' } },
      required: ['command'],
      additionalProperties: false,
    },
  },
  ask_user: {
    description: 'Ask the person who started the run a question and wait for the answer.',
    inputSchema: {
      type: 'object',
      properties: { question: { type: 'string' } },
      required: ['question'],
      additionalProperties: false,
    },
  },
};

export interface ToolOutcome {
  output: string;
  isError: boolean;
}

export interface ToolContext {
  box: Sandbox;
  limits: CommandLimits;
  python: string;
  signal: AbortSignal;
  onOutput: (chunk: string) => void;
  callId: string;
}

const MAX_READ = 256 * 1024;

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.name === '.skillplane') continue;
    if (e.isDirectory()) out.push(...(await listFiles(full, base)));
    else if (e.isFile()) out.push(`${path.relative(base, full)} (${(await stat(full)).size} bytes)`);
  }
  return out.sort();
}

function commandOutcome(result: Awaited<ReturnType<typeof runInSandbox>>): ToolOutcome {
  const status = result.timedOut
    ? 'timed out'
    : result.cancelled
      ? 'cancelled'
      : result.exitCode === 0
        ? 'exit code 0'
        : `exit code ${result.exitCode ?? result.signal}`;
  return { output: `${result.output}\n[${status}]`.trim(), isError: result.exitCode !== 0 };
}

export async function executeTool(
  name: string,
  input: Record<string, unknown>,
  ctx: ToolContext,
): Promise<ToolOutcome> {
  const str = (key: string) => {
    const v = input[key];
    if (typeof v !== 'string') throw new ToolInputError(`${key} must be a string`);
    return v;
  };
  switch (name) {
    case 'read_file': {
      const file = confine(ctx.box.root, str('path'));
      const buf = await readFile(file);
      return { output: buf.subarray(0, MAX_READ).toString('utf8'), isError: false };
    }
    case 'write_file': {
      const rel = str('path').replace(/^outputs\//, '');
      const file = confine(ctx.box.outputs, rel);
      await mkdir(path.dirname(file), { recursive: true });
      const content = str('content');
      await writeFile(file, content);
      return {
        output: `wrote outputs/${path.relative(ctx.box.outputs, file)} (${Buffer.byteLength(content)} bytes)`,
        isError: false,
      };
    }
    case 'list_files':
      return { output: (await listFiles(ctx.box.root)).join('\n') || '(empty)', isError: false };
    case 'run_python': {
      const scripts = path.join(ctx.box.root, '.skillplane');
      await mkdir(scripts, { recursive: true });
      const script = path.join(scripts, `${createHash('sha256').update(ctx.callId).digest('hex').slice(0, 16)}.py`);
      await writeFile(script, str('code'));
      return commandOutcome(
        await runInSandbox(ctx.box, [ctx.python, script], ctx.limits, { signal: ctx.signal, onOutput: ctx.onOutput }),
      );
    }
    case 'run_shell':
      return commandOutcome(
        await runInSandbox(ctx.box, ['sh', '-c', str('command')], ctx.limits, {
          signal: ctx.signal,
          onOutput: ctx.onOutput,
        }),
      );
    default:
      return { output: `Unknown tool ${name}`, isError: true };
  }
}

/** Bad input from the model: reported back to it as a tool error rather than failing the run. */
export class ToolInputError extends Error {}
