/**
 * The built-in tools a skill may allow: their descriptions and input schemas for the model, and how each runs in the
 * run's sandbox. `ask_user` is not executed here: the workflow turns it into the `waiting` state.
 */
import { chown, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ToolName } from '../../generated/routes.ts';
import { mimeTypeFor } from '../files/mime.ts';
import type { SandboxLimits } from '../sandbox/bwrap.ts';
import { type CommandResult, runDiskUse, runInSandbox } from '../sandbox/run-command.ts';
import { confineReal, type Sandbox } from '../sandbox/sandbox.ts';

type JsonSchema = Record<string, unknown>;

export const toolSpecs: Record<ToolName, { description: string; inputSchema: JsonSchema }> = {
  read_file: {
    description:
      'Read a file from the sandbox (context files are under context/, your outputs under outputs/). Binary files are described, with their first bytes in base64.',
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
    description: 'List every file in the sandbox (context/, outputs/ and your working directory) with its size.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  run_python: {
    description:
      'Run Python 3 code with the sandbox as working directory, confined: no network, only the sandbox writable (plus a small /tmp). Files it writes under outputs/ are kept.',
    inputSchema: {
      type: 'object',
      properties: { code: { type: 'string' } },
      required: ['code'],
      additionalProperties: false,
    },
  },
  run_shell: {
    description:
      'Run a shell command with the sandbox as working directory, confined: no network, only the sandbox writable (plus a small /tmp); context/ is read-only.',
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
  limits: SandboxLimits;
  /** The bubblewrap binary, or why there is no sandbox. */
  sandbox: { bwrap: string } | { why: string };
  python: string;
  signal: AbortSignal;
  onOutput: (chunk: string) => void;
  callId: string;
}

/** No sandbox could be had: commands are refused, never run unconfined. */
export class SandboxUnavailableError extends Error {}
/** The run went over its disk budget. */
export class DiskQuotaExceededError extends Error {}
/** Bad input from the model: reported back to it as a tool error rather than failing the run. */
export class ToolInputError extends Error {}

const MAX_READ = 256 * 1024;
const BINARY_PREVIEW = 4 * 1024;

/** Where a path the model names lives on the host: `context/…`, `outputs/…`, else the working directory. */
function hostPath(box: Sandbox, relative: string): Promise<string> {
  const rel = relative.replace(/^\/+/, '').replace(/^sandbox\//, '');
  const [first, ...rest] = rel.split('/');
  if (first === 'context') return confineReal(box.context, rest.join('/'));
  if (first === 'outputs') return confineReal(box.outputs, rest.join('/'));
  return confineReal(box.work, rel);
}

async function listFiles(dir: string, prefix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const shown = prefix ? `${prefix}/${e.name}` : e.name;
    if (!prefix && (e.name === 'context' || e.name === 'outputs')) continue;
    if (e.isDirectory()) out.push(...(await listFiles(full, shown)));
    else if (e.isFile()) out.push(`${shown} (${(await lstat(full)).size} bytes)`);
    else if (e.isSymbolicLink()) out.push(`${shown} (symlink)`);
  }
  return out;
}

/** Text as it is; anything else (NUL bytes, invalid UTF-8) described, with a base64 preview. */
export function describeContent(name: string, buf: Buffer, total: number): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const binary = buf.includes(0) || text.includes('\uFFFD');
  if (!binary) return total > buf.length ? `${text}\n[truncated: showing ${buf.length} of ${total} bytes]` : text;
  const preview = buf.subarray(0, BINARY_PREVIEW).toString('base64');
  return `[binary file, ${total} bytes, ${mimeTypeFor(name)}; first ${Math.min(BINARY_PREVIEW, buf.length)} bytes in base64]\n${preview}`;
}

function commandOutcome(result: CommandResult, limits: SandboxLimits): ToolOutcome {
  if (result.diskExceeded)
    throw new DiskQuotaExceededError(
      `The run went over its disk budget (${Math.round(limits.diskBytes / 1048576)} MB or ${limits.maxFiles} files).`,
    );
  const status = result.timedOut
    ? `timed out after ${Math.round(limits.timeoutMs / 1000)} s`
    : result.cancelled
      ? 'cancelled'
      : result.exitCode === 0
        ? 'exit code 0'
        : `exit code ${result.exitCode ?? result.signal}`;
  return { output: `${result.output}\n[${status}]`.trim(), isError: result.exitCode !== 0 };
}

async function runCommand(ctx: ToolContext, command: string[], stdin?: string): Promise<ToolOutcome> {
  if (!('bwrap' in ctx.sandbox)) throw new SandboxUnavailableError(ctx.sandbox.why);
  const result = await runInSandbox(ctx.sandbox.bwrap, ctx.box, command, ctx.limits, {
    signal: ctx.signal,
    onOutput: ctx.onOutput,
    ...(stdin === undefined ? {} : { stdin }),
  });
  return commandOutcome(result, ctx.limits);
}

export async function executeTool(
  name: string,
  input: Record<string, unknown>,
  ctx: ToolContext,
): Promise<ToolOutcome> {
  const str = (key: string) => {
    const v = input[key];
    if (typeof v !== 'string') throw new ToolInputError(`${key} must be a string`);
    if (key === 'path' && v.includes('\0')) throw new ToolInputError('path contains a NUL byte');
    return v;
  };
  switch (name) {
    case 'read_file': {
      const file = await hostPath(ctx.box, str('path'));
      const info = await lstat(file);
      if (!info.isFile()) return { output: `${str('path')} is not a file`, isError: true };
      const buf = await readFile(file);
      return { output: describeContent(file, buf.subarray(0, MAX_READ), buf.length), isError: false };
    }
    case 'write_file': {
      const rel = str('path')
        .replace(/^\/+/, '')
        .replace(/^outputs\//, '');
      const content = str('content');
      const use = await runDiskUse(ctx.box, ctx.limits);
      if (use.bytes + Buffer.byteLength(content) > ctx.limits.diskBytes || use.entries + 1 > ctx.limits.maxFiles)
        throw new DiskQuotaExceededError(
          `Writing ${rel} would take the run over its disk budget (${Math.round(ctx.limits.diskBytes / 1048576)} MB).`,
        );
      const file = await confineReal(ctx.box.outputs, rel);
      const created = await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, content, { mode: 0o600 });
      if (ctx.box.uid !== undefined) {
        // The run's uid must own what it may change later: the file and any directory made for it.
        for (let dir = path.dirname(file); created && dir.startsWith(created); dir = path.dirname(dir))
          await chown(dir, ctx.box.uid, ctx.box.uid);
        await chown(file, ctx.box.uid, ctx.box.uid);
      }
      return {
        output: `wrote outputs/${path.relative(ctx.box.outputs, file)} (${Buffer.byteLength(content)} bytes)`,
        isError: false,
      };
    }
    case 'list_files': {
      const files = [
        ...(await listFiles(ctx.box.context, 'context')),
        ...(await listFiles(ctx.box.outputs, 'outputs')),
        ...(await listFiles(ctx.box.work, '')),
      ].sort();
      return { output: files.join('\n') || '(empty)', isError: false };
    }
    case 'run_python':
      return runCommand(ctx, [ctx.python, '-'], str('code'));
    case 'run_shell':
      return runCommand(ctx, ['/bin/sh', '-c', str('command')]);
    default:
      return { output: `Unknown tool ${name}`, isError: true };
  }
}
