/**
 * Which method of the TypeScript client calls which operation of the OpenAPI document, read from the client's source
 * with the TypeScript parser: each namespace method's requests (`api.GET('/api/v1/…')`, `raw('POST', `/api/v1/…`)`)
 * and those of the private helpers it calls, matched to the document's method and path templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../src/config.ts';

export interface DocumentOperation {
  operationId: string;
  method: string;
  path: string;
}

export interface SdkMethod {
  /** `client.skillRuns.events` */
  name: string;
  /** The requests it makes, as `METHOD /path/{}/…` (parameters blanked). */
  requests: Set<string>;
}

const clientSrc = path.join(projectRoot, 'clients/typescript/src');
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `/a/{run_id}/b` and `/a/${encodeURIComponent(id)}/b` both as `/a/{}/b`. */
const blank = (p: string) => p.replace(/\{[^}]*\}/g, '{}');
export const requestKey = (method: string, p: string) => `${method.toUpperCase()} ${blank(p)}`;

export function documentOperations(): DocumentOperation[] {
  const document = JSON.parse(readFileSync(path.join(projectRoot, 'generated/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return Object.entries(document.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([method, op]) => HTTP_METHODS.has(method) && op.operationId)
      .map(([method, op]) => ({ operationId: op.operationId!, method: method.toUpperCase(), path: p })),
  );
}

/** A path argument: a string literal, or a template whose substitutions are path parameters. */
function pathText(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join('');
  return undefined;
}

/** `this.#c.api.GET(path, …)` or `this.#c.raw('GET', path, …)`: the request; `this.#x(…)` / `this.x(…)`: a member. */
function visitCalls(node: ts.Node, requests: Set<string>, calls: Set<string>) {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const callee = node.expression;
    const name = callee.name.text;
    const [first, second] = node.arguments;
    if (
      HTTP_METHODS.has(name.toLowerCase()) &&
      name === name.toUpperCase() &&
      callee.expression.getText() === 'this.#c.api'
    ) {
      const p = pathText(first);
      if (p) requests.add(requestKey(name, p));
    } else if (name === 'raw' && callee.expression.getText() === 'this.#c' && first && ts.isStringLiteral(first)) {
      const p = pathText(second);
      if (p) requests.add(requestKey(first.text, p));
    } else if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      calls.add(name);
    }
  }
  ts.forEachChild(node, (child) => visitCalls(child, requests, calls));
}

/** The client's namespaces (`this.skillRuns = new SkillRuns(core)` in client.ts): class name → property. */
function namespaces(): Map<string, string> {
  const source = readFileSync(path.join(clientSrc, 'client.ts'), 'utf8');
  return new Map([...source.matchAll(/this\.(\w+) = new (\w+)\(core\)/g)].map((m) => [m[2]!, m[1]!]));
}

/** Every public method of every namespace class, with the requests it (or a member it calls) makes. */
export function sdkMethods(): SdkMethod[] {
  const properties = namespaces();
  const dir = path.join(clientSrc, 'resources');
  const methods: SdkMethod[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const property = properties.get(statement.name.text);
      if (!property) continue;
      const members = new Map<string, { requests: Set<string>; calls: Set<string>; isPublic: boolean }>();
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.body) continue;
        const name = member.name.getText();
        const requests = new Set<string>();
        const calls = new Set<string>();
        visitCalls(member.body, requests, calls);
        members.set(name, { requests, calls, isPublic: !name.startsWith('#') });
      }
      const reach = (name: string, seen: Set<string>, into: Set<string>) => {
        const member = members.get(name);
        if (!member || seen.has(name)) return;
        seen.add(name);
        for (const r of member.requests) into.add(r);
        for (const callee of member.calls) reach(callee, seen, into);
      };
      for (const [name, member] of members) {
        if (!member.isPublic) continue;
        const requests = new Set<string>();
        reach(name, new Set(), requests);
        methods.push({ name: `client.${property}.${name}`, requests });
      }
    }
  }
  return methods;
}

/** Each operation of the document with the client methods that call it. */
export function operationCoverage(): Array<DocumentOperation & { methods: string[] }> {
  const methods = sdkMethods();
  return documentOperations().map((op) => ({
    ...op,
    methods: methods.filter((m) => m.requests.has(requestKey(op.method, op.path))).map((m) => m.name),
  }));
}
