/**
 * The audit packet's small formatting helpers and word tables, shared by its sections.
 */
import { html, type SafeHtml } from '../../../html.ts';
import { humanDate } from '../../../labels.ts';

export const DASH = '—';
export const when = (iso: string | null | undefined) =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : DASH;
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : DASH);
export const yesNo = (value: boolean | null | undefined) =>
  value === undefined || value === null ? DASH : value ? 'Yes' : 'No';
/** "Security questionnaire sent March 4, 2026": an assessment by what and when, not by id. */
export const assessmentName = (a: { questionnaire?: { title: string } | null; createdAt: string }) =>
  `${a.questionnaire?.title ?? 'Security assessment'}, started ${humanDate(a.createdAt)}`;
/**
 * A SHA-256 shortened for print (12 characters); the full value is in the title (hover, copy) and
 * in the JSON exports (GET /vendors/{id}/audit), so the packet stays readable without losing it.
 */
export const shortHash = (hash: string) =>
  html`<span class="hash" title="${hash}">${hash.slice(0, 12)}…<span class="visually-hidden"> (full SHA-256: ${hash})</span></span>`;

export const DECISION_WORDS: Record<string, string> = {
  approve: 'Approved',
  approve_with_conditions: 'Approved with conditions',
  reject: 'Rejected',
  needs_review: 'Needs review',
};
export const SYSTEM_ACCESS_WORDS: Record<string, string> = {
  none: 'No access to our systems',
  user: 'User-level access to our systems',
  privileged: 'Privileged access to our systems',
};
export const RECORD_VOLUME_WORDS: Record<string, string> = {
  none: 'No records',
  under_500: 'Fewer than 500 individuals',
  '500_to_10k': '500 to 10,000 individuals',
  '10k_to_100k': '10,000 to 100,000 individuals',
  over_100k: 'More than 100,000 individuals',
};

export function kv(rows: readonly [string, SafeHtml | string | number | null | undefined][]): SafeHtml {
  return html`<dl class="kv">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? DASH}</dd>`)}</dl>`;
}

export function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
