/**
 * Clocks. `systemClock` in AWS. `OffsetClock` locally: real time plus an offset an operator moves
 * forward (`POST /local/clock`), persisted so that a restart keeps the advanced time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../ports/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

export class OffsetClock implements Clock {
  private offsetMs: number;
  private readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
    this.offsetMs = 0;
    if (file) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
        if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs))
          this.offsetMs = saved.offsetMs;
      } catch {
        // No saved offset yet: start at real time.
      }
    }
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves now to `target`. Time only moves forward so that recorded events stay in order. */
  set(target: Date): void {
    const offset = target.getTime() - Date.now();
    if (offset < this.offsetMs) throw new RangeError('The clock can only move forward');
    this.offsetMs = offset;
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
    }
  }

  advanceDays(days: number): void {
    this.set(new Date(this.now().getTime() + days * 86_400_000));
  }
}
