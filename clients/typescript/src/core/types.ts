/**
 * Types derived from the OpenAPI document (generated/api.ts): request bodies, queries and answers are named by
 * operation id, so nothing here restates a field the document already defines.
 */
import type { components, operations, Readable, Writable } from '../generated/api.ts';

type Op = keyof operations;
type Content<T> = T extends { content: infer C } ? C : never;
type Json<T> = T extends { 'application/json': infer J } ? J : never;

/** The JSON request body of an operation, as the client sends it (read-only fields removed). */
export type RequestBody<O extends Op> = Writable<Json<Content<NonNullable<operations[O]['requestBody']>>>>;

/** The query parameters of an operation. */
export type Query<O extends Op> = NonNullable<operations[O]['parameters']['query']>;

type Success<R> = { [S in keyof R]: S extends 200 | 201 | 202 ? Json<Content<R[S]>> : never }[keyof R];
/** The JSON answer of an operation's success status (write-only fields removed). */
export type Result<O extends Op> = Readable<Success<operations[O]['responses']>>;

/** A schema of the document by name, as the server sends it. */
export type Schema<N extends keyof components['schemas']> = Readable<components['schemas'][N]>;

export type Problem = Schema<'Problem'>;
export type SkillRunEvent = Schema<'SkillRunEvent'>;
export type ResponseStreamEvent = Schema<'ResponseStreamEvent'>;
export type RunStatus = Schema<'RunStatus'>;
