/**
 * Audit chain hash schemes (v2 covers the whole stored item; v1 events still verify) and the recorded
 * and published heads that detect a rewritten or truncated chain.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainNext, GENESIS_HASH, verifyChain } from '#shared/domain/audit-chain.ts';
import type { AuditEvent, AuditEventInput } from '#shared/schemas/audit.ts';
import { buildChain, copy, inputs, kinds, VENDOR } from '../support/audit-chain.ts';

describe('hash schemes (v2 covers the whole stored item; v1 events still verify)', () => {
  /** A v1 event as main wrote it before the v2 scheme: named fields only, no hashVersion. */
  const v1Event = (seq: number, prevHash: string, input: AuditEventInput): AuditEvent => {
    const fields = { ...input, seq, prevHash };
    const hash = createHash('sha256')
      .update(
        canonicalJson({
          vendorId: fields.vendorId,
          seq,
          prevHash,
          actor: fields.actor,
          action: fields.action,
          target: fields.target,
          at: fields.at,
          summary: fields.summary,
          before: fields.before,
          after: fields.after,
        }),
      )
      .digest('hex');
    return { ...fields, hash };
  };

  it('new events carry hashVersion 2', () => {
    expect(buildChain().every((e) => e.hashVersion === 2)).toBe(true);
  });

  it.each([
    ['an unknown attribute', { ttl: 123 }],
    ['an attribute named like an index key', { GSI1PK: 'VENDORS' }],
    ['an unknown nested field', { target: { type: 'vendor', id: VENDOR, extra: 1 } }],
  ])('a v2 event with %s added fails as altered', (_name, extra) => {
    const chain = copy(buildChain());
    chain[1] = { ...chain[1]!, ...extra } as AuditEvent;
    expect(kinds(chain)).toEqual([['altered', 2]]);
  });

  it('a chain written under v1 still verifies, and v2 events continue it', () => {
    const first = v1Event(1, GENESIS_HASH, inputs[0]!);
    const second = v1Event(2, first.hash, inputs[1]!);
    const third = chainNext(second, inputs[2]!);
    expect(third.hashVersion).toBe(2);
    expect(verifyChain([first, second, third]).ok).toBe(true);
  });

  it('a v1 event with an attribute v1 never had fails as altered', () => {
    const first = v1Event(1, GENESIS_HASH, inputs[0]!);
    expect(kinds([{ ...first, ttl: 5 } as AuditEvent])).toEqual([['altered', 1]]);
  });

  it('a v2 event rewritten under v1 (a downgrade) fails as altered', () => {
    const chain = copy(buildChain());
    const { hashVersion: _v, hash: _h, ...rest } = chain[2]!;
    const downgraded = v1Event(3, rest.prevHash, rest);
    chain[2] = downgraded;
    // Its successor still links to the original hash, so the link breaks too.
    expect(kinds(chain)).toEqual(
      expect.arrayContaining([
        ['altered', 3],
        ['broken_link', 4],
      ]),
    );
  });

  it('an unknown hash scheme fails as altered', () => {
    const chain = copy(buildChain());
    chain[0] = { ...chain[0]!, hashVersion: 3 } as unknown as AuditEvent;
    expect(kinds(chain)).toContainEqual(['altered', 1]);
  });
});

describe('the recorded head and the published head', () => {
  it('a v2 chain whose head was looked up and is missing fails', () => {
    const chain = buildChain();
    expect(verifyChain(chain, { anchor: null }).problems).toEqual([
      expect.objectContaining({
        kind: 'missing',
        message: expect.stringContaining('head of this chain is missing'),
      }),
    ]);
    // Not checked (undefined) is not missing.
    expect(verifyChain(chain).ok).toBe(true);
  });

  it('a v1 chain without a head is tolerated (written before heads were always recorded)', () => {
    const [first] = buildChain();
    const { hashVersion: _v, hash: _h, ...rest } = first!;
    const v1 = { ...rest, hash: createHash('sha256').update('x').digest('hex') };
    // (its hash is wrong, but the head rule alone must not fire for a v1-only chain)
    expect(verifyChain([v1], { anchor: null }).problems.map((p) => p.kind)).toEqual(['altered']);
  });

  it('a chain containing the published head verifies; a longer one too', () => {
    const chain = buildChain();
    const published = { seq: 3, hash: chain[2]!.hash, publishedAt: '2026-01-01T00:00:00.000Z' };
    expect(verifyChain(chain, { published }).ok).toBe(true);
  });

  it('a whole chain rewritten after publication (valid on its own, head re-recorded) is detected', () => {
    const chain = buildChain();
    const published = { seq: 3, hash: chain[2]!.hash, publishedAt: '2026-01-01T00:00:00.000Z' };
    const rewritten = buildChain(inputs.map((i, n) => (n === 1 ? { ...i, summary: 'Nothing to see' } : i)));
    const anchor = { seq: 5, hash: rewritten[4]!.hash };
    expect(verifyChain(rewritten, { anchor }).ok).toBe(true);
    expect(kinds(rewritten, { anchor, published })).toEqual([['altered', 3]]);
  });

  it('a chain truncated below the published head (head re-recorded) is detected', () => {
    const chain = buildChain();
    const published = { seq: 5, hash: chain[4]!.hash, publishedAt: '2026-01-01T00:00:00.000Z' };
    const anchor = { seq: 3, hash: chain[2]!.hash };
    expect(kinds(chain.slice(0, 3), { anchor, published })).toEqual([['missing', 5]]);
  });
});
