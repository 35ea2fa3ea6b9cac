import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tierVendor } from '#shared/domain/tiering.ts';
import { TIER_ORDER } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';

const base: Intake = {
  handlesPhi: false,
  medicalDevice: false,
  systemAccess: 'none',
  recordVolume: 'none',
  criticalClinicalFunction: false,
};

describe('inherent-risk tiering', () => {
  it.each([
    ['no PHI, no access: low', {}, 'low', false],
    ['user access alone stays low', { systemAccess: 'user' }, 'low', false],
    ['PHI floor: a PHI vendor with nothing else is moderate', { handlesPhi: true }, 'moderate', true],
    ['PHI under 500 records is moderate', { handlesPhi: true, recordVolume: 'under_500' }, 'moderate', true],
    ['device floor: a device without PHI is high', { medicalDevice: true }, 'high', false],
    [
      'privileged floor: privileged access without PHI is high',
      { systemAccess: 'privileged' },
      'high',
      false,
    ],
    [
      'PHI with many records and user access is high',
      { handlesPhi: true, recordVolume: 'over_100k', systemAccess: 'user' },
      'high',
      true,
    ],
    [
      'PHI at scale with a device is critical',
      { handlesPhi: true, recordVolume: '10k_to_100k', medicalDevice: true },
      'critical',
      true,
    ],
    [
      'PHI at scale with privileged access is critical',
      { handlesPhi: true, recordVolume: 'over_100k', systemAccess: 'privileged' },
      'critical',
      true,
    ],
    [
      'PHI at scale with a critical clinical function is critical',
      { handlesPhi: true, recordVolume: '10k_to_100k', criticalClinicalFunction: true },
      'critical',
      true,
    ],
    ['volume without PHI adds nothing', { recordVolume: 'over_100k' }, 'low', false],
    [
      'critical clinical function without PHI is moderate',
      { criticalClinicalFunction: true },
      'moderate',
      false,
    ],
  ] as const)('%s', (_name, overrides, tier, baaRequired) => {
    const result = tierVendor({ ...base, ...overrides });
    expect(result.tier).toBe(tier);
    expect(result.baaRequired).toBe(baaRequired);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('never places a PHI vendor below moderate, nor a device or privileged vendor below high', () => {
    const intake = fc.record({
      handlesPhi: fc.boolean(),
      medicalDevice: fc.boolean(),
      systemAccess: fc.constantFrom('none', 'user', 'privileged'),
      recordVolume: fc.constantFrom('none', 'under_500', '500_to_10k', '10k_to_100k', 'over_100k'),
      criticalClinicalFunction: fc.boolean(),
    });
    fc.assert(
      fc.property(intake, (i) => {
        const rank = TIER_ORDER.indexOf(tierVendor(i).tier);
        if (i.handlesPhi && rank < 1) return false;
        if ((i.medicalDevice || i.systemAccess === 'privileged') && rank < 2) return false;
        return tierVendor(i).baaRequired === i.handlesPhi;
      }),
    );
  });
});
