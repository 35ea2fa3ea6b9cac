/**
 * Verifying an audit chain: every way of tampering with a chain (edited, reordered, deleted, inserted
 * or foreign events, truncation against an anchor) is detected with its kind, event and message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainNext, verifyChain } from '#shared/domain/audit-chain.ts';
import type { AuditEvent } from '#shared/schemas/audit.ts';
import {
  buildChain,
  copy,
  flipFirst,
  inputs,
  kinds,
  OTHER_VENDOR,
  rehash,
  VENDOR,
} from '../support/audit-chain.ts';

describe('verifying the chain', () => {
  it('a valid chain verifies and reports its head', () => {
    const chain = buildChain();

    const result = verifyChain(chain);

    expect(result).toEqual({ ok: true, checked: 5, headHash: chain[4]!.hash, problems: [] });
  });

  it('an empty chain verifies with no head', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, headHash: null, problems: [] });
  });

  it('a valid chain matching its anchor verifies', () => {
    const chain = buildChain();
    expect(verifyChain(chain, { anchor: { seq: 5, hash: chain[4]!.hash } }).ok).toBe(true);
  });

  it('a chain longer than its anchor is tolerated when the anchored event is intact (the anchor may lag)', () => {
    const chain = buildChain();
    expect(verifyChain(chain, { anchor: { seq: 4, hash: chain[3]!.hash } }).ok).toBe(true);
  });

  type Tamper = (events: AuditEvent[]) => AuditEvent[];
  const cases: [string, Tamper, (string | number)[][], string | null][] = [
    [
      'a field edit (before/after) is altered at that event',
      (e) => {
        (e[3]!.after as Record<string, unknown>)['dueAt'] = '2026-06-30T00:00:00.000Z';
        return e;
      },
      [['altered', 4]],
      'Event 4 (finding.extended at 2026-02-01T10:00:00.000Z) does not match its hash',
    ],
    [
      'a summary edit is altered at that event',
      (e) => {
        e[1]!.summary = 'Nothing happened';
        return e;
      },
      [['altered', 2]],
      null,
    ],
    [
      'an actor edit is altered at that event',
      (e) => {
        e[4]!.actor.id = 'someone-else@hospital.example';
        return e;
      },
      [['altered', 5]],
      null,
    ],
    [
      'an edit with the hash recomputed breaks the link of the next event',
      (e) => {
        e[1] = rehash({ ...e[1]!, summary: 'Nothing happened' });
        return e;
      },
      [['broken_link', 3]],
      'Event 3 does not link to event 2',
    ],
    [
      'a deleted middle event is missing between its neighbours',
      (e) => [...e.slice(0, 2), ...e.slice(3)],
      [['missing', 3]],
      'Event 3 is missing between event 2 and event 4.',
    ],
    [
      'two deleted middle events are named as a range',
      (e) => [e[0]!, ...e.slice(3)],
      [['missing', 2]],
      'Events 2–3 are missing between event 1 and event 4.',
    ],
    [
      'a deleted first event is missing at the start',
      (e) => e.slice(1),
      [['missing', 1]],
      'The chain starts at event 2',
    ],
    [
      'swapped events are reordered',
      (e) => [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!],
      [['reordered', 2]],
      'Event 2 was read after event 3',
    ],
    [
      'a duplicated event is reordered',
      (e) => [...e.slice(0, 3), structuredClone(e[2]!), ...e.slice(3)],
      [['reordered', 3]],
      'Event 3 appears more than once.',
    ],
    [
      'a forged prevHash (hash recomputed) breaks the link at that event',
      (e) => {
        e[2] = rehash({ ...e[2]!, prevHash: 'f'.repeat(64) });
        return e;
      },
      [
        ['broken_link', 3],
        ['broken_link', 4],
      ],
      'Event 3 does not link to event 2',
    ],
    [
      'a forged prevHash without the hash recomputed is altered and broken',
      (e) => {
        e[2]!.prevHash = 'f'.repeat(64);
        return e;
      },
      [
        ['altered', 3],
        ['broken_link', 3],
      ],
      null,
    ],
    [
      'a forged genesis link breaks event 1',
      (e) => {
        e[0] = rehash({ ...e[0]!, prevHash: 'a'.repeat(64) });
        return e;
      },
      [
        ['broken_link', 1],
        ['broken_link', 2],
      ],
      'Event 1 does not start the chain',
    ],
    [
      'an event of another vendor is foreign',
      (e) => {
        const foreign = chainNext(null, { ...inputs[0]!, vendorId: OTHER_VENDOR });
        return [...e, { ...foreign, seq: 6, prevHash: e[4]!.hash }];
      },
      [['foreign_vendor', 6]],
      `Event 6 belongs to vendor ${OTHER_VENDOR}, not to vendor ${VENDOR}.`,
    ],
    [
      'an event moved to another vendor is foreign and leaves a gap',
      (e) => {
        e[2] = rehash({ ...e[2]!, vendorId: OTHER_VENDOR });
        return e;
      },
      [
        ['foreign_vendor', 3],
        ['missing', 3],
      ],
      null,
    ],
  ];

  it.each(cases)('%s', (_name, tamper, expected, message) => {
    // Prepare
    const events = tamper(copy(buildChain()));

    // Act
    const result = verifyChain(events, { vendorId: VENDOR });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.kind, p.seq])).toEqual(expected);
    if (message) expect(result.problems[0]!.message).toContain(message);
  });

  it('a deleted tail goes unnoticed without an anchor', () => {
    expect(verifyChain(buildChain().slice(0, 3)).ok).toBe(true);
  });

  it('a deleted tail is missing against the anchor', () => {
    const chain = buildChain();

    const result = verifyChain(chain.slice(0, 3), { anchor: { seq: 5, hash: chain[4]!.hash } });

    expect(result.problems).toEqual([
      {
        seq: 4,
        kind: 'missing',
        message: 'The chain ends at event 3 but the recorded head is event 5: events 4–5 are missing.',
      },
    ]);
    expect(result.headHash).toBe(chain[2]!.hash);
  });

  it('a deleted chain is missing against the anchor', () => {
    const chain = buildChain();
    expect(kinds([], { anchor: { seq: 5, hash: chain[4]!.hash } })).toEqual([['missing', 1]]);
  });

  it('a replaced tail (deleted and re-appended) is missing against the anchor', () => {
    // Prepare: the last event is deleted and a different one appended in its place.
    const chain = buildChain();
    const replaced = chainNext(chain[3]!, { ...inputs[4]!, summary: 'Approved' });

    // Act
    const result = verifyChain([...chain.slice(0, 4), replaced], {
      anchor: { seq: 5, hash: chain[4]!.hash },
    });

    // Assess
    expect(result.problems.map((p) => [p.kind, p.seq])).toEqual([['missing', 5]]);
    expect(result.problems[0]!.message).toContain('differs from the one recorded on the vendor');
  });

  it('without an explicit vendor the majority vendor owns the chain', () => {
    const chain = buildChain();
    const foreign = { ...chain[0]!, vendorId: OTHER_VENDOR };
    expect(kinds([foreign, ...chain.slice(1)])).toContainEqual(['foreign_vendor', 1]);
  });

  it('any single-field mutation of any event is detected', () => {
    const chain = buildChain();
    type Mutation = (e: AuditEvent, salt: string) => void;
    const mutations: Record<string, Mutation> = {
      vendorId: (e) => {
        e.vendorId = OTHER_VENDOR;
      },
      actorId: (e, s) => {
        e.actor.id = `x${s}@hospital.example`;
      },
      actorRole: (e) => {
        e.actor.role = e.actor.role === 'admin' ? 'compliance' : 'admin';
      },
      action: (e, s) => {
        e.action = `${e.action}.x${s}`;
      },
      targetType: (e, s) => {
        e.target.type += s;
      },
      targetId: (e, s) => {
        e.target.id += s;
      },
      at: (e) => {
        e.at = new Date(Date.parse(e.at) + 1).toISOString();
      },
      summary: (e, s) => {
        e.summary += s;
      },
      beforeAdded: (e, s) => {
        e.before = { ...e.before, [`k${s}`]: s };
      },
      afterRemoved: (e) => {
        e.after = e.after ? undefined : { added: true };
      },
      seq: (e) => {
        e.seq += 1;
      },
      prevHash: (e) => {
        e.prevHash = flipFirst(e.prevHash);
      },
      hash: (e) => {
        e.hash = flipFirst(e.hash);
      },
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: chain.length - 1 }),
        fc.constantFrom(...Object.keys(mutations)),
        fc.string({ minLength: 1, maxLength: 8 }),
        (index, field, salt) => {
          const events = copy(chain);
          mutations[field]!(events[index]!, salt.replace(/[^a-z0-9]/gi, '') || 'z');
          return !verifyChain(events).ok;
        },
      ),
      { numRuns: 500 },
    );
  });
});
