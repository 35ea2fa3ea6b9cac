import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allowedBaaEvents,
  BAA_TRANSITIONS,
  baaStatusForIntake,
  transition,
} from '#shared/domain/baa-lifecycle.ts';
import {
  type BaaEvent,
  type BaaEventType,
  type BaaStatus,
  BaaEventType as EventTypes,
  BaaStatus as Statuses,
} from '#shared/schemas/baa.ts';

const STATUSES = Statuses.options;
const EVENTS = EventTypes.options;

const TERM = { effectiveAt: '2026-01-01T00:00:00.000Z', expiresAt: '2029-01-01T00:00:00.000Z' };
const eventOf = (type: BaaEventType): BaaEvent => (type === 'sign' ? { type, ...TERM } : { type });

const pairs = STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const));
const allowed = pairs.filter(([s, e]) => BAA_TRANSITIONS[s][e] !== undefined);
const forbidden = pairs.filter(([s, e]) => BAA_TRANSITIONS[s][e] === undefined);

describe('BAA lifecycle transitions', () => {
  it('has a row for every status and only known events', () => {
    expect(Object.keys(BAA_TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    for (const row of Object.values(BAA_TRANSITIONS)) {
      for (const event of Object.keys(row)) expect(EVENTS).toContain(event);
    }
  });

  it('matches the documented table exactly', () => {
    expect(allowed.map(([s, e]) => `${s} --${e}--> ${BAA_TRANSITIONS[s][e]}`)).toEqual([
      'not_required --require--> required',
      'required --unrequire--> not_required',
      'required --send--> sent',
      'sent --unrequire--> not_required',
      'sent --receive_document--> under_review',
      'under_review --receive_document--> under_review',
      'under_review --request_changes--> changes_requested',
      'under_review --sign--> signed',
      'changes_requested --send--> sent',
      'changes_requested --receive_document--> under_review',
      'signed --mark_expiring--> expiring',
      'signed --expire--> expired',
      'signed --terminate--> terminated',
      'expiring --expire--> expired',
      'expiring --renew--> sent',
      'expiring --terminate--> terminated',
      'expired --renew--> sent',
      'terminated --require--> required',
    ]);
  });

  it('is the table documented in docs/baa.md', () => {
    const doc = readFileSync(new URL('../../docs/baa.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*([a-z_]+)\s*\|\s*([a-z_]+)\s*\|\s*([a-z_]+)\s*\|$/gm)].map(
      ([, s, e, t]) => `${s} --${e}--> ${t}`,
    );
    expect(rows.sort()).toEqual(allowed.map(([s, e]) => `${s} --${e}--> ${BAA_TRANSITIONS[s][e]}`).sort());
  });

  it.each(allowed)('allows %s --%s-->', (status, event) => {
    expect(transition(status, eventOf(event))).toEqual({ ok: true, status: BAA_TRANSITIONS[status][event] });
  });

  it.each(forbidden)('refuses %s --%s-->', (status, event) => {
    const result = transition(status, eventOf(event));
    expect(result).toMatchObject({ ok: false, code: 'invalid_transition' });
    // Words, not enum values: e.g. "A BAA that is under review cannot be signed; …".
    if (!result.ok) {
      expect(result.message).toContain(
        `A BAA that is ${status.replaceAll('_', ' ').replace('sent', 'sent to vendor')}`,
      );
      expect(result.message).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    }
  });

  it.each(STATUSES.filter((s) => s !== 'under_review'))(
    'cannot sign from %s: a review comes first',
    (status) => {
      expect(transition(status, eventOf('sign')).ok).toBe(false);
    },
  );

  it.each([
    [
      'expiry before effect',
      { effectiveAt: '2026-01-01T00:00:00.000Z', expiresAt: '2025-01-01T00:00:00.000Z' },
    ],
    [
      'expiry equal to effect',
      { effectiveAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:00:00.000Z' },
    ],
    ['an unreadable date', { effectiveAt: 'soon', expiresAt: '2026-01-01T00:00:00.000Z' }],
  ])('refuses to sign with %s', (_name, term) => {
    expect(transition('under_review', { type: 'sign', ...term })).toMatchObject({
      ok: false,
      code: 'invalid_term',
    });
  });

  it('lists the allowed events of a status for the console', () => {
    expect(allowedBaaEvents('under_review')).toEqual(['receive_document', 'request_changes', 'sign']);
    expect(allowedBaaEvents('expired')).toEqual(['renew']);
  });
});

describe('BAA status after an intake change', () => {
  it.each<[BaaStatus, boolean, BaaStatus, 'require' | 'unrequire' | null, boolean]>([
    // [current, handlesPhi, status, event, has note]
    ['not_required', true, 'required', 'require', false],
    ['terminated', true, 'required', 'require', false],
    ['required', true, 'required', null, false],
    ['sent', true, 'sent', null, false],
    ['under_review', true, 'under_review', null, false],
    ['changes_requested', true, 'changes_requested', null, false],
    ['signed', true, 'signed', null, false],
    ['expiring', true, 'expiring', null, false],
    ['expired', true, 'expired', null, true],
    ['required', false, 'not_required', 'unrequire', false],
    ['not_required', false, 'not_required', null, false],
    ['sent', false, 'sent', null, true],
    ['under_review', false, 'under_review', null, true],
    ['changes_requested', false, 'changes_requested', null, true],
    ['signed', false, 'signed', null, true],
    ['expiring', false, 'expiring', null, true],
    ['expired', false, 'expired', null, true],
    ['terminated', false, 'terminated', null, true],
  ])('%s with handlesPhi=%s becomes %s', (current, handlesPhi, status, event, hasNote) => {
    const result = baaStatusForIntake(current, handlesPhi);
    expect(result.status).toBe(status);
    expect(result.event).toBe(event);
    expect(result.note !== undefined).toBe(hasNote);
  });

  it('only ever proposes an event the transition table allows', () => {
    for (const current of STATUSES) {
      for (const handlesPhi of [true, false]) {
        const change = baaStatusForIntake(current, handlesPhi);
        if (change.event !== null)
          expect(transition(current, { type: change.event })).toEqual({ ok: true, status: change.status });
      }
    }
  });

  it('keeps a signed BAA when PHI goes away, saying why', () => {
    expect(baaStatusForIntake('signed', false).note).toMatch(/stays in force/);
  });
});
