/**
 * The BAA record helpers every BAA use case shares: loading, applying a lifecycle event, saving
 * with the vendor mirror, the vendor's private BAA link, and the sweep's effect of a ladder step.
 */
import type { Deps } from '../composition.ts';
import { transition } from '../domain/baa-lifecycle.ts';
import type { DueKind } from '../domain/escalation-policy.ts';
import { AppError, notFound } from '../errors.ts';
import type { BaaEvent } from '../schemas/baa.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, SYSTEM } from './actor.ts';

export const MAIN_BAA = 'main';

export async function loadBaa(deps: Deps, vendorId: string, baaId: string): Promise<BaaRecord> {
  const baa = await deps.baas.get(vendorId, baaId);
  if (!baa) throw notFound('BAA', `${vendorId}/${baaId}`);
  return baa;
}

/** Applies a lifecycle event or refuses with a 409 naming the current status. */
export function applyEvent(
  baa: BaaRecord,
  event: BaaEvent,
  actor: Actor,
  at: string,
  note?: string,
): BaaRecord {
  const result = transition(baa.status, event);
  if (!result.ok)
    throw new AppError(result.code, result.message, 409, { status: baa.status, event: event.type });
  return {
    ...baa,
    status: result.status,
    history: [
      ...baa.history,
      {
        at,
        actor: actor.id,
        event: event.type,
        from: baa.status,
        to: result.status,
        ...(note ? { note } : {}),
      },
    ],
    updatedAt: at,
  };
}

/** Keeps `vendor.baaStatus` equal to the main BAA's status (lists, the board and the approval gate read it). */
export async function mirrorOnVendor(
  deps: Deps,
  baa: BaaRecord,
  extra: Partial<Vendor> = {},
  /** The vendor as the caller just wrote it (saves the first read; a conflict reads again). */
  known?: Vendor,
): Promise<Vendor | undefined> {
  if (baa.id !== MAIN_BAA) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const vendor = attempt === 0 && known ? known : await deps.vendors.get(baa.vendorId);
    if (!vendor) return;
    try {
      return await deps.vendors.save({
        ...vendor,
        baaStatus: baa.status,
        ...extra,
        updatedAt: baa.updatedAt,
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
}

/** Saves the BAA and mirrors its status on the vendor; returns the saved BAA and the vendor as written. */
export async function saveBaaAndVendor(
  deps: Deps,
  baa: BaaRecord,
  extra: Partial<Vendor> = {},
  known?: Vendor,
) {
  const saved = await deps.baas.save(baa);
  const vendor = await mirrorOnVendor(deps, saved, extra, known);
  return { saved, vendor };
}

export async function saveBaa(deps: Deps, baa: BaaRecord, extra: Partial<Vendor> = {}) {
  return (await saveBaaAndVendor(deps, baa, extra)).saved;
}

export function newBaa(vendor: Vendor, id: string, party: BaaRecord['party'], now: string): BaaRecord {
  return {
    id,
    vendorId: vendor.id,
    vendorName: vendor.name,
    party,
    status: 'required',
    documents: [],
    history: [{ at: now, actor: 'system', event: 'require', from: 'not_required', to: 'required' }],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** The vendor's main BAA record, created as `required` when the vendor handles PHI. */
export async function ensureMainBaa(deps: Deps, vendor: Vendor): Promise<BaaRecord | undefined> {
  const existing = await deps.baas.get(vendor.id, MAIN_BAA);
  if (existing || !vendor.baaRequired) return existing;
  await deps.baas.createIfAbsent(
    newBaa(vendor, MAIN_BAA, { type: 'vendor', name: vendor.name }, deps.clock.now().toISOString()),
  );
  return deps.baas.get(vendor.id, MAIN_BAA);
}

export { issueBaaLink } from './portal-links.ts';

/**
 * The sweep's effect on a BAA when a step of its expiry ladder fires: expiring at the first
 * reminder, expired at the date. During a renewal the old agreement's ladder keeps running: on its
 * expiry date the prior term is marked lapsed (the status stays in negotiation), and the caller
 * lapses the vendor's approval. Steps of other BAA ladders (response, review, return or destroy)
 * change no status.
 */
export function baaStatusAfterStep(
  baa: BaaRecord,
  offsetDays: number,
  at: string,
  kind: DueKind = 'baa_expiry',
): BaaRecord {
  if (kind !== 'baa_expiry') return baa;
  if (
    offsetDays >= 0 &&
    baa.priorTerm &&
    !baa.priorTerm.lapsedAt &&
    !['signed', 'expiring'].includes(baa.status)
  ) {
    return {
      ...baa,
      priorTerm: { ...baa.priorTerm, lapsedAt: at },
      history: [
        ...baa.history,
        {
          at,
          actor: SYSTEM.id,
          event: 'prior_term_lapsed',
          from: baa.status,
          to: baa.status,
          note: 'The agreement being renewed expired before its successor was signed',
        },
      ],
      updatedAt: at,
    };
  }
  const event: BaaEvent | null =
    offsetDays >= 0
      ? baa.status === 'signed' || baa.status === 'expiring'
        ? { type: 'expire' }
        : null
      : baa.status === 'signed'
        ? { type: 'mark_expiring' }
        : null;
  if (!event) return baa;
  return applyEvent(baa, event, SYSTEM, at);
}

/** True when this BAA's state means an approval given under it no longer stands. */
export function approvalLapses(baa: BaaRecord): boolean {
  return baa.status === 'expired' || baa.status === 'terminated' || baa.priorTerm?.lapsedAt !== undefined;
}
