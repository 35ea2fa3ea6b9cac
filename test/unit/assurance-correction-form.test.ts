/**
 * The console correction form's reader (shared/http/pages/console/assurance-fields-form.ts): list
 * lines longer than a name can be are not pattern-matched, so a long line posted by a signed-in user
 * cannot pin the function's CPU (security review: the subservice pattern `^(.*?)\s*\((…)\)$` backtracked quadratically, ~1 s
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

  // No pattern runs over a line longer than a name can be (the schema then refuses the name), so
  // a long line a user posts costs no backtracking, whatever the pattern: asserted by behaviour,
  // not by timing.
  it('does not read the method of a line longer than a name can be', () => {
    const long = `${'x'.repeat(300)} (inclusive)`;
    expect(subservices(long)).toEqual([{ name: long, method: 'carve_out' }]);
    const fits = `${'x'.repeat(200)} (inclusive)`;
    expect(subservices(fits)).toEqual([{ name: 'x'.repeat(200), method: 'inclusive' }]);
  });
});
