/**
 * dynalite closes its LevelDB iterators through `iterator.return()`, which abstract-level 3 lacks;
 * local/dynalite-iterators.ts supplies it. Without it every Query leaks a native iterator (and the
 * LevelDB snapshot it pins): RSS and the data folder grow for good (see `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDynaliteIterators } from '#local/dynalite-iterators.ts';

// dynalite's own LevelDB, resolved the way dynalite resolves it.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = fromDynalite('level') as {
  Level: new (
    dir: string,
    options: Record<string, unknown>,
  ) => {
    open(): Promise<void>;
    close(): Promise<void>;
    put(k: string, v: string): Promise<void>;
    values(options?: Record<string, unknown>): { next(): Promise<unknown>; return?: () => Promise<void> };
    keys(options?: Record<string, unknown>): { next(): Promise<unknown>; return?: () => Promise<void> };
  };
};

describe('dynalite iterator workaround', () => {
  it('gives value and key iterators the return() dynalite calls, and it closes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baa-guard-level-'));
    const db = new Level(dir, { valueEncoding: 'utf8' });
    try {
      await db.open();
      await db.put('a', '1');
      await db.put('b', '2');
      closeDynaliteIterators();
      for (const iterator of [db.values(), db.keys()]) {
        expect(typeof iterator.return).toBe('function');
        await iterator.next();
        await iterator.return!();
        // A closed iterator refuses to go on; an open one would have yielded 'b'.
        await expect(iterator.next()).rejects.toMatchObject({ code: 'LEVEL_ITERATOR_NOT_OPEN' });
      }
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
