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
  /**
   * The vendor's other portal pages, linked at the foot of the questionnaire and the remediation
   * plan. Only what this vendor has: its own token's pages and its own incident link.
   */
  otherPages?: OtherPages;
}

/** Which of the vendor's other pages exist (every link is the vendor's own). */
export interface OtherPages {
  /** A BAA is in play (required, in negotiation, signed, expiring, ended): the BAA page. */
  baa: boolean;
  /** The vendor's standing incident link, when it has been issued (it is in every vendor email). */
  incidentUrl?: string;
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

/** "Your other pages": the BAA page, the security documents page and the incident report form. */
export function otherPagesNav(ctx: PortalContext): SafeHtml | '' {
  const other = ctx.otherPages;
  if (!other) return '';
  const links = [
    ...(other.baa
      ? [
          {
            href: portalUrl(ctx.token, '/baa'),
            label: 'Business Associate Agreement',
            hint: 'where the agreement stands, our document, your uploads',
          },
        ]
      : []),
    {
      href: portalUrl(ctx.token, '/security'),
      label: 'Security documents',
      hint: 'your SOC 2 report, certificates, penetration test and insurance',
    },
    ...(other.incidentUrl
      ? [
          {
            href: other.incidentUrl,
            label: 'Report an incident',
            hint: 'a security incident or a suspected breach, at any time',
          },
        ]
      : []),
  ];
  return html`<nav class="card other-pages" aria-labelledby="other-pages-title">
<h2 id="other-pages-title">Your other pages</h2>
<ul>${links.map((l) => html`<li><a href="${l.href}">${l.label}</a>: ${l.hint}</li>`)}</ul>
</nav>`;
}

export function portalPage(ctx: PortalContext, title: string, body: SafeHtml): string {
  return page({
    title,
    body: html`${body}
${otherPagesNav(ctx)}`,
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
