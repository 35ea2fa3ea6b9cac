/**
 * One vendor, everything staff need to act on it: intake and tier, assessments (score history),
 * the findings of the latest reviewed assessment with their deadlines and ladder, the BAA (documents,
 * clause review, signing), the approval gates and decision, the decisions so far and the audit trail.
 *
 * Forms appear only for the roles that may use them (the routes check again). A refused form comes
 * back with the message next to it, its values kept and its <details> open. No JavaScript.
 */

import { html, type SafeHtml } from '../../../html.ts';
import { actorLabel, auditActionLabel } from '../../../labels.ts';
import { consolePage, dateTime, noticeBanner } from './components.ts';
import { approval } from './vendor-approval.ts';
import { baaSection } from './vendor-baa.ts';
import { findings } from './vendor-findings.ts';
import { assessments, overview } from './vendor-overview.ts';
import { actorsOf, type VendorModel } from './vendor-page-model.ts';

export { exceptionItems } from './vendor-baa.ts';
export type {
  FindingRow,
  FormProblem,
  GateCell,
  GateRow,
  LadderSummary,
  VendorCapabilities,
  VendorModel,
} from './vendor-page-model.ts';

// --- audit -------------------------------------------------------------------------------------------

function auditTrail(model: VendorModel): SafeHtml {
  return html`<section class="card" aria-labelledby="audit">
<div class="section__head section__head--row"><h2 id="audit">Audit trail</h2>
<a class="button button--secondary button--small" href="/vendors/${model.vendor.id}/audit-packet?download=1">Download audit packet</a></div>
<p class="muted">Newest first. Every event is hash-chained per vendor.${model.auditTotal > model.audit.length ? ` Showing the latest ${model.audit.length} of ${model.auditTotal}; the packet has them all.` : ''}</p>
<ol class="timeline">${model.audit.map(
    (e) => html`<li class="timeline__item">
<p class="timeline__meta">${dateTime(e.at)} · <span class="timeline__actor">${actorLabel(e.actor, actorsOf(model))}</span> · ${auditActionLabel(e.action)}</p>
<p class="timeline__summary">${e.summary}</p>
</li>`,
  )}</ol>
</section>`;
}

export function vendorPage(model: VendorModel): string {
  const body = html`${noticeBanner(model.notice)}
${model.problem ? noticeBanner({ kind: 'error', message: html`${model.problem.message} <a href="#${anchorOf(model.problem.form)}">Go to the form</a>` }) : ''}
${overview(model)}
${assessments(model)}
${findings(model)}
${baaSection(model)}
${approval(model)}
${auditTrail(model)}`;
  return consolePage({
    title: model.vendor.name,
    organisation: model.organisation,
    viewer: model.viewer,
    active: 'vendors',
    body,
  });
}

/** Where a form lives on the page, for the banner's link. */
function anchorOf(form: string): string {
  const [kind, id] = form.split(':');
  if (id && ['extend', 'accept', 'verify'].includes(kind!)) return `finding-${id}`;
  if (id) return `baa-${id}`;
  if (form === 'decision') return 'approval';
  return 'main';
}
