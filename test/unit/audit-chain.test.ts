/**
 * The audit chain (shared/domain/audit-chain.ts): how a chain is built and hashed, canonical JSON, and
 * retention. Tampering is in audit-chain-tampering.test.ts, hash schemes and heads in audit-chain-
 * heads.test.ts.
 */
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
import { buildChain, inputs, OTHER_VENDOR, VENDOR } from '../support/audit-chain.ts';

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
