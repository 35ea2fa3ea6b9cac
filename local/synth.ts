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
import { buildApp } from '#infra/build-app.ts';
import type { CfnTemplate } from './template.ts';

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

if (import.meta.main) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node local/synth.ts <out.json>');
    process.exit(2);
  }
  // Write then rename: a concurrent reader sees the old file or the whole new one, never half.
  const partial = `${out}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(synthesizeTemplate()));
  renameSync(partial, out);
}
