/** Portal pages for what went wrong: an unusable link, or any other failure (never a stack trace). */
import { html } from '../../html.ts';
import { page } from './page-layout.ts';
import { SECTION } from './portal-layout.ts';

const LINK_TITLES: Record<string, string> = {
  link_not_found: 'This link is not valid',
  link_revoked: 'This link has been replaced',
  link_expired: 'This link has expired',
};

/** An unknown, revoked or expired link: what happened and whom to contact. No portal data. */
export function linkProblemPage(m: {
  organisation: string;
  code: string;
  message: string;
  contact?: string;
}): string {
  const title = LINK_TITLES[m.code] ?? 'This page cannot be shown';
  const body = html`<div class="page-intro"><h1>${title}</h1></div>
<div class="card">
<p>${m.message}</p>
${m.contact ? html`<p>Contact: <a href="mailto:${m.contact}">${m.contact}</a></p>` : ''}
</div>`;
  return page({ title, body, organisation: m.organisation, section: SECTION });
}

/** Any other failure on a portal page: a plain message, never a stack trace. */
export function problemPage(m: {
  organisation: string;
  title: string;
  message: string;
  contact?: string;
  backUrl?: string;
}): string {
  const body = html`<div class="page-intro"><h1>${m.title}</h1></div>
<div class="card">
<p>${m.message}</p>
${m.contact ? html`<p>If this keeps happening, contact <a href="mailto:${m.contact}">${m.contact}</a>.</p>` : ''}
${m.backUrl ? html`<p><a href="${m.backUrl}">Back to your questionnaire</a></p>` : ''}
</div>`;
  return page({ title: m.title, body, organisation: m.organisation, section: SECTION });
}
