/**
 * The command tree. Every command gets `--help`; the root's help adds the environment variables, and every
 * command's help the exit codes, so a script author finds them where they look.
 */
import { Command } from 'commander';
import { registerArtifacts } from './commands/artifacts.ts';
import { registerAuth } from './commands/auth.ts';
import { registerChat } from './commands/chat.ts';
import { registerConnectors } from './commands/connectors.ts';
import { registerConversations } from './commands/conversations.ts';
import { registerFiles } from './commands/files.ts';
import { registerKeys } from './commands/keys.ts';
import { registerMemories } from './commands/memories.ts';
import { registerProjects } from './commands/projects.ts';
import { registerRuns } from './commands/runs.ts';
import { registerSchedules } from './commands/schedules.ts';
import { registerScratchpads } from './commands/scratchpads.ts';
import { registerSkills } from './commands/skills.ts';
import { registerEventsAndDeliveries } from './commands/webhook-events.ts';
import { registerWebhooks } from './commands/webhooks.ts';
import { registerWorkspaces } from './commands/workspaces.ts';
import { EXIT_CODES_HELP } from './exit-codes.ts';

const ENVIRONMENT_HELP = `
Environment:
  SKILLPLANE_API_URL     the API's address (over the stored one; --api-url wins over both)
  SKILLPLANE_API_KEY     an API key to use instead of the stored credential
  SKILLPLANE_WORKSPACE   the workspace to act in (over the stored default; --workspace wins over both)
  XDG_CONFIG_HOME        where config.json is kept: $XDG_CONFIG_HOME/skillplane, else ~/.config/skillplane`;

export function createProgram(version: string): Command {
  const program = new Command('skillplane')
    .description('Run AI skills on a Skillplane server from the command line.')
    .version(version)
    .option('--api-url <url>', 'the API to talk to (default: stored by login, else http://127.0.0.1:3000)')
    .option('-w, --workspace <id>', 'the workspace to act in (default: the one chosen with `workspaces use`)')
    .option('--json', 'print JSON for scripts instead of tables')
    .showHelpAfterError('(run with --help for usage)')
    // Thrown instead of exiting, so main() maps them onto the documented exit codes.
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', ENVIRONMENT_HELP)
    .addHelpText('afterAll', `${EXIT_CODES_HELP}\n`);
  registerAuth(program);
  registerWorkspaces(program);
  registerSkills(program);
  registerFiles(program);
  registerRuns(program);
  registerSchedules(program);
  registerConnectors(program);
  registerProjects(program);
  registerConversations(program);
  registerChat(program);
  registerMemories(program);
  registerArtifacts(program);
  registerScratchpads(program);
  registerKeys(program);
  registerWebhooks(program);
  registerEventsAndDeliveries(program);
  return program;
}
