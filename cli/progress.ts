/**
 * Progress on stderr, so stdout stays clean for data. On a terminal: one bar redrawn in place.
 * Otherwise (CI logs, pipes, files): one plain "[n/N] what" line per step, which logs read well.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** One more step done; `label` says which (a vendor name, a row). */
  tick(label?: string): void;
  /** Clears the bar (on a terminal) so the next output starts on a clean line. */
  done(): void;
}

const BAR_WIDTH = 24;

/** A progress reporter for `total` steps; silent when `enabled` is false or there is nothing to do. */
export function createProgress(
  total: number,
  options: { stream?: ProgressStream; enabled?: boolean; title?: string } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || total <= 0) return { tick() {}, done() {} };
  const tty = stream.isTTY === true;
  let count = 0;
  let drawn = false;

  const draw = (label: string) => {
    const filled = Math.round((count / total) * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
    const head = `${options.title ? `${options.title} ` : ''}[${bar}] ${count}/${total}`;
    const room = Math.max(0, (stream.columns ?? 80) - head.length - 2);
    const tail = label && room > 3 ? ` ${label.length > room ? `${label.slice(0, room - 1)}…` : label}` : '';
    stream.write(`\r\x1b[2K${head}${tail}`);
    drawn = true;
  };

  return {
    tick(label = '') {
      count = Math.min(total, count + 1);
      if (tty) draw(label);
      else stream.write(`[${count}/${total}]${label ? ` ${label}` : ''}\n`);
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping results in input order.
 * `work` should not throw for an item that merely failed; a throw stops new items and is rethrown.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
