/** Skills are named by id (`skill_…`) or by name within the workspace, which is what people remember. */
import type { Skillplane } from '../../index.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

export async function resolveSkillId(client: Skillplane, ref: string): Promise<string> {
  if (/^skill_[0-9A-Za-z]+$/.test(ref)) return ref;
  for await (const skill of client.skills.list({ limit: 100 })) {
    if (skill.name === ref) return skill.id;
  }
  throw new CliError(`no skill named "${ref}" in this workspace`, ExitCode.notFound);
}
