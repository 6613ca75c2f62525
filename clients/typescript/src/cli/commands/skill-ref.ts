/** Skills are named by id (`skill_…`) or by name within the workspace, which is what people remember. */
import type { Skillplane } from '../../index.ts';
import { clientFor, workspaceClient } from '../client.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const isSkillId = (ref: string) => /^skill_[0-9A-Za-z]+$/.test(ref);

export async function resolveSkillId(client: Skillplane, ref: string): Promise<string> {
  if (isSkillId(ref)) return ref;
  for await (const skill of client.skills.list({ limit: 100 })) {
    if (skill.name === ref) return skill.id;
  }
  throw new CliError(`no skill named "${ref}" in this workspace`, ExitCode.notFound);
}

/** A client for a command about one skill: only a name needs the workspace it is looked up in. */
export const skillClient = (ctx: Context, ref: string) => (isSkillId(ref) ? clientFor(ctx) : workspaceClient(ctx));
