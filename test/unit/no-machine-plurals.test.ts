/**
 * Words people read (pages, mail, audit summaries, errors) never say "file(s)" or "address(es)":
 * counts go through `plural()` in shared/labels.ts. The one exception is a field name the HHS
 * breach portal itself uses, copied verbatim into the HHS log export.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const ALLOWED = new Set(['Date(s) Individual Notice Provided']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('no machine plurals in product text', () => {
  it('no "(s)" or "(es)" after a word anywhere in shared/, cli/ or local/', () => {
    const found: string[] = [];
    for (const file of ['shared', 'cli', 'local'].flatMap((d) => sources(join(ROOT, d)))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trimStart().startsWith('//') || line.trimStart().startsWith('*')) return;
          // A word with "(s)" then a space, quote or backtick (a call like `f(s)` is followed by code).
          for (const m of line.matchAll(/[a-z]{2}\((e?s)\)(?=[`'"$]| [\w(])/g)) {
            if ([...ALLOWED].some((a) => line.includes(a))) continue;
            found.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${m[0]}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
