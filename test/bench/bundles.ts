/**
 * Bundle size and cold init of each Lambda against its floor: the same function importing only the
 * SDK clients (and commands) it calls, bundled with the same esbuild options and loaded with the
 * same NODE_OPTIONS. What a function adds above its floor is its own code (rules, schemas, pages).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { API_NODE_MODULES, LAMBDA_BUNDLING } from '#infra/constructs/bundling-options.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const DDB = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, QueryCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const commands = [GetCommand, PutCommand, UpdateCommand, QueryCommand, DeleteCommand];`;
const SES = `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const ses = new SESv2Client({ region: 'us-east-1' });`;
const S3 = `import { S3Client, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
const s3 = new S3Client({ region: 'us-east-1' });`;
const S3_ARCHIVE = `import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ region: 'us-east-1' });`;
const SFN = `import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
const sfn = new SFNClient({ region: 'us-east-1' });`;

export interface FunctionUnderTest {
  name: string;
  entry: string;
  /** Packages shipped beside the bundle rather than inlined (as the CDK construct does). */
  external?: readonly string[];
  /** The floor's source: the SDK clients and commands this function calls, nothing else. */
  floor: string;
}

export const FUNCTIONS: FunctionUnderTest[] = [
  {
    name: 'api',
    entry: 'functions/api/handler.ts',
    external: API_NODE_MODULES,
    floor: `${DDB}\n${SES}\n${S3}\n${SFN}\nexport const handler = async (e) => [ddb, ses, s3, sfn, commands, SendEmailCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, getSignedUrl, StartExecutionCommand, e].length;`,
  },
  ...['launch', 'review', 'sweep'].map((name) => ({
    name,
    entry: `functions/workflows/${name}.ts`,
    floor: `${DDB}\n${SES}\nexport const handler = async (e) => [ddb, ses, commands, SendEmailCommand, e].length;`,
  })),
  {
    name: 'publish-heads',
    entry: 'functions/audit/publish-heads.ts',
    floor: `${DDB}\n${S3_ARCHIVE}\nexport const handler = async (e) => [ddb, s3, commands, GetObjectCommand, PutObjectCommand, e].length;`,
  },
];

export interface BuiltBundle {
  file: string;
  bytes: number;
  mapBytes: number;
}

async function bundle(
  input: { entry: string; external?: readonly string[] } | { source: string },
  outdir: string,
  name: string,
): Promise<BuiltBundle> {
  const dir = join(outdir, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  await build({
    ...('entry' in input
      ? { entryPoints: [join(ROOT, input.entry)] }
      : { stdin: { contents: input.source, resolveDir: ROOT, loader: 'js', sourcefile: `${name}.mjs` } }),
    bundle: true,
    outfile: file,
    platform: LAMBDA_BUNDLING.platform,
    format: LAMBDA_BUNDLING.format,
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    ...('external' in input && input.external ? { external: [...input.external] } : {}),
    logLevel: 'error',
  });
  // Externals ship beside the bundle in the Lambda zip: link the project's node_modules so that
  // loading the bundle (the init measure) finds them the same way.
  if ('external' in input && input.external?.length)
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size };
}

/**
 * Module load of `file` in a fresh Node process (what a Lambda cold start pays for our code): wall
 * time, and the CPU time the process spent on it (user + system, all threads: parse, compile,
 * evaluation, GC). On a shared machine the wall time mostly measures the queue for a core; the CPU
 * time is the work itself, which is what a Lambda's init does on its own vCPU share.
 */
export function initTime(file: string): Promise<{ wallMs: number; cpuMs: number }> {
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); await import(${JSON.stringify(`file://${file}`)}); const t1 = performance.now(); const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify({ wallMs: t1 - t0, cpuMs: (c.user + c.system) / 1000 }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: LAMBDA_BUNDLING.nodeOptions,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        LOG_LEVEL: 'SILENT',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`init of ${file} failed: ${err}`)),
    );
  });
}

export interface BundleFigures {
  name: string;
  bytes: number;
  floorBytes: number;
  mapBytes: number;
  /** Median CPU time of the module load (the figure held against the target). */
  initMs: number;
  floorInitMs: number;
  /** Median wall time of the module load (load-sensitive; shown for information). */
  initWallMs: number;
  floorInitWallMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Builds every function and its floor, then times their init interleaved (`runs` each, median). */
export async function measureBundles(runs = 15, log: (line: string) => void = () => {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'baa-guard-bench-bundles-'));
  try {
    const figures: BundleFigures[] = [];
    for (const fn of FUNCTIONS) {
      const ours = await bundle(
        { entry: fn.entry, ...(fn.external ? { external: fn.external } : {}) },
        outdir,
        fn.name,
      );
      const floor = await bundle({ source: fn.floor }, outdir, `${fn.name}-floor`);
      const ourTimes: { wallMs: number; cpuMs: number }[] = [];
      const floorTimes: { wallMs: number; cpuMs: number }[] = [];
      // Interleaved, so machine load hits both alike.
      for (let i = 0; i < runs; i++) {
        ourTimes.push(await initTime(ours.file));
        floorTimes.push(await initTime(floor.file));
      }
      const cpu = (times: typeof ourTimes) => median(times.map((t) => t.cpuMs));
      const wall = (times: typeof ourTimes) => median(times.map((t) => t.wallMs));
      const f: BundleFigures = {
        name: fn.name,
        bytes: ours.bytes,
        floorBytes: floor.bytes,
        mapBytes: ours.mapBytes,
        initMs: cpu(ourTimes),
        floorInitMs: cpu(floorTimes),
        initWallMs: wall(ourTimes),
        floorInitWallMs: wall(floorTimes),
      };
      log(
        `  ${fn.name}: ${(f.bytes / 1024).toFixed(0)} KB (floor ${(f.floorBytes / 1024).toFixed(0)} KB), init ${f.initMs.toFixed(0)} ms CPU (floor ${f.floorInitMs.toFixed(0)} ms), ${f.initWallMs.toFixed(0)} ms wall (floor ${f.floorInitWallMs.toFixed(0)} ms)`,
      );
      figures.push(f);
    }
    return figures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
