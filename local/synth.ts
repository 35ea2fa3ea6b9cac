/**
 * Synthesizes the CDK app for the local runtime (asset bundling skipped) and returns the stack's
 * CloudFormation template. Run as a child process by local/template-cache.ts — `node local/synth.ts
 * <out.json>` — so the ~400 MB that aws-cdk-lib occupies while synthesizing is returned to the
 * system when the child exits instead of staying in the runtime's heap.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { StateMachine } from 'aws-local-stepfunctions';
import { buildApp } from '#infra/build-app.ts';
import { type CfnTemplate, workflowDefinitions } from './template.ts';

const ROOT = join(import.meta.dirname, '..');

export function synthesizeTemplate(): CfnTemplate {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const outdir = mkdtempSync(join(tmpdir(), 'baa-guard-synth-'));
  try {
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const stack = buildApp(app);
    return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Validates every state machine definition the way the local runner would (ASL schema, JSONPath),
 * once, here: the cached template is then trusted, and starts skip the ~1.7 s of validation.
 */
export function validateWorkflows(template: CfnTemplate): void {
  for (const def of Object.values(workflowDefinitions(template))) {
    try {
      new StateMachine(def.definition as unknown as ConstructorParameters<typeof StateMachine>[0], {
        validationOptions: { checkArn: false },
      });
    } catch (error) {
      throw new Error(`The ${def.name} state machine definition is invalid: ${(error as Error).message}`);
    }
  }
}

if (import.meta.main) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node local/synth.ts <out.json>');
    process.exit(2);
  }
  // Write then rename: a concurrent reader sees the old file or the whole new one, never half.
  const partial = `${out}.${process.pid}.partial`;
  const template = synthesizeTemplate();
  validateWorkflows(template);
  writeFileSync(partial, JSON.stringify(template));
  renameSync(partial, out);
}
