/**
 * The Lambda bundles esbuild produces at synth time: each function ships `index.mjs` with its source
 * map, and stays small enough for quick cold starts (under 1.2 MB: ~0.7 MB per workflow function and ~1.0 MB for the API today; importing all of zod instead of zod/mini would add ~420 KB). Synthesizes
 * with bundling on, so it takes a few seconds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_BUNDLE_BYTES = 1.2 * 1024 * 1024;

interface Bundle {
  entry: string;
  dir: string;
}

let outdir: string;
let bundles: Bundle[];

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  outdir = mkdtempSync(join(tmpdir(), 'baa-guard-bundle-'));
  const app = new App({ outdir, context: { ...cdkJson.context } });
  const stack = buildApp(app);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const resources = (artifact.template as { Resources: Record<string, Record<string, unknown>> }).Resources;
  // Each function's code is the zip of one file asset; the assets manifest names its directory.
  const assets = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  bundles = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id, r]) => {
      const key = String((r.Properties as { Code: { S3Key: unknown } }).Code.S3Key);
      const asset = assets.files[key.replace(/\.zip$/, '')];
      if (!asset) throw new Error(`${id}: no file asset for ${key}`);
      const entry = (r.Metadata as Record<string, unknown> | undefined)?.['baa:entry'];
      return { entry: String(entry ?? id), dir: join(outdir, asset.source.path) };
    });
}, 60_000);
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const size = (file: string) => statSync(file).size;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

describe('Lambda bundles', () => {
  it('every function ships index.mjs with its source map', () => {
    expect(bundles.length).toBeGreaterThan(0);
    for (const { entry, dir } of bundles) {
      expect(existsSync(join(dir, 'index.mjs')), `${entry}: no index.mjs in ${dir}`).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), `${entry}: no index.mjs.map in ${dir}`).toBe(true);
    }
  });

  it('every bundle is under 1.2 MB', () => {
    const sizes = bundles.map(({ entry, dir }) => ({ entry, bytes: size(join(dir, 'index.mjs')) }));
    console.info(
      `Lambda bundle sizes (index.mjs):\n${sizes.map((s) => `  ${s.entry}: ${mb(s.bytes)}`).join('\n')}`,
    );
    for (const { entry, bytes } of sizes) {
      expect(bytes, `${entry} bundles to ${mb(bytes)} (limit ${mb(MAX_BUNDLE_BYTES)})`).toBeLessThan(
        MAX_BUNDLE_BYTES,
      );
    }
  });
});
