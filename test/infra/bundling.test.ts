/**
 * The Lambda bundles esbuild produces at synth time. Each function ships `index.mjs` with a source
 * map that has no `sourcesContent`, bundles only the SDK clients it calls (the workflow functions
 * neither S3 nor Step Functions), and stays under its own bound. The bounds sit ~8% above today's
 * sizes; their floors (the same function importing only its SDK clients, `npm run bench`) are
 * ~566 KB for the API and ~399 KB for the workflow functions. Importing all of zod instead of
 * zod/mini would add ~420 KB, S3 and Step Functions in a workflow function ~170 KB: both fail here.
 * Synthesizes with bundling on, so it takes a few seconds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const KB = 1024;
/** Per entry: the largest index.mjs accepted, and the AWS service ids its bundle must not contain. */
const BOUNDS: Record<string, { maxBytes: number; forbidden: string[] }> = {
  'functions/api/handler.ts': { maxBytes: 1_350 * KB, forbidden: [] },
  'functions/workflows/launch.ts': { maxBytes: 600 * KB, forbidden: ['AmazonS3', 'AWSStepFunctions'] },
  'functions/workflows/review.ts': { maxBytes: 600 * KB, forbidden: ['AmazonS3', 'AWSStepFunctions'] },
  'functions/workflows/sweep.ts': { maxBytes: 590 * KB, forbidden: ['AmazonS3', 'AWSStepFunctions'] },
  // DynamoDB (the heads to publish) and S3 (the archive); no mail, no workflows.
  'functions/audit/publish-heads.ts': { maxBytes: 600 * KB, forbidden: ['AWSStepFunctions'] },
};

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
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

describe('Lambda bundles', () => {
  it('every function ships index.mjs with a source map without sourcesContent', () => {
    expect(bundles.length).toBeGreaterThan(0);
    for (const { entry, dir } of bundles) {
      expect(existsSync(join(dir, 'index.mjs')), `${entry}: no index.mjs in ${dir}`).toBe(true);
      const map = join(dir, 'index.mjs.map');
      expect(existsSync(map), `${entry}: no index.mjs.map in ${dir}`).toBe(true);
      const parsed = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(parsed.sources.length, `${entry}: the map names its sources`).toBeGreaterThan(0);
      expect(parsed.sourcesContent, `${entry}: the map carries sourcesContent`).toBeUndefined();
    }
  });

  it('every function has a bound, and the bounds name only functions that exist', () => {
    expect(bundles.map((b) => b.entry).sort()).toEqual(Object.keys(BOUNDS).sort());
  });

  it('each bundle is under its own bound', () => {
    const sizes = bundles.map(({ entry, dir }) => ({ entry, bytes: size(join(dir, 'index.mjs')) }));
    console.info(
      `Lambda bundle sizes (index.mjs):\n${sizes.map((s) => `  ${s.entry}: ${kb(s.bytes)}`).join('\n')}`,
    );
    for (const { entry, bytes } of sizes) {
      const bound = BOUNDS[entry]!.maxBytes;
      expect(bytes, `${entry} bundles to ${kb(bytes)} (bound ${kb(bound)})`).toBeLessThan(bound);
    }
  });

  it('the workflow functions bundle neither S3 nor Step Functions (they never call them)', () => {
    for (const { entry, dir } of bundles) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code, `${entry} has no DynamoDB client`).toContain('DynamoDB_20120810');
      for (const service of BOUNDS[entry]!.forbidden) {
        expect(code.includes(service), `${entry} bundles the ${service} client`).toBe(false);
      }
    }
  });
});
