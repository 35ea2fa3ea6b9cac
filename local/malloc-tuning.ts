/**
 * glibc malloc settings for `npm start` on Linux, applied by re-executing the process in place
 * (`process.execve`: same pid, no wrapper process; about 50 ms).
 *
 * Why (measured with `npm run bench` and per-component soaks, see README "Notes on the misses"):
 * the product and dynalite talk over loopback HTTP in one process, and Node allocates a 64 KB
 * buffer for every socket read, then shrinks it to the bytes read. V8 collects those buffers only
 * after ~64 MB of them pile up, so glibc's main heap grows by that much and stays fragmented: after
 * 100 lifecycles, 63 of its 100 MB were free but not returned (`malloc_trim` gave them back).
 * LevelDB's threads (libuv pool, compaction) each got a heap of their own too (11 in one process).
 * - `mmap_threshold=32768`: blocks of 32 KB and more get their own mapping, returned on free
 *   (glibc otherwise raises the threshold to the largest block freed, up to 32 MB).
 * - `arena_max=2`: two heaps for all threads instead of up to 8 per core.
 * RSS after 100 lifecycles at concurrency 10: 342 MB before, 258 MB after, at the same throughput.
 *
 * glibc reads these only at process start, hence the re-exec. A user's own GLIBC_TUNABLES are
 * kept (ours are appended); `BAA_GUARD_MALLOC=default` turns this off.
 */

export const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=32768:glibc.malloc.arena_max=2';

/** The GLIBC_TUNABLES value to run with, or undefined when the current one is already right. */
export function tunablesFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'linux' || env.BAA_GUARD_MALLOC === 'default') return undefined;
  const current = env.GLIBC_TUNABLES ?? '';
  // A user's own malloc tunables win; so does a value that already carries ours.
  if (current.includes('glibc.malloc.')) return undefined;
  return current ? `${current}:${MALLOC_TUNABLES}` : MALLOC_TUNABLES;
}

/** Re-executes this process with the malloc tunables when they are not in effect yet (Linux only). */
export function applyMallocTuning(): void {
  const tunables = tunablesFor(process.env, process.platform);
  if (!tunables || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    GLIBC_TUNABLES: tunables,
  });
}
