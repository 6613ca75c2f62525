/** Which dependency errors become a 503 with Retry-After (the outage tests drive the real ones through the API). */
import { describe, expect, it } from 'vitest';
import { unavailableProblem } from '../src/app/unavailable.ts';

/** An error shaped as @grpc/grpc-js makes them for a failed call. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('unavailableProblem', () => {
  it('answers 503 ORCHESTRATOR_UNAVAILABLE for a Temporal call that timed out, was refused or was shed for load', () => {
    for (const code of [4, 8, 14]) {
      const wrapped = new Error('Failed to start Workflow', {
        cause: grpcError(code, 'namespace rate limit exceeded'),
      });
      const problem = unavailableProblem(wrapped);
      expect(problem?.status).toBe(503);
      expect(problem?.code).toBe('ORCHESTRATOR_UNAVAILABLE');
    }
  });

  it('leaves other Temporal errors (already started, invalid argument) to the handlers', () => {
    for (const code of [3, 6]) expect(unavailableProblem(grpcError(code, 'x'))).toBeUndefined();
  });
});
