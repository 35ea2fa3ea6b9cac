import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainNext,
  GENESIS_HASH,
  hashEvent,
  retainedUntil,
  verifyChain,
} from '#shared/domain/audit-chain.ts';
import type { AuditEvent, AuditEventInput } from '#shared/schemas/audit.ts';

const VENDOR = 'v_AAAAAAAAAAAAAAAA';
const OTHER_VENDOR = 'v_BBBBBBBBBBBBBBBB';

const inputs: AuditEventInput[] = [
  {
    vendorId: VENDOR,
    actor: { id: 'pat@hospital.example', role: 'procurement' },
    action: 'vendor.registered',
    target: { type: 'vendor', id: VENDOR },
    at: '2026-01-05T09:00:00.000Z',
    summary: 'Registered Acme Imaging (cloud PACS hosting)',
    after: { tier: 'high', baaRequired: true },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'system', role: 'system' },
    action: 'assessment.launched',
    target: { type: 'assessment', id: 'a_CCCCCCCCCCCCCCCC' },
    at: '2026-01-05T09:00:02.000Z',
    summary: 'Questionnaire v3 sent to the vendor contact',
  },
  {
    vendorId: VENDOR,
    actor: { id: 'vendor:a_CCCCCCCCCCCCCCCC', role: 'vendor' },
    action: 'assessment.submitted',
    target: { type: 'assessment', id: 'a_CCCCCCCCCCCCCCCC' },
    at: '2026-01-20T15:30:00.000Z',
    summary: 'Vendor submitted 41 answers',
    before: { status: 'in_progress' },
    after: { status: 'submitted' },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'casey@hospital.example', role: 'compliance' },
    action: 'finding.extended',
    target: { type: 'finding', id: 'f_1' },
    at: '2026-02-01T10:00:00.000Z',
    summary: 'Remediation deadline extended by 30 days',
    before: { dueAt: '2026-02-15T00:00:00.000Z' },
    after: { dueAt: '2026-03-17T00:00:00.000Z', extensions: [{ by: 30, reason: 'vendor patch window' }] },
  },
  {
    vendorId: VENDOR,
    actor: { id: 'casey@hospital.example', role: 'compliance' },
    action: 'vendor.decided',
    target: { type: 'vendor', id: VENDOR },
    at: '2026-02-02T10:00:00.000Z',
    summary: 'Approved with conditions',
    after: { decision: 'approve_with_conditions' },
  },
];

function buildChain(items: readonly AuditEventInput[] = inputs): AuditEvent[] {
  const chain: AuditEvent[] = [];
  for (const input of items) chain.push(chainNext(chain.at(-1) ?? null, input));
  return chain;
}

/** A deep copy, so that a tamper case never leaks into another. */
const copy = (events: AuditEvent[]): AuditEvent[] => structuredClone(events);
const rehash = (e: AuditEvent) => ({ ...e, hash: hashEvent(e.prevHash, e) });
const kinds = (events: AuditEvent[], options?: Parameters<typeof verifyChain>[1]) =>
  verifyChain(events, options).problems.map((p) => [p.kind, p.seq]);

describe('building the chain', () => {
  it('numbers events from 1 and links each to the previous hash', () => {
    // Prepare / Act
    const chain = buildChain();

    // Assess
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    expect(chain[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes everything but the hash itself', () => {
    const [first] = buildChain();
    const { hash, ...rest } = first!;
    expect(hashEvent(rest.prevHash, rest)).toBe(hash);
  });

  it('leaves the storage keys out of the hash (the repository checks them against vendor and seq)', () => {
    const [first] = buildChain();
    const stored = {
      ...first!,
      PK: `AUDIT#${VENDOR}`,
      SK: 'EVENT#0000000001',
      entity: 'AuditEvent',
    } as AuditEvent;
    expect(verifyChain([stored]).ok).toBe(true);
  });

  it.each([
    ['a summary over 500 characters', { summary: 'x'.repeat(501) }],
    ['an SSN-shaped number in the summary', { summary: 'Patient 123-45-6789 record shared' }],
    ['an action that is not dotted', { action: 'registered' }],
    ['a staff actor without an email', { actor: { id: 'pat', role: 'procurement' } }],
    ['a vendor actor without an assessment id', { actor: { id: 'vendor:acme', role: 'vendor' } }],
    ['a system role with an email id', { actor: { id: 'pat@hospital.example', role: 'system' } }],
    ['a time that is not ISO', { at: '5 Jan 2026' }],
  ] as const)('refuses %s', (_name, change) => {
    expect(() => chainNext(null, { ...inputs[0]!, ...change } as AuditEventInput)).toThrow(TypeError);
  });

  it('refuses to continue another vendor’s chain', () => {
    const chain = buildChain();
    expect(() => chainNext(chain.at(-1)!, { ...inputs[0]!, vendorId: OTHER_VENDOR })).toThrow(
      /cannot follow/,
    );
  });
});

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

describe('canonical JSON', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } };
    const b = { a: { c: 'é', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"é","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it.each([
    ['drops undefined object fields', { a: undefined, b: 1 }, '{"b":1}'],
    ['drops undefined array items, as storage does', [1, undefined, 2], '[1,2]'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    ['keeps null', { a: null }, '{"a":null}'],
    ['escapes strings as JSON', { 'k"': 'line\nbreak' }, '{"k\\"":"line\\nbreak"}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map()],
    ['NaN', { n: Number.NaN }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
  ])('refuses %s, which would not survive storage', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('is key-order independent for any object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        return canonicalJson(record) === canonicalJson(reversed);
      }),
    );
  });
});

describe('retention', () => {
  it.each([
    ['six years by default', '2026-03-15T08:30:00.000Z', undefined, '2032-03-15T08:30:00.000Z'],
    ['a custom number of years', '2026-03-15T08:30:00.000Z', 10, '2036-03-15T08:30:00.000Z'],
    [
      'Feb 29 rolls to Mar 1, never shortening retention',
      '2024-02-29T12:00:00.000Z',
      6,
      '2030-03-01T12:00:00.000Z',
    ],
  ])('%s', (_name, at, years, expected) => {
    expect(retainedUntil({ at }, years)).toBe(expected);
  });
});

function flipFirst(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

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
