/**
 * What every vendor portal page shares: the request context, the page frame with its footer, and
 * the notice banner. Every vendor- or content-supplied value goes through `html`.
 */
import { html, type SafeHtml } from '../../html.ts';
import { page } from './page-layout.ts';

/** What every portal page knows about the request. */
export interface PortalContext {
  organisation: string;
  /** The private link token (already verified by openPortal). */
  token: string;
  /** Whom the vendor contacts with questions. */
  contact: string;
  vendorName: string;
}

export interface FieldError {
  questionId?: string;
  message: string;
}

export interface Notice {
  kind: 'success' | 'info' | 'warn' | 'error';
  message: SafeHtml | string;
}

export const SECTION = 'Vendor security portal';

export const portalUrl = (token: string, suffix = '') => `/portal/${token}${suffix}`;
export const utcTime = (iso: string) => `${iso.slice(11, 16)} UTC`;

function footer(ctx: PortalContext): SafeHtml {
  return html`<p>Questions about this questionnaire? Contact <a href="mailto:${ctx.contact}">${ctx.contact}</a>.</p>
<p>This page is private to ${ctx.vendorName}: anyone with the link can open it, so please do not forward it.</p>`;
}

export function portalPage(ctx: PortalContext, title: string, body: SafeHtml): string {
  return page({
    title,
    body,
    organisation: ctx.organisation,
    section: SECTION,
    footer: footer(ctx),
    script: true,
  });
}

export function noticeBanner(notice: Notice | undefined): SafeHtml | '' {
  if (!notice) return '';
  const role = notice.kind === 'error' || notice.kind === 'warn' ? 'alert' : 'status';
  return html`<div class="banner banner--${notice.kind}" role="${role}"><p>${notice.message}</p></div>`;
}
