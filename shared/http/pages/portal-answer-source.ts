/**
 * Evidence reuse on the questionnaire (docs/assurance.md "Evidence reuse"): the box on a question a
 * confirmed, current security document of the vendor can answer. Ticking "Use this document"
 * answers the question from it (the reviewer sees the document with the answer); unticking lets the
 * vendor answer as usual. Works without JavaScript: the choice is saved with the draft.
 */
import { formatDate } from '../../email/layout.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { AnswerSource } from '../../schemas/answer-source.ts';
import type { Question } from '../../schemas/questionnaire.ts';
import type { AnswerProposal } from '../../use-cases/evidence-reuse.ts';

export interface ReuseState {
  /** What the vendor's confirmed, current documents can answer, by question id. */
  proposals: ReadonlyMap<string, AnswerProposal>;
  /** The sources saved with the draft, by question id. */
  sources: Readonly<Record<string, AnswerSource>>;
  /** Which document each question uses as the form stands (saved, or as just posted). */
  chosen: ReadonlyMap<string, string>;
}

export function reuseBox(q: Question, reuse: ReuseState | undefined): SafeHtml | '' {
  if (!reuse) return '';
  const proposal = reuse.proposals.get(q.id);
  const saved = reuse.sources[q.id];
  if (!proposal) {
    // A document chosen earlier that can no longer answer: say so; the next save drops the source.
    return saved
      ? html`<div class="reuse reuse--stale" role="note"><p>You answered this from your ${saved.description}, which can no longer answer it (it is out of date or waiting for our compliance team). Check your answer: it will be saved as your own.</p></div>`
      : '';
  }
  const id = `source-${q.id}`;
  const checked = reuse.chosen.get(q.id) === proposal.documentId;
  return html`<div class="reuse" id="reuse-${q.id}">
<p id="reuse-text-${q.id}">${proposal.prompt}</p>
<label class="choice" for="${id}"><input type="checkbox" id="${id}" name="source.${q.id}" value="${proposal.documentId}" data-reuse-answer="${proposal.answer}" aria-describedby="reuse-text-${q.id} reuse-hint-${q.id}"${checked ? html` checked` : ''}><span>Use this document for my answer</span></label>
<p class="hint" id="reuse-hint-${q.id}">Our reviewer sees the document (${proposal.fileName}, confirmed ${formatDate(proposal.confirmedAt)}) with your answer. Leave it unticked to answer yourself.</p>
</div>`;
}

/** On the review page: where an answer comes from. */
export function sourceNote(source: AnswerSource | undefined): SafeHtml | '' {
  return source ? html`<dd class="answer-source">From your ${source.description}</dd>` : '';
}
