import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import {
  BaaChecklist,
  BaaPolicy,
  DEFAULT_BAA_POLICY,
  LEGAL_MAX_NOTICE_WINDOW_DAYS,
} from '#shared/schemas/baa.ts';

// Every provision the regulation requires in a BAA, with the clause id that must carry it.
const REQUIRED_PROVISIONS = [
  ['45 CFR 164.504(e)(2)(i)', 'permitted-uses'],
  ['45 CFR 164.504(e)(2)(ii)(A)', 'no-other-use'],
  ['45 CFR 164.504(e)(2)(ii)(B)', 'safeguards'],
  ['45 CFR 164.504(e)(2)(ii)(C)', 'report-disclosures'],
  ['45 CFR 164.504(e)(2)(ii)(D)', 'subcontractors-agree'],
  ['45 CFR 164.504(e)(2)(ii)(E)', 'individual-access'],
  ['45 CFR 164.504(e)(2)(ii)(F)', 'amendment'],
  ['45 CFR 164.504(e)(2)(ii)(G)', 'accounting'],
  ['45 CFR 164.504(e)(2)(ii)(H)', 'privacy-rule-obligations'],
  ['45 CFR 164.504(e)(2)(ii)(I)', 'hhs-books-records'],
  ['45 CFR 164.504(e)(2)(ii)(J)', 'return-or-destroy'],
  ['45 CFR 164.504(e)(2)(iii)', 'termination-for-breach'],
  ['45 CFR 164.314(a)(2)(i)(A)', 'security-rule-compliance'],
  ['45 CFR 164.314(a)(2)(i)(B)', 'subcontractor-contracts'],
  ['45 CFR 164.314(a)(2)(i)(C)', 'security-incident-reporting'],
  ['45 CFR 164.410(b)', 'breach-notice-window'],
] as const;

const byId = new Map(BAA_CHECKLIST_V1.clauses.map((c) => [c.id, c]));

describe('BAA clause checklist v1', () => {
  it('is the hipaa-baa checklist, version 1', () => {
    expect(BAA_CHECKLIST_V1.id).toBe('hipaa-baa');
    expect(BAA_CHECKLIST_V1.version).toBe(1);
  });

  it.each(REQUIRED_PROVISIONS)('covers %s as a required clause (%s)', (citation, id) => {
    const clause = byId.get(id);
    expect(clause?.citation).toBe(citation);
    expect(clause?.required).toBe(true);
  });

  it('has unique ids and cites each regulatory provision exactly once', () => {
    const ids = BAA_CHECKLIST_V1.clauses.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const citations = BAA_CHECKLIST_V1.clauses.map((c) => c.citation);
    expect(new Set(citations).size).toBe(citations.length);
  });

  it('has exactly one notice-window clause and an optional 24-hour contingency notice', () => {
    expect(BAA_CHECKLIST_V1.clauses.filter((c) => c.kind === 'notice_window').map((c) => c.id)).toEqual([
      'breach-notice-window',
    ]);
    expect(byId.get('contingency-notice-24h')).toMatchObject({ required: false, kind: 'optional' });
  });

  it('is the checklist table documented in docs/baa.md', () => {
    const doc = readFileSync(new URL('../../docs/baa.md', import.meta.url), 'utf8');
    const rows = [
      ...doc.matchAll(/^\|\s*([a-z0-9-]+)\s*\|\s*(45 CFR [^|]+?)\s*\|\s*(\w+)\s*\|\s*(yes|no)\s*\|$/gm),
    ].map((m) => m.slice(1).join(' '));
    expect(rows).toEqual(
      BAA_CHECKLIST_V1.clauses.map((c) => `${c.id} ${c.citation} ${c.kind} ${c.required ? 'yes' : 'no'}`),
    );
  });

  it('keeps key phrases lower case and non-empty for every clause', () => {
    for (const clause of BAA_CHECKLIST_V1.clauses) {
      expect(clause.keyPhrases.length).toBeGreaterThan(0);
      for (const phrase of clause.keyPhrases) expect(phrase).toBe(phrase.toLowerCase());
    }
  });

  it.each([
    ['a duplicate id', (c: typeof BAA_CHECKLIST_V1) => ({ ...c, clauses: [...c.clauses, c.clauses[0]] })],
    [
      'an upper-case key phrase',
      (c: typeof BAA_CHECKLIST_V1) => ({
        ...c,
        clauses: [{ ...c.clauses[0]!, keyPhrases: ['Appropriate Safeguards'] }],
      }),
    ],
    [
      'a non-kebab id',
      (c: typeof BAA_CHECKLIST_V1) => ({ ...c, clauses: [{ ...c.clauses[0]!, id: 'Permitted_Uses' }] }),
    ],
    [
      'an optional clause marked required',
      (c: typeof BAA_CHECKLIST_V1) => ({ ...c, clauses: [{ ...c.clauses[0]!, kind: 'optional' }] }),
    ],
    [
      'a citation outside 45 CFR',
      (c: typeof BAA_CHECKLIST_V1) => ({ ...c, clauses: [{ ...c.clauses[0]!, citation: 'HITECH 13401' }] }),
    ],
    ['another checklist id', (c: typeof BAA_CHECKLIST_V1) => ({ ...c, id: 'other' })],
  ])('refuses a checklist with %s at load', (_name, corrupt) => {
    expect(BaaChecklist.safeParse(corrupt(BAA_CHECKLIST_V1)).success).toBe(false);
  });
});

describe('BAA policy', () => {
  it('defaults to a 10-day notice window, 60/30/7-day reminders and 6-year retention', () => {
    expect(DEFAULT_BAA_POLICY).toEqual({
      maxNoticeWindowDays: 10,
      renewalReminderDays: [60, 30, 7],
      retentionYears: 6,
      reviewMonths: 12,
      responseDays: 30,
      returnOrDestroyDays: 30,
    });
    expect(LEGAL_MAX_NOTICE_WINDOW_DAYS).toBe(60);
  });

  it.each([
    ['a policy window over the legal 60 days', { maxNoticeWindowDays: 61 }],
    ['retention shorter than HIPAA 6 years', { retentionYears: 5 }],
    ['no reminder at all', { renewalReminderDays: [] }],
  ])('refuses %s', (_name, input) => {
    expect(BaaPolicy.safeParse(input).success).toBe(false);
  });
});
