/**
 * Test services from Docker via testcontainers (SKILLPLANE_TEST_SERVICES=testcontainers). Needs a Docker engine,
 * which CI machines here do not have, so this path is not exercised in CI.
 */
import { DEV_SERVER_TUNING } from '../../src/dev/temporal-dev-server.ts';
import type { TestServices } from './embedded-services.ts';

export async function startContainerServices(): Promise<TestServices> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const pg = await new GenericContainer('postgres:18')
    .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const temporal = await new GenericContainer('temporalio/temporal:latest')
    .withCommand(['server', 'start-dev', '--ip', '0.0.0.0', '--headless', ...DEV_SERVER_TUNING])
    .withExposedPorts(7233)
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  return {
    adminUrl: `postgres://postgres:postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`,
    temporalAddress: `${temporal.getHost()}:${temporal.getMappedPort(7233)}`,
    stop: async () => {
      await Promise.all([pg.stop(), temporal.stop()]);
    },
  };
}
