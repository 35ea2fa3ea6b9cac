/**
 * The audit packet's small formatting helpers and word tables, shared by its sections.
 */
import { html, type SafeHtml } from '../../../html.ts';
import { humanDate, humanDateTime } from '../../../labels.ts';

export const DASH = '—';
/** "March 4, 2026, 14:05 UTC" (the catalogue's words, with the zone). */
export const when = (iso: string | null | undefined) => (iso ? humanDateTime(iso) : DASH);
/** "March 4, 2026". */
export const day = (iso: string | null | undefined) => (iso ? humanDate(iso) : DASH);
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

// The catalogue's tables under the names the packet's sections use.
export {
  DECISION_LABELS as DECISION_WORDS,
  RECORD_VOLUME_LABELS as RECORD_VOLUME_WORDS,
  SYSTEM_ACCESS_LABELS as SYSTEM_ACCESS_WORDS,
} from '../../../labels.ts';

export function kv(rows: readonly [string, SafeHtml | string | number | null | undefined][]): SafeHtml {
  return html`<dl class="kv">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? DASH}</dd>`)}</dl>`;
}

export function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
