/**
 * Finds the Temporal CLI (which contains `temporal server start-dev`): an explicit path, `temporal` on PATH, a build
 * cached under ~/.cache/skillplane, or a build with Go, since no registry this project can reach ships a Temporal
 * binary. v1.5.1 is the newest tag `go install` accepts (later ones use `replace` directives).
 */
import { ensureGoTool, type GoTool } from './go-tool.ts';

const temporalCli: GoTool = {
  command: 'temporal',
  version: '1.5.1',
  module: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
  hint:
    'The Temporal CLI is needed for the local Temporal server. Install it (`temporal` on PATH), set TEMPORAL_CLI_PATH, ' +
    'install Go so Skillplane can build it, or point TEMPORAL_ADDRESS at a running Temporal server.',
};

export function ensureTemporalCli(
  options: { explicitPath?: string | undefined; log?: (msg: string) => void } = {},
): Promise<string> {
  return ensureGoTool(temporalCli, options);
}
