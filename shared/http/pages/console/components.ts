/**
 * The console's frame and small shared pieces: labels, badges, dates, notices, pagers, CSRF field,
 * the error summary. Pure render functions; every value goes through `html`.
 *
 * The frame is the shared page layout (page-layout.ts) with the console stylesheet added to its
 * head, so the console keeps the portal's look (header, type, colours, focus) and adds its own
 * wider grid, tables and board on top.
 */
import { createHash } from 'node:crypto';
import { html, type SafeHtml } from '../../../html.ts';
import type { Role } from '../../../schemas/core.ts';
import type { Finding } from '../../../schemas/finding.ts';
import type { VendorStage } from '../../../schemas/vendor.ts';
import { CSRF_FIELD } from '../../session.ts';
import { CONSOLE_CSS } from '../assets/console-css.ts';
import { page } from '../page-layout.ts';

export const CONSOLE_CSS_URL = `/assets/console.css?v=${createHash('sha256').update(CONSOLE_CSS).digest('hex').slice(0, 12)}`;

/** Who is signed in, and the token their forms carry. */
export interface Viewer {
  email: string;
  role: Role;
  csrf: string;
}

export type NavKey = 'board' | 'vendors' | 'findings' | 'baas' | 'incidents' | 'trust' | 'none';

export interface Notice {
  kind: 'success' | 'info' | 'warn' | 'error';
  message: string | SafeHtml;
}

export const STAGES: readonly VendorStage[] = [
  'intake',
  'assessment_sent',
  'answered',
  'in_remediation',
  'decided',
];

// The label catalogue lives in shared/labels.ts (also used by gates, the packet and the exports).
import {
  BAA_STATUS_LABELS,
  DECISION_LABELS,
  FINDING_STATUS_LABELS,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
} from '../../../labels.ts';

export {
  BAA_STATUS_LABELS,
  DECISION_LABELS,
  FINDING_STATUS_LABELS,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `2026-03-04` (UTC), in a <time> element. */
export function day(iso: string | null | undefined): SafeHtml | string {
  if (!iso) return '—';
  return html`<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
}

/** `2026-03-04 14:05 UTC`, in a <time> element. */
export function dateTime(iso: string | null | undefined): SafeHtml | string {
  if (!iso) return '—';
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

export const tierBadge = (tier: string) =>
  html`<span class="tag tag--tier-${tier}" title="Inherent-risk tier">${capital(tier)} tier</span>`;

export const severityBadge = (severity: string) =>
  html`<span class="tag tag--sev-${severity}">${capital(severity)}</span>`;

export const baaBadge = (status: string) =>
  html`<span class="tag tag--baa-${status}">BAA: ${labelOf(BAA_STATUS_LABELS, status)}</span>`;

export const statusTag = (text: string, tone: 'neutral' | 'good' | 'warn' | 'bad' = 'neutral') =>
  html`<span class="tag tag--${tone}">${text}</span>`;

export function findingStatusTag(status: Finding['status']) {
  const tone = status === 'open' ? 'warn' : status === 'fix_reported' ? 'neutral' : 'good';
  return statusTag(labelOf(FINDING_STATUS_LABELS, status), tone);
}

export const csrfField = (viewer: Viewer) =>
  html`<input type="hidden" name="${CSRF_FIELD}" value="${viewer.csrf}">`;

export function noticeBanner(notice: Notice | undefined): SafeHtml | '' {
  if (!notice) return '';
  const role = notice.kind === 'error' || notice.kind === 'warn' ? 'alert' : 'status';
  return html`<div class="banner banner--${notice.kind}" role="${role}"><p>${notice.message}</p></div>`;
}

/** A list of field problems, each linking to its field (ids are the caller's). */
export function errorSummary(errors: readonly { field?: string; message: string }[]): SafeHtml | '' {
  if (errors.length === 0) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">There ${errors.length === 1 ? 'is a problem' : `are ${errors.length} problems`} to fix</h2>
<ul>${errors.map((e) => html`<li>${e.field ? html`<a href="#${e.field}">${e.message}</a>` : e.message}</li>`)}</ul>
</div>`;
}

/** Links to the next page (and back to the first), keeping the filters. */
export function pager(options: {
  path: string;
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  isFirstPage: boolean;
  shown: number;
  noun: string;
}): SafeHtml {
  const query = (extra: Record<string, string>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...options.params, ...extra })) if (v) search.set(k, v);
    const s = search.toString();
    return s ? `${options.path}?${s}` : options.path;
  };
  return html`<nav class="pager" aria-label="Pages">
<p class="pager__count">${options.shown} ${options.noun}${options.shown === 1 ? '' : 's'} on this page</p>
<div class="pager__links">
${options.isFirstPage ? '' : html`<a class="button button--secondary button--small" href="${query({})}">First page</a>`}
${options.nextCursor ? html`<a class="button button--small" rel="next" href="${query({ cursor: options.nextCursor })}">Next page →</a>` : ''}
</div>
</nav>`;
}

const NAV: readonly { key: NavKey; href: string; label: string }[] = [
  { key: 'board', href: '/console', label: 'Pipeline' },
  { key: 'vendors', href: '/console/vendors', label: 'Vendors' },
  { key: 'findings', href: '/console/findings', label: 'Findings' },
  { key: 'baas', href: '/console/baas', label: 'BAAs' },
  { key: 'incidents', href: '/console/incidents', label: 'Incidents' },
  { key: 'trust', href: '/console/trust', label: 'Trust matrix' },
];

function header(viewer: Viewer | undefined, active: NavKey): SafeHtml {
  if (!viewer) return html``;
  return html`<nav class="console-nav" aria-label="Console">
<ul>${NAV.map(
    (n) =>
      html`<li><a href="${n.href}"${n.key === active ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  )}</ul>
</nav>
<div class="console-user">
<span class="console-user__who"><span class="visually-hidden">Signed in as </span>${viewer.email} <span class="console-user__role">${ROLE_LABELS[viewer.role]}</span></span>
<form method="post" action="/console/logout">${csrfField(viewer)}<button type="submit" class="button button--header">Sign out</button></form>
</div>`;
}

/** A complete console document. */
export function consolePage(options: {
  title: string;
  organisation: string;
  viewer?: Viewer;
  active?: NavKey;
  body: SafeHtml;
}): string {
  return page({
    title: options.title,
    organisation: options.organisation,
    section: 'Vendor risk console',
    headerExtra: header(options.viewer, options.active ?? 'none'),
    body: html`<div class="console">${options.body}</div>`,
    stylesheets: [CONSOLE_CSS_URL],
  });
}

/** A page for a refused or failed request (403, 404, 409, 500). */
export function problemPage(options: {
  organisation: string;
  viewer?: Viewer;
  status: number;
  title: string;
  message: string;
  backUrl?: string;
  backLabel?: string;
}): string {
  return consolePage({
    title: options.title,
    organisation: options.organisation,
    ...(options.viewer ? { viewer: options.viewer } : {}),
    body: html`<div class="page-intro">
<p class="eyebrow">Error ${options.status}</p>
<h1>${options.title}</h1>
</div>
<div class="card problem"><p>${options.message}</p>
<p><a href="${options.backUrl ?? '/console'}">${options.backLabel ?? 'Back to the pipeline'}</a></p></div>`,
  });
}
