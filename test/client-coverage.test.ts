/**
 * The TypeScript client covers the whole API: every operation of the served document (generated/openapi.json) is
 * called by a method of a client namespace, and every request a namespace method makes is an operation of the
 * document (a path typed by hand in a `raw` call cannot drift from it). Read from the client's source, so a new
 * operation without a client method fails here, naming it.
 */
import { describe, expect, it } from 'vitest';
import { documentOperations, operationCoverage, requestKey, sdkMethods } from './support/sdk-operations.ts';

const coverage = operationCoverage();

describe('the client and the document', () => {
  it('finds every operation of the document', () => {
    // The document has operations of every tag; the analysis below would pass vacuously on an empty list.
    expect(coverage.length).toBeGreaterThan(100);
  });

  it.each(coverage)('$operationId ($method $path) has a client method', ({ methods }) => {
    expect(methods).not.toEqual([]);
  });

  it('has no namespace method that calls nothing in the document, or a request the document does not have', () => {
    const documented = new Set(documentOperations().map((op) => requestKey(op.method, op.path)));
    const methods = sdkMethods();
    expect(methods.length).toBeGreaterThan(100);
    const strays = methods.flatMap((m) =>
      m.requests.size === 0
        ? [`${m.name}: no request`]
        : [...m.requests].filter((r) => !documented.has(r)).map((r) => `${m.name}: ${r}`),
    );
    expect(strays).toEqual([]);
  });
});
