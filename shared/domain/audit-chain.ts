/**
 * The per-vendor hash chain of audit events. Each event carries the hash of the vendor's previous
 * event, and its own hash covers every field including that link, so editing, deleting or reordering
 * an event breaks the chain at a place `verifyChain` can name. There is no secret key: someone with
 * write access can rebuild a whole chain, which is why the head is also anchored on the vendor item
 * and why the table itself is append-only. Pure: hashing is computation, time comes from the caller.
 */
import { createHash } from 'node:crypto';
import {
  type AuditAnchor,
  type AuditEvent,
  AuditEventInput,
  type ChainProblem,
  type ChainVerification,
} from '#shared/schemas/audit.ts';
import * as z from '#shared/schemas/zod.ts';

/** `prevHash` of the first event of every vendor. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted (UTF-16 code-unit order), no whitespace, array order kept,
 * `undefined` dropped (in objects and in arrays, as the DynamoDB marshaller drops them, so an event
 * hashes the same before and after storage). Only JSON data is accepted: a Date, Map, class
 * instance, bigint, function, non-finite number or cycle throws, because it would not survive storage.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, new Set());
  if (out === undefined) throw new TypeError('canonicalJson: the value is undefined');
  return out;
}

function encode(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
  if (ancestors.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const parts: string[] = [];
      // Index loop rather than map: holes count as undefined and are dropped like undefined.
      for (let i = 0; i < value.length; i++) {
        const part = encode(value[i], ancestors);
        if (part !== undefined) parts.push(part);
      }
      return `[${parts.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonicalJson: a ${proto?.constructor?.name ?? 'non-plain object'} is not JSON`);
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const part = encode(record[key], ancestors);
      if (part !== undefined) parts.push(`${JSON.stringify(key)}:${part}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * SHA-256 (hex) of the canonical JSON of the event's fields and `prevHash`, i.e. everything but
 * `hash`. The top-level fields are picked by name so that storage attributes (keys, TTL, index
 * attributes) never enter the hash; nested values are hashed whole. A new event field must be added
 * here, or it is not protected.
 */
