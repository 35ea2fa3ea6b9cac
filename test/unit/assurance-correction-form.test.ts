/**
 * The console correction form's reader (shared/http/pages/console/assurance-fields-form.ts): list
 * lines are parsed in linear time, so a long line posted by a signed-in user cannot pin the function's
 * CPU (security review: the subservice pattern `^(.*?)\s*\((…)\)$` backtracked quadratically, ~1 s
 * for a 40,000-character line, minutes for a 512 KB form).
 */
import { describe, expect, it } from 'vitest';
import { readCorrection } from '#shared/http/pages/console/assurance-fields-form.ts';
import type { AssuranceFields } from '#shared/schemas/assurance.ts';

const soc2 = {
  type: 'soc2',
  reportType: 'type2',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  auditor: 'Example Audit LLP',
  opinion: 'unqualified',
  exceptions: [],
  servicesInScope: [],
  subserviceOrganisations: [],
  userEntityControls: [],
} as AssuranceFields;

const subservices = (text: string) =>
  readCorrection(soc2, (name) => (name === 'f.subserviceOrganisations' ? text : undefined))
    .subserviceOrganisations;

describe('subservice organisation lines', () => {
  it.each([
    ['Amazon Web Services (carved out)', { name: 'Amazon Web Services', method: 'carve_out' }],
    ['Stripe (Inclusive)', { name: 'Stripe', method: 'inclusive' }],
    ['Stripe  (inclusive)', { name: 'Stripe', method: 'inclusive' }],
    ['Twilio', { name: 'Twilio', method: 'carve_out' }],
    ['Acme (EU) (inclusive)', { name: 'Acme (EU)', method: 'inclusive' }],
  ])('%s', (line, expected) => {
    expect(subservices(line)).toEqual([expected]);
  });

  it('reads a 200,000-character line at once (no backtracking)', () => {
    const line = `a${' '.repeat(200_000)}b`;
    const started = process.hrtime.bigint();
    const [parsed] = subservices(line) as { name: string }[];
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(parsed!.name).toBe(line);
    // Quadratic backtracking takes ~25 s here; linear parsing takes a few milliseconds.
    expect(ms).toBeLessThan(5_000);
  });
});
