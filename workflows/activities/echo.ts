/** The echo activity: answers with the worker's identity so tests can tell which worker process ran a step. */
import { Context } from '@temporalio/activity';

export function createEchoActivities(identity: string) {
  return {
    async echo(message: string): Promise<string> {
      Context.current().heartbeat();
      return `${message} from ${identity}`;
    },
  };
}

export type EchoActivities = ReturnType<typeof createEchoActivities>;
