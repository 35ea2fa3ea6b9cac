/**
 * The trust matrix's intake columns (issue 15 item 6), pure: where the data lives, the offshore
 * data review (policy; docs/offshore-data.md), and cyber insurance, where a confirmed, current
 * insurance document wins over what procurement was told at intake.
 */

import type { Currency } from '../domain/assurance-freshness.ts';
import { countryNames } from '../domain/countries.ts';
import { offshoreCountries } from '../domain/offshore-data.ts';
import { usd } from '../labels.ts';
import type { Vendor } from '../schemas/vendor.ts';

/** One matrix cell (trust-matrix.ts re-exports it). */
export interface Cell {
  /** For sorting and colour: current, expiring, stale, missing (or not_required). */
  state: Currency | 'not_required' | 'pending';
  /** Words for the page and the export. */
  text: string;
  /** ISO time the state changes (current until, lapsed on), when there is one. */
  until: string | null;
}

const day = (iso: string) => iso.slice(0, 10);

/** "United States, India; subcontractors: Ireland; support from abroad". */
export function dataLocationCell(vendor: Pick<Vendor, 'intake'>): Cell {
  const location = vendor.intake.dataLocation;
  const phi = vendor.intake.handlesPhi;
  if (!location) return { state: phi ? 'missing' : 'not_required', text: 'Not recorded', until: null };
  const subs = location.subcontractorCountries ?? [];
  const parts = [
    countryNames(location.vendorCountries),
    ...(subs.length ? [`subcontractors: ${countryNames(subs)}`] : []),
    ...(location.offshoreSupport === 'yes'
      ? ['support from abroad']
      : location.offshoreSupport === 'unknown'
        ? ['support from abroad unknown']
        : []),
  ];
  const offshore =
    offshoreCountries([...location.vendorCountries, ...subs]).length > 0 || location.offshoreSupport !== 'no';
  return {
    state: !offshore ? 'current' : phi ? 'pending' : 'not_required',
    text: parts.join('; '),
    until: null,
  };
}

/** The offshore review as the approval gate sees it (offshore-review.ts `offshoreGateInput`). */
export function offshoreCell(
  vendor: Pick<Vendor, 'intake'>,
  gate: {
    required: boolean;
    review: { decision: 'accepted' | 'not_accepted'; at: string; current: boolean } | null;
  },
): Cell {
  if (!vendor.intake.handlesPhi) return { state: 'not_required', text: 'Not needed (no PHI)', until: null };
  if (!gate.required) {
    return vendor.intake.dataLocation
      ? { state: 'current', text: 'Not needed: kept in the United States', until: null }
      : { state: 'missing', text: 'Data location not recorded', until: null };
  }
  const r = gate.review;
  if (!r) return { state: 'missing', text: 'Review needed', until: null };
  if (!r.current) return { state: 'missing', text: 'Review needed again: the location changed', until: null };
  return r.decision === 'accepted'
    ? { state: 'current', text: `Accepted on ${day(r.at)}`, until: null }
    : { state: 'stale', text: `Not accepted on ${day(r.at)}`, until: null };
}

/**
 * The insurance column: a confirmed, current (or expiring) insurance document wins; otherwise the
 * intake's answer, after the document's own state when one is on file but out of date or unconfirmed.
 */
export function insuranceCell(
  vendor: Pick<Vendor, 'intake'>,
  document: Cell,
  documentConfirmed: boolean,
): Cell {
  const documentCounts = documentConfirmed && (document.state === 'current' || document.state === 'expiring');
  const intake = vendor.intake.cyberInsurance;
  if (documentCounts || !intake) {
    return document.state === 'missing'
      ? { ...document, text: 'No certificate; intake: not recorded' }
      : document;
  }
  const details = [
    intake.carrier,
    intake.limitUsd === undefined ? undefined : `limit ${usd(intake.limitUsd)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const words =
    intake.carries === 'yes'
      ? `Intake says insured${details ? ` (${details})` : ''}`
      : intake.carries === 'no'
        ? 'Intake says not insured'
        : 'Insurance unknown at intake';
  return {
    state: intake.carries === 'yes' ? 'pending' : 'missing',
    text: document.state === 'missing' ? `${words}; no certificate` : `${document.text}; ${words}`,
    until: document.until,
  };
}
