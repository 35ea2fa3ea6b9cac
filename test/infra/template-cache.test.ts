/**
 * The local runtime's template cache: keyed by everything the template is made from, so editing an
 * infra source (or a module it imports, or cdk.json) invalidates it, and editing anything else
 * does not. A miss synthesizes in a child process; a hit reads the file.
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition, workflowDefinitions } from '#local/template.ts';
import { loadTemplate, templateCacheKey, templateSources } from '#local/template-cache.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let copy: string;

beforeAll(() => {
  // A copy of the repository's template sources, as if it were another checkout.
  copy = mkdtempSync(join(tmpdir(), 'baa-guard-template-cache-'));
  for (const file of [...templateSources(ROOT), join(ROOT, 'cdk.json')]) {
    const target = join(copy, relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('template cache key', () => {
  it('covers the infra sources and the project modules they import', () => {
    const sources = templateSources(ROOT).map((f) => relative(ROOT, f));
    expect(sources).toEqual(
      expect.arrayContaining([
        'infra/app.ts',
        'infra/build-app.ts',
        'infra/stack.ts',
        'infra/constructs/data.ts',
        'infra/constructs/workflows.ts',
        'infra/constructs/product-function.ts',
        'shared/adapters/dynamodb/table-layout.ts',
      ]),
    );
    // The app's HTTP layer does not shape the template.
    expect(sources).not.toContain('shared/http/app.ts');
  });

  it('is the same for the same sources', () => {
    expect(templateCacheKey(copy)).toBe(templateCacheKey(ROOT));
  });

  it.each([
    'infra/constructs/data.ts',
    'infra/constructs/workflows.ts',
    'shared/adapters/dynamodb/table-layout.ts',
    'cdk.json',
  ])('changes when %s changes', (file) => {
    const before = templateCacheKey(copy);
    const path = join(copy, file);
    const original = readFileSync(path);
    try {
      appendFileSync(path, file.endsWith('.json') ? ' ' : '\n// edited\n');
      expect(templateCacheKey(copy)).not.toBe(before);
    } finally {
      writeFileSync(path, original);
    }
    expect(templateCacheKey(copy)).toBe(before);
  });

  it('does not change when a module outside the template changes', () => {
    const before = templateCacheKey(copy);
    mkdirSync(join(copy, 'shared', 'http'), { recursive: true });
    writeFileSync(join(copy, 'shared', 'http', 'app.ts'), '// not part of the template\n');
    expect(templateCacheKey(copy)).toBe(before);
  });
});

describe('loadTemplate', () => {
  it('synthesizes on a miss (in a child process), then reads the cached copy', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'baa-guard-template-cache-dir-'));
    try {
      const first = await loadTemplate({ cacheDir });
      expect(first.cached).toBe(false);
      expect(first.file).toContain(templateCacheKey(ROOT));
      expect(Object.keys(workflowDefinitions(first.template)).sort()).toEqual(['launch', 'review', 'sweep']);
      expect(tableDefinition(first.template, 't').KeySchema).toBeDefined();

      const second = await loadTemplate({ cacheDir });
      expect(second.cached).toBe(true);
      expect(second.template).toEqual(first.template);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a cache file under another key is not used (an edited source misses)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'baa-guard-template-cache-dir-'));
    try {
      // A stale template, as an earlier version of the infra would have left it.
      writeFileSync(join(cacheDir, 'template-000000000000000000000000.json'), '{"Resources":{}}');
      writeFileSync(
        join(cacheDir, `template-${templateCacheKey(ROOT)}.json`),
        '{"Resources":{"Marker":{"Type":"X"}}}',
      );
      const hit = await loadTemplate({ cacheDir });
      expect(hit.cached).toBe(true);
      expect(Object.keys(hit.template.Resources)).toEqual(['Marker']);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
