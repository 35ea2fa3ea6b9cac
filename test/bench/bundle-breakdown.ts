/**
 * What takes the space in each Lambda bundle, from esbuild's metafile: bytes in index.mjs by
 * package (node_modules) and by our folders (shared/<folder>, functions/<folder>), beside the floor.
 *
 *   node test/bench/bundle-breakdown.ts                 every function
 *   node test/bench/bundle-breakdown.ts review --files  one function, and its 30 largest files
 */
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { LAMBDA_BUNDLING } from '#infra/constructs/bundling-options.ts';
import { FUNCTIONS } from './bundles.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
const showFiles = args.includes('--files');

const options = {
  bundle: true,
  write: false as const,
  metafile: true as const,
  outfile: join(ROOT, 'index.mjs'),
  platform: LAMBDA_BUNDLING.platform,
  format: LAMBDA_BUNDLING.format,
  target: LAMBDA_BUNDLING.target,
  minify: LAMBDA_BUNDLING.minify,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  logLevel: 'error',
} satisfies BuildOptions;

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; `shared/http/pages/x.ts` → `shared/http`. */
const groupOf = (path: string) =>
  path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.split('/').slice(0, 2).join('/');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);

for (const fn of FUNCTIONS.filter((f) => names.length === 0 || names.includes(f.name))) {
  const [ours, floor] = await Promise.all([
    build({ ...options, entryPoints: [join(ROOT, fn.entry)], external: [...(fn.external ?? [])] }),
    build({ ...options, stdin: { contents: fn.floor, resolveDir: ROOT, loader: 'js' } }),
  ]);
  const output = (m: typeof ours.metafile) => Object.values(m.outputs).find((o) => o.entryPoint || o.inputs)!;
  const out = output(ours.metafile);
  const floorOut = output(floor.metafile);
  const byGroup = (inputs: typeof out.inputs) => {
    const groups = new Map<string, number>();
    for (const [path, { bytesInOutput }] of Object.entries(inputs))
      groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + bytesInOutput);
    return groups;
  };
  const groups = byGroup(out.inputs);
  const floorGroups = byGroup(floorOut.inputs);
  console.log(
    `\n${fn.name}: ${kb(out.bytes).trim()} (floor ${kb(floorOut.bytes).trim()}, ${(out.bytes / floorOut.bytes).toFixed(2)}×)`,
  );
  console.log(`${'ours'.padStart(10)} ${'floor'.padStart(10)}  package or folder`);
  for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1])) {
    if (bytes < 512) continue;
    const f = floorGroups.get(group);
    console.log(`${kb(bytes)} ${f ? kb(f) : ''.padStart(10)}  ${group}`);
  }
  if (showFiles) {
    console.log('\nlargest files:');
    for (const [path, { bytesInOutput }] of Object.entries(out.inputs)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 30))
      console.log(`${kb(bytesInOutput)}  ${path}`);
  }
}
