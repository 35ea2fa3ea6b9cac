/**
 * Procurement (or compliance) corrects or updates a vendor's intake: the tier is recomputed and the
 * BAA requirement follows the PHI answer (baa-lifecycle.ts decides; a signed or negotiating BAA is
 * never dropped). The data location and cyber insurance are kept when the request leaves them out
 * (a client that predates them cannot erase them); a changed data location re-opens the offshore
 * data review (offshore-review.ts).
 */

import type { Deps } from '../composition.ts';
import { baaStatusForIntake } from '../domain/baa-lifecycle.ts';
import { dataLocationFingerprint } from '../domain/offshore-data.ts';
import { tierVendor } from '../domain/tiering.ts';
import { notFound } from '../errors.ts';
import { BAA_STATUS_LABELS, labelOf } from '../labels.ts';
import { Intake } from '../schemas/intake.ts';
import * as z from '../schemas/zod.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { ensureMainBaa, MAIN_BAA, mirrorOnVendor, requestBaa } from './baa.ts';
import { describeLocation } from './offshore-review.ts';
import { parseInput } from './validation.ts';

export const UpdateIntakeRequest = z.object({ intake: Intake });

/** The answers the tier and the BAA requirement depend on. */
const TIERING_FIELDS = [
  'handlesPhi',
  'medicalDevice',
  'systemAccess',
  'recordVolume',
  'criticalClinicalFunction',
] as const;

export async function updateIntake(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  const { intake: requested } = parseInput(UpdateIntakeRequest, body, 'intake');
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const intake = {
    ...requested,
    ...(requested.dataLocation || !vendor.intake.dataLocation
      ? {}
      : { dataLocation: vendor.intake.dataLocation }),
    ...(requested.cyberInsurance || !vendor.intake.cyberInsurance
      ? {}
      : { cyberInsurance: vendor.intake.cyberInsurance }),
  };
  const riskChanged = TIERING_FIELDS.some((f) => intake[f] !== vendor.intake[f]);
  const locationChanged =
    dataLocationFingerprint(intake.dataLocation) !== dataLocationFingerprint(vendor.intake.dataLocation);
  const exemptionEnds = riskChanged && vendor.baaExemption !== undefined;
  const { tier, baaRequired, reasons } = tierVendor(intake);
  const now = deps.clock.now().toISOString();
  const baa = await deps.baas.get(vendorId, MAIN_BAA);
  const change = baaStatusForIntake(baa?.status ?? 'not_required', intake.handlesPhi);

  // A BAA exemption was judged on the earlier risk answers: changing them ends it (safe default: the
  // BAA is required again; compliance records the exemption anew if it still holds). Correcting only
  // the data location or insurance leaves it in place.
  let saved = await deps.vendors.save({
    ...vendor,
    intake,
    tier,
    tierReasons: reasons,
    baaRequired,
    ...(exemptionEnds ? { baaExemption: undefined } : {}),
    updatedAt: now,
  });
  if (change.event === 'require') {
    if (baa) {
      // A new agreement starts from nothing: the old review and terms belong to the old one (kept in history).
      const updated = await deps.baas.save({
        ...baa,
        review: undefined,
        effectiveAt: undefined,
        expiresAt: undefined,
        signedAt: undefined,
        status: 'required',
        history: [
          ...baa.history,
          {
            at: now,
            actor: actor.id,
            event: 'require',
            from: baa.status,
            to: 'required',
            note: 'intake changed',
          },
        ],
        updatedAt: now,
      });
      await mirrorOnVendor(deps, updated);
    } else {
      await ensureMainBaa(deps, saved);
      await mirrorOnVendor(deps, (await deps.baas.get(vendorId, MAIN_BAA))!);
    }
    await requestBaa(deps, { vendorId }).catch(() => undefined);
  } else if (change.event === 'unrequire' && baa) {
    const updated = await deps.baas.save({
      ...baa,
      status: 'not_required',
      history: [
        ...baa.history,
        {
          at: now,
          actor: actor.id,
          event: 'unrequire',
          from: baa.status,
          to: 'not_required',
          note: 'intake changed',
        },
      ],
      updatedAt: now,
    });
    await mirrorOnVendor(deps, updated);
  }
  saved = (await deps.vendors.get(vendorId)) ?? saved;
  await audit(deps, {
    vendorId,
    actor,
    action: 'vendor.intake_updated',
    target: { type: 'vendor', id: vendorId },
    summary: `Intake updated: tier ${vendor.tier} → ${tier}; BAA ${labelOf(BAA_STATUS_LABELS, baa?.status ?? 'not_required').toLowerCase()} → ${labelOf(BAA_STATUS_LABELS, saved.baaStatus).toLowerCase()}${change.note ? ` (${change.note})` : ''}${exemptionEnds ? '; the BAA exemption recorded on the earlier intake ended' : ''}${locationChanged ? `; data location ${intake.dataLocation ? describeLocation(intake.dataLocation) : 'not recorded'}${vendor.offshoreReview ? ' (the offshore data review must be done again)' : ''}` : ''}`,
    before: { tier: vendor.tier, intake: vendor.intake },
    after: { tier, intake },
  });
  return { vendor: saved, note: change.note ?? null };
}
