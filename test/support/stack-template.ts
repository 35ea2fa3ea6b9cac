/**
 * The synthesized CloudFormation template for the infra tests, and helpers to read it. The app is
 * built the way the local runtime builds it (cdk.json context, asset bundling skipped), once per test
 * file that calls `useSynthesizedStack()`; `template` and `resources` are live bindings set by it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
}
export interface Statement {
  Effect: string;
  Action?: string | string[];
  Principal?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}
export interface State {
  Type: string;
  Resource?: unknown;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}
export interface Definition {
  QueryLanguage?: string;
  States: Record<string, State>;
}

/** The errors CDK's `retryOnServiceExceptions` retries (Step Functions best practice for Lambda). */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

let outdir: string | undefined;
export let template: Template;
export let resources: Record<string, Resource>;

/** Synthesizes the stack before the file's tests and removes its output afterwards. */
export function useSynthesizedStack(): void {
  beforeAll(() => {
    const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    outdir = mkdtempSync(join(tmpdir(), 'baa-guard-infra-'));
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    template = Template.fromStack(buildApp(app));
    resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
  });
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });
}

export const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
export const onlyOfType = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, `expected exactly one ${type}, found ${found.map(([id]) => id).join(', ')}`).toHaveLength(1);
  return found[0]!;
};
export const props = <T>(r: Resource) => (r.Properties ?? {}) as T;
export const asArray = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/**
 * Renders a CloudFormation value as a string: `Fn::Join` parts are concatenated and every other
 * intrinsic becomes a placeholder (`<Ref:Id>`, `<Id.Attr>`), which keeps JSON in a joined string valid.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if ('Ref' in o) return `<Ref:${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return '<token>';
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
export function refTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  if (Array.isArray(o['Fn::GetAtt'])) return String(o['Fn::GetAtt'][0]);
  return undefined;
}

export const keyId = () => onlyOfType('AWS::KMS::Key')[0];
export const stateMachines = () => ofType('AWS::StepFunctions::StateMachine');
export const functions = () => ofType('AWS::Lambda::Function');

/** Every Task state of a definition, Map item processors and Parallel branches included. */
export function taskStates(
  states: Record<string, State>,
  path = '',
): { name: string; path: string; state: State }[] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [{ name, path: `${path}${name}`, state }] : []),
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]
      .filter((p): p is { States: Record<string, State> } => Boolean(p))
      .flatMap((p) => taskStates(p.States, `${path}${name} > `)),
  ]);
}
export const isCatchTarget = (name: string) => /^Record\w*Failure$/.test(name);
