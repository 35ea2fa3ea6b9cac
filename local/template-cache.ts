/**
 * The synthesized template, cached. Synthesizing the CDK app costs seconds and ~400 MB, so the
 * local runtime reads a cached copy keyed by a hash of everything the template is made from: the
 * infra sources and every project module they import (followed transitively), cdk.json, and the
 * CDK library versions. Change any of them and the key changes, so the next start synthesizes
 * again — in a child process (local/synth.ts) that exits, so the runtime never holds the CDK.
 *
 * The cache lives in node_modules/.cache/baa-guard (BAA_GUARD_CACHE_DIR overrides it); delete it
 * at will.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CfnTemplate } from './template.ts';

const ROOT = join(import.meta.dirname, '..');
/** Bump when the cached file's shape or the synthesis settings in local/synth.ts change. */
const CACHE_FORMAT = 2;
const ENTRIES = ['infra/app.ts', 'infra/build-app.ts', 'local/synth.ts'];
const ALIASES: Record<string, string> = {
  '#infra/': 'infra/',
  '#shared/': 'shared/',
  '#local/': 'local/',
  '#functions/': 'functions/',
};
const KEPT_TEMPLATES = 4;

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveSpecifier(from: string, specifier: string, root: string): string | undefined {
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) return join(root, folder, specifier.slice(alias.length));
  }
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  return undefined; // a package: covered by the versions in the key
}

/** The project files the template is made from: the infra entries and their transitive imports. */
export function templateSources(root = ROOT): string[] {
  const seen = new Set<string>();
  const queue = ENTRIES.map((e) => join(root, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveSpecifier(file, match[1] ?? match[2]!, root);
      if (target?.endsWith('.ts')) queue.push(target);
    }
  }
  return [...seen].sort();
}

const versionOf = (root: string, pkg: string) => {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'absent';
  }
};

/** The cache key: a hash of the template's sources, cdk.json and the CDK versions. */
export function templateCacheKey(root = ROOT): string {
  const hash = createHash('sha256');
  hash.update(`format ${CACHE_FORMAT}\n`);
  for (const pkg of ['aws-cdk-lib', 'constructs']) hash.update(`${pkg}@${versionOf(root, pkg)}\n`);
  for (const file of [...templateSources(root), join(root, 'cdk.json')]) {
    hash.update(`${relative(root, file)}\n`);
    hash.update(existsSync(file) ? readFileSync(file) : 'absent');
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 24);
}

function synthesizeInChild(root: string, out: string): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(root, 'local', 'synth.ts'), out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', rej);
    child.on('exit', (code) =>
      code === 0
        ? res()
        : rej(new Error(`Synthesizing the CDK app failed (exit ${code}):\n${stderr.trim().slice(-4000)}`)),
    );
  });
}

/** Removes all but the newest few cached templates. */
function prune(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => /^template-[0-9a-f]+\.json$/.test(f))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(KEPT_TEMPLATES)) rmSync(join(dir, f), { force: true });
}

export interface LoadedTemplate {
  template: CfnTemplate;
  /** True when the template came from the cache (no synthesis on this start). */
  cached: boolean;
  file: string;
}

export async function loadTemplate(
  options: { root?: string; cacheDir?: string } = {},
): Promise<LoadedTemplate> {
  const root = options.root ?? ROOT;
  const dir =
    options.cacheDir ?? process.env.BAA_GUARD_CACHE_DIR ?? join(root, 'node_modules', '.cache', 'baa-guard');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template-${templateCacheKey(root)}.json`);
  let cached = true;
  if (!existsSync(file)) {
    cached = false;
    await synthesizeInChild(root, file);
    prune(dir);
  }
  return { template: JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate, cached, file };
}
