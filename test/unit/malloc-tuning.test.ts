/**
 * `npm start` on Linux re-executes itself with glibc malloc settings (local/malloc-tuning.ts); the
 * decision when to do it, and with what, without re-executing anything.
 */
import { describe, expect, it } from 'vitest';
import { tunablesFor } from '#local/malloc-tuning.ts';

const ours = 'glibc.malloc.mmap_threshold=32768:glibc.malloc.arena_max=2';

describe('malloc tunables for npm start', () => {
  it.each([
    ['linux, nothing set', 'linux', {}, ours],
    [
      'linux, other tunables kept in front',
      'linux',
      { GLIBC_TUNABLES: 'glibc.rtld.nns=2' },
      `glibc.rtld.nns=2:${ours}`,
    ],
    ['linux, already applied (after the re-exec)', 'linux', { GLIBC_TUNABLES: ours }, undefined],
    [
      'linux, the user chose malloc tunables',
      'linux',
      { GLIBC_TUNABLES: 'glibc.malloc.arena_max=8' },
      undefined,
    ],
    ['linux, turned off', 'linux', { BAA_GUARD_MALLOC: 'default' }, undefined],
    ['macOS (not glibc)', 'darwin', {}, undefined],
    ['Windows (not glibc)', 'win32', {}, undefined],
  ] as const)('%s', (_case, platform, env, expected) => {
    expect(tunablesFor(env as NodeJS.ProcessEnv, platform)).toBe(expected);
  });
});
