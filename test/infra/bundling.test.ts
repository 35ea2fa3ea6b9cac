/**
 * The Lambda bundles esbuild produces at synth time. Each function ships `index.mjs` with a source
 * map that has no `sourcesContent`, bundles only the SDK clients it calls, and stays under its own
 * bound. The bounds sit ~3% above the sizes measured with Powertools Logger (README "Benchmarks"; floors:
 * ~566 KB for the API's four SDK clients, ~399 KB for DynamoDB + SES, ~478 KB for DynamoDB + S3):
 * growth fails here and is a decision, not an accident. Importing all of zod instead of zod/mini
 * would add ~420 KB, S3 and Step Functions in a workflow function ~170 KB (Powertools Logger, ~20 KB, is kept: a kept library beats a hand-written one),
 * the questionnaire text in the review function ~40 KB, the BAA checklist (read only by the API)
 * in a workflow function 8 KB: each fails here.
 * Synthesizes with bundling on, so it takes a few seconds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';
import { API_NODE_MODULES, LAMBDA_BUNDLING } from '#infra/constructs/bundling-options.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const KB = 1024;
const SDK_CLIENTS = ['client-dynamodb', 'client-sesv2', 'client-s3', 'client-sfn'] as const;
type Client = (typeof SDK_CLIENTS)[number];

/**
 * Per entry: the largest index.mjs accepted, the SDK clients it calls (written from what each
 * function does, not read from its composition), and source folders its bundle must not carry.
 */
const BOUNDS: Record<string, { maxBytes: number; clients: Client[]; notBundled: string[] }> = {
  // JSON API, console, portal: DynamoDB, mail, evidence and BAA documents (S3), workflow starts.
  'functions/api/handler.ts': {
    // 1,265 KB on the lean branch without Powertools; +53 KB when merged with issue 15's evidence
    // reuse and intake (ISO country list, offshore review, correction forms), +20 KB Powertools.
    maxBytes: 1_380 * KB,
    clients: ['client-dynamodb', 'client-sesv2', 'client-s3', 'client-sfn'],
    notBundled: [
      'node_modules/docx/',
      'node_modules/pdf-lib/',
      'node_modules/unpdf/',
      'node_modules/fflate/',
    ],
  },
  // Freezes the questionnaire it sends: the templates are in (and only here among the workflows).
  'functions/workflows/launch.ts': {
    maxBytes: 595 * KB,
    clients: ['client-dynamodb', 'client-sesv2'],
    notBundled: ['shared/http/', 'node_modules/hono/', 'shared/content/baa-clauses'],
  },
  'functions/workflows/review.ts': {
    maxBytes: 552 * KB,
    clients: ['client-dynamodb', 'client-sesv2'],
    notBundled: [
      'shared/content/questionnaires/hipaa-',
      'shared/content/baa-clauses',
      'shared/http/',
      'node_modules/hono/',
    ],
  },
  'functions/workflows/sweep.ts': {
    maxBytes: 572 * KB,
    clients: ['client-dynamodb', 'client-sesv2'],
    notBundled: [
      'shared/content/questionnaires/hipaa-',
      'shared/content/baa-clauses',
      'shared/http/',
      'node_modules/hono/',
    ],
  },
  // DynamoDB (the heads to publish) and S3 (the archive); no mail, no workflows.
  'functions/audit/publish-heads.ts': {
    maxBytes: 587 * KB,
    clients: ['client-dynamodb', 'client-s3'],
    notBundled: ['shared/content/', 'shared/email/', 'shared/http/'],
  },
};
/** In no function: zod's classic API (zod/mini is imported narrowly) and its locales. */
const NOWHERE = ['node_modules/zod/v4/classic/', 'node_modules/zod/v4/locales/de'];

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

  it('the shipped code holds the service ids of the clients each function calls, and only those', () => {
    const SERVICE_IDS: Record<Client, string> = {
      'client-dynamodb': 'DynamoDB_20120810',
      'client-sesv2': 'SimpleEmailService_v2',
      'client-s3': 'AmazonS3',
      'client-sfn': 'AWSStepFunctions',
    };
    for (const { entry, dir } of bundles) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      for (const client of SDK_CLIENTS) {
        const present = code.includes(SERVICE_IDS[client]);
        expect(present, `${entry}: ${client} in index.mjs`).toBe(BOUNDS[entry]!.clients.includes(client));
      }
    }
  });

  it('the document libraries are loaded by the routes that use them, never at init', () => {
    // They ship beside the bundle (node_modules); a static import of an external package is hoisted
    // to the top of index.mjs by esbuild and would load with every cold start (~2 MB of code).
    for (const { entry, dir } of bundles) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      for (const lib of API_NODE_MODULES) {
        const staticImport = new RegExp(`(?:from|import)\\s*["']${lib}["']`);
        expect(staticImport.test(code), `${entry} imports ${lib} statically`).toBe(false);
      }
    }
  });
});

/** What esbuild bundles for each entry, built with the options the CDK construct uses. */
describe('what each bundle is made of (esbuild metafile)', () => {
  const metafiles = new Map<string, Metafile>();
  beforeAll(async () => {
    for (const entry of Object.keys(BOUNDS)) {
      const result = await build({
        entryPoints: [join(ROOT, entry)],
        bundle: true,
        write: false,
        outfile: join(tmpdir(), 'baa-guard-metafile', 'index.mjs'),
        metafile: true,
        platform: LAMBDA_BUNDLING.platform,
        format: LAMBDA_BUNDLING.format,
        target: LAMBDA_BUNDLING.target,
        minify: LAMBDA_BUNDLING.minify,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        external: entry === 'functions/api/handler.ts' ? [...API_NODE_MODULES] : [],
        logLevel: 'error',
      });
      metafiles.set(entry, result.metafile);
    }
  }, 60_000);

  const inputsOf = (entry: string) => {
    const out = Object.values(metafiles.get(entry)!.outputs).find((o) => o.entryPoint)!;
    return Object.entries(out.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([path]) => path);
  };

  for (const [entry, bound] of Object.entries(BOUNDS)) {
    it(`${entry} bundles exactly the SDK clients it calls (${bound.clients.join(', ')})`, () => {
      const inputs = inputsOf(entry);
      for (const client of SDK_CLIENTS) {
        const bundled = inputs.some((p) => p.includes(`node_modules/@aws-sdk/${client}/`));
        expect(bundled, `${entry}: @aws-sdk/${client} bundled`).toBe(bound.clients.includes(client));
      }
    });

    it(`${entry} carries none of ${[...bound.notBundled, ...NOWHERE].join(', ')}`, () => {
      const inputs = inputsOf(entry);
      for (const path of [...bound.notBundled, ...NOWHERE]) {
        const hits = inputs.filter((p) => p.includes(path));
        expect(hits, `${entry} bundles ${path}`).toEqual([]);
      }
    });
  }
});