export function hashEvent(prevHash: string, event: AuditEventInput & { seq: number }): string {
  const hashed = {
    vendorId: event.vendorId,
    seq: event.seq,
    prevHash,
    actor: event.actor,
    action: event.action,
    target: event.target,
    at: event.at,
    summary: event.summary,
    before: event.before,
    after: event.after,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * The event that follows `last` (null for the vendor's first event). The input is validated (a bad
 * audit event is a bug, so it throws a TypeError) and stripped of unknown fields before hashing.
 */
export function chainNext(last: AuditEvent | null, input: AuditEventInput): AuditEvent {
  const parsed = AuditEventInput.safeParse(input);
  if (!parsed.success) throw new TypeError(`Invalid audit event: ${z.prettifyError(parsed.error)}`);
  const event = parsed.data;
  if (last && last.vendorId !== event.vendorId) {
    throw new TypeError(
      `Audit event of vendor ${event.vendorId} cannot follow an event of vendor ${last.vendorId}`,
    );
  }
  const seq = last ? last.seq + 1 : 1;
  const prevHash = last ? last.hash : GENESIS_HASH;
  return { ...event, seq, prevHash, hash: hashEvent(prevHash, { ...event, seq }) };
}

export interface VerifyOptions {
  /** The vendor the chain belongs to; defaults to the vendor most events name (ties: the first read). */
  vendorId?: string;
  /** The head recorded outside the chain; without it, deleting the last events goes unnoticed. */
  anchor?: AuditAnchor | null;
}

/**
 * Checks a vendor's events as read (expected in seq order) and names each problem by seq:
 * - `foreign_vendor`: the event names another vendor (it is then left out of the checks below);
 * - `reordered`: the event was read after one with the same or a higher seq;
 * - `altered`: the event's fields do not hash to its `hash` (a field was edited);
 * - `missing`: a gap in seq, or, against the anchor, a chain that ends early or a head that differs;
 * - `broken_link`: `prevHash` is not the previous event's hash (genesis for seq 1); not reported
 *   across a gap, where the link is necessarily broken and `missing` already says why.
 * Order and links are judged on the events sorted by seq, so a swap is reported once, not as a cascade.
 */
export function verifyChain(events: readonly AuditEvent[], options: VerifyOptions = {}): ChainVerification {
  const problems: ChainProblem[] = [];
  const expectedVendor = options.vendorId ?? majorityVendor(events);

  const own: AuditEvent[] = [];
  events.forEach((event, index) => {
    if (!Number.isSafeInteger(event.seq) || event.seq < 1) {
      problems.push({
        seq: index + 1,
        kind: 'altered',
        message: `The event read at position ${index + 1} has no valid sequence number (${String(event.seq)}).`,
      });
    } else if (event.vendorId !== expectedVendor) {
      problems.push({
        seq: event.seq,
        kind: 'foreign_vendor',
        message: `Event ${event.seq} belongs to vendor ${String(event.vendorId)}, not to vendor ${expectedVendor}.`,
      });
    } else {
      own.push(event);
    }
  });

  for (let i = 1; i < own.length; i++) {
    const previous = own[i - 1]!;
    const event = own[i]!;
    if (event.seq === previous.seq) {
      problems.push({
        seq: event.seq,
        kind: 'reordered',
        message: `Event ${event.seq} appears more than once.`,
      });
    } else if (event.seq < previous.seq) {
      problems.push({
        seq: event.seq,
        kind: 'reordered',
        message: `Event ${event.seq} was read after event ${previous.seq}: the events are out of order.`,
      });
    }
  }

  const bySeq = [...own].sort((a, b) => a.seq - b.seq);
  const chain: AuditEvent[] = [];
  for (const event of bySeq) {
    const previous = chain.at(-1);
    if (previous && previous.seq === event.seq) continue; // duplicate, reported above; the first read is kept
    chain.push(event);
    if (!hashMatches(event)) {
      problems.push({
        seq: event.seq,
        kind: 'altered',
        message: `Event ${event.seq} (${describe(event)}) does not match its hash: it was changed after it was written.`,
      });
    }
    if (!previous) {
      if (event.seq !== 1) {
        problems.push({
          seq: 1,
          kind: 'missing',
          message: `The chain starts at event ${event.seq}: ${range(1, event.seq - 1)} missing.`,
        });
      } else if (event.prevHash !== GENESIS_HASH) {
        problems.push({
          seq: 1,
          kind: 'broken_link',
          message: 'Event 1 does not start the chain: its prevHash is not the genesis hash.',
        });
      }
    } else if (event.seq !== previous.seq + 1) {
      problems.push({
        seq: previous.seq + 1,
        kind: 'missing',
        message: `${capitalise(range(previous.seq + 1, event.seq - 1))} missing between event ${previous.seq} and event ${event.seq}.`,
      });
    } else if (event.prevHash !== previous.hash) {
      problems.push({
        seq: event.seq,
        kind: 'broken_link',
        message: `Event ${event.seq} does not link to event ${previous.seq}: its prevHash is not the hash of event ${previous.seq}.`,
      });
    }
  }

  const head = chain.at(-1) ?? null;
  const anchor = options.anchor;
  if (anchor) {
    const headSeq = head?.seq ?? 0;
    if (headSeq < anchor.seq) {
      problems.push({
        seq: headSeq + 1,
        kind: 'missing',
        message: `The chain ends at event ${headSeq} but the recorded head is event ${anchor.seq}: ${range(headSeq + 1, anchor.seq)} missing.`,
      });
    } else {
      // A chain longer than the anchor is tolerated: the anchor is written after the event (no
      // transactions on dynalite), so it may lag. The anchored event itself must still be there.
      const anchored = chain.find((e) => e.seq === anchor.seq);
      if (anchored && anchored.hash !== anchor.hash) {
        problems.push({
          seq: anchor.seq,
          kind: 'missing',
          message: `Event ${anchor.seq} is not the recorded head: its hash differs from the one recorded on the vendor, so the original event was removed or replaced.`,
        });
      }
    }
  }

  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, checked: events.length, headHash: head?.hash ?? null, problems };
}

/**
 * How long the event must be kept: `years` calendar years after it happened. A Feb 29 event rolls
 * over to Mar 1 rather than back to Feb 28, so that retention is never shorter than required.
 */
export function retainedUntil(event: Pick<AuditEventInput, 'at'>, years = 6): string {
  const at = new Date(event.at);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an ISO timestamp: ${event.at}`);
  return new Date(
    Date.UTC(
      at.getUTCFullYear() + years,
      at.getUTCMonth(),
      at.getUTCDate(),
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds(),
    ),
  ).toISOString();
}

function hashMatches(event: AuditEvent): boolean {
  try {
    return hashEvent(event.prevHash, event) === event.hash;
  } catch {
    // A stored value that is not JSON data any more (or a missing nested object) is an alteration.
    return false;
  }
}

function majorityVendor(events: readonly AuditEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.vendorId, (counts.get(e.vendorId) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  // Map iteration follows first insertion, so a tie goes to the vendor read first.
  for (const [vendorId, count] of counts) {
    if (count > bestCount) {
      best = vendorId;
      bestCount = count;
    }
  }
  return best;
}

const describe = (e: AuditEvent) => `${String(e.action)} at ${String(e.at)}`;
const range = (from: number, to: number) => (from === to ? `event ${from} is` : `events ${from}–${to} are`);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
