/**
 * Inherent-risk tiering from the procurement intake (before any answer is scored).
 *
 * Points add up what makes a vendor risky; floors encode rules that points must never undercut:
 * - a vendor that handles PHI is at least moderate and needs a BAA (45 CFR 164.502(e), 164.308(b));
 * - a medical device or privileged access to our systems is at least high;
 * - PHI at scale (10k+ records) combined with a device, privileged access or a critical clinical
 *   function is critical.
 */
import { TIER_ORDER, type Tier } from '../schemas/core.ts';
import { type Intake, RECORD_VOLUME_ORDER } from '../schemas/intake.ts';

export interface TierResult {
  tier: Tier;
  baaRequired: boolean;
  /** Plain sentences saying why, shown on the vendor page and in the audit trail. */
  reasons: string[];
}

const VOLUME_POINTS = { none: 0, under_500: 1, '500_to_10k': 2, '10k_to_100k': 3, over_100k: 4 } as const;
const ACCESS_POINTS = { none: 0, user: 1, privileged: 3 } as const;

const maxTier = (a: Tier, b: Tier): Tier => (TIER_ORDER.indexOf(a) >= TIER_ORDER.indexOf(b) ? a : b);

function tierFromPoints(points: number): Tier {
  if (points >= 8) return 'critical';
  if (points >= 5) return 'high';
  if (points >= 2) return 'moderate';
  return 'low';
}

/** Computes the inherent-risk tier; pure, total over every valid intake. */
export function tierVendor(intake: Intake): TierResult {
  const reasons: string[] = [];
  const phiVolume = intake.handlesPhi ? VOLUME_POINTS[intake.recordVolume] : 0;
  const points =
    (intake.handlesPhi ? 2 : 0) +
    phiVolume +
    ACCESS_POINTS[intake.systemAccess] +
    (intake.medicalDevice ? 3 : 0) +
    (intake.criticalClinicalFunction ? 2 : 0);
  let tier = tierFromPoints(points);

  if (intake.handlesPhi) {
    tier = maxTier(tier, 'moderate');
    reasons.push('Handles PHI: at least moderate, and a Business Associate Agreement is required.');
  }
  if (intake.medicalDevice) {
    tier = maxTier(tier, 'high');
    reasons.push('Supplies a medical device: at least high.');
  }
  if (intake.systemAccess === 'privileged') {
    tier = maxTier(tier, 'high');
    reasons.push('Has privileged access to our systems: at least high.');
  }
  const atScale =
    intake.handlesPhi &&
    RECORD_VOLUME_ORDER.indexOf(intake.recordVolume) >= RECORD_VOLUME_ORDER.indexOf('10k_to_100k');
  if (
    atScale &&
    (intake.medicalDevice || intake.systemAccess === 'privileged' || intake.criticalClinicalFunction)
  ) {
    tier = 'critical';
    reasons.push(
      'PHI of 10,000+ individuals with a device, privileged access or a critical clinical function: critical.',
    );
  }
  if (reasons.length === 0) reasons.push(`Risk points ${points}: ${tier}.`);
  return { tier, baaRequired: intake.handlesPhi, reasons };
}
