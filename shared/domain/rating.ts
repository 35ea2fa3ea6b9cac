/**
 * The residual rating of a reviewed assessment: the worse of the score band (`residualRating`) and a
 * floor set by the unresolved findings, so a good score can never hide a critical gap. Table and
 * reasons: docs/scoring.md ("Residual rating").
 *
 * | unresolved finding | floor                                                    |
 * | critical           | high; critical for a high- or critical-tier vendor       |
 * | high               | moderate                                                 |
 *
 * Unresolved = open, fix reported (not yet verified) or accepted: an accepted risk is still a risk,
 * so it keeps its weight until it is fixed and verified.
 */
import { type Severity, TIER_ORDER, type Tier } from '#shared/schemas/core.ts';
import { residualRating } from './scoring.ts';

export interface RatingFinding {
  severity: Severity;
  status: string;
}

export interface Rating {
  rating: Tier;
  /** Plain sentences: the score band first, then each floor that applies. */
  reasons: string[];
}

/** Statuses under which a finding still counts against the rating. */
export const UNRESOLVED_STATUSES: ReadonlySet<string> = new Set(['open', 'fix_reported', 'accepted']);

const worse = (a: Tier, b: Tier): Tier => (TIER_ORDER.indexOf(a) >= TIER_ORDER.indexOf(b) ? a : b);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The lowest rating the unresolved findings allow, or null when they set none. */
export function findingFloor(tier: Tier, findings: readonly RatingFinding[]): Tier | null {
  const unresolved = findings.filter((f) => UNRESOLVED_STATUSES.has(f.status));
  if (unresolved.some((f) => f.severity === 'critical')) {
    return tier === 'high' || tier === 'critical' ? 'critical' : 'high';
  }
  if (unresolved.some((f) => f.severity === 'high')) return 'moderate';
  return null;
}

/** Rates a reviewed assessment from its tier, overall score and findings (derived or stored). */
export function rateAssessment(input: {
  tier: Tier;
  overall: number;
  findings: readonly RatingFinding[];
}): Rating {
  const { tier, overall, findings } = input;
  const band = residualRating(tier, overall);
  const reasons = [`A ${tier}-tier vendor scoring ${overall} rates ${band} by its score.`];
  const unresolved = findings.filter((f) => UNRESOLVED_STATUSES.has(f.status));
  const critical = unresolved.filter((f) => f.severity === 'critical').length;
  const high = unresolved.filter((f) => f.severity === 'high').length;
  const floor = findingFloor(tier, findings);
  if (floor === null) return { rating: band, reasons };
  const rating = worse(band, floor);
  const cause =
    critical > 0
      ? `${plural(critical, 'unresolved critical finding')} set${critical === 1 ? 's' : ''} a floor of ${floor}` +
        (tier === 'high' || tier === 'critical' ? ` for a ${tier}-tier vendor` : '')
      : `${plural(high, 'unresolved high finding')} set${high === 1 ? 's' : ''} a floor of ${floor}`;
  const accepted = unresolved.some(
    (f) =>
      f.status === 'accepted' && (f.severity === 'critical' || (critical === 0 && f.severity === 'high')),
  );
  reasons.push(
    `${cause}${rating === band ? ', no worse than the score band' : ''}.` +
      (accepted ? ' An accepted risk still counts until it is fixed and verified.' : ''),
  );
  return { rating, reasons };
}
