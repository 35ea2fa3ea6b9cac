/**
 * A document's fields must fit the record that keeps them (DynamoDB items are at most 400 KB, and
 * each version keeps its own copy): the lists' own limits could add up past it, so the fields are
 * capped at 48,000 characters of JSON in all (policy). Found by the security review: a SOC 2 at the
 * list limits came back as an unrelated 400.
 */
import { describe, expect, it } from 'vitest';
import { AssuranceFields } from '#shared/schemas/assurance.ts';

const soc2 = (exceptions: number, cuecs: number) => ({
  type: 'soc2',
  reportType: 'type2',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  auditor: 'Example LLP',
  opinion: 'qualified',
  exceptions: Array.from({ length: exceptions }, (_, i) => ({ control: `CC${i}`, text: 'x'.repeat(2000) })),
  servicesInScope: ['Hosting'],
  subserviceOrganisations: [],
  userEntityControls: Array.from({ length: cuecs }, () => 'y'.repeat(1000)),
});

describe('assurance fields size', () => {
  it.each([
    ['a usual SOC 2 (3 exceptions, 10 CUECs)', soc2(3, 10), true],
    ['20 long exceptions and 5 CUECs (~46 KB)', soc2(20, 5), true],
    ['50 long exceptions (~102 KB)', soc2(50, 0), false],
    ['the lists at their limits (~226 KB)', soc2(50, 100), false],
  ])('%s → accepted: %s', (_name, fields, ok) => {
    const result = AssuranceFields.safeParse(fields);
    expect(result.success).toBe(ok);
    if (!ok) expect(JSON.stringify(result.error?.issues)).toContain('too long to keep');
  });
});
