/**
 * The questionnaire's form parts: which questions are rendered for an intake (with what their
 * visibility still depends on), one control per question type, the evidence upload widget, the
 * error summary and the progress card. Pure render functions.
 */
import { resolveIntakeConditions } from '../../domain/question-count.ts';
import { visibleQuestions } from '../../domain/question-visibility.ts';
import { UPLOAD_TYPES } from '../../domain/upload-policy.ts';
import { html, type SafeHtml } from '../../html.ts';
import type { Intake } from '../../schemas/intake.ts';
import {
  type Answers,
  type Condition,
  DEFAULT_TEXT_MAX_LENGTH,
  type EvidenceRef,
  type Question,
} from '../../schemas/questionnaire.ts';
import { type FieldError, type PortalContext, portalUrl } from './portal-layout.ts';

export const YES_NO_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  partial: 'Partially',
  na: 'Not applicable',
};
const UPLOAD_ACCEPT = [
  ...Object.keys(UPLOAD_TYPES),
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.txt',
  '.csv',
  '.docx',
  '.xlsx',
].join(',');
const UPLOAD_KINDS = Object.values(UPLOAD_TYPES).join(', ');

export function hasValue(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export interface Layout {
  /** Questions that can ever show for this intake, with what their visibility still depends on. */
  rendered: { question: Question; rule: Condition | true; visible: boolean }[];
  visibleCount: number;
  answeredCount: number;
}

export function layoutQuestions(
  questions: readonly Question[],
  intake: Intake,
  values: Record<string, unknown>,
) {
  const visible = new Set(visibleQuestions(questions, intake, values as Answers).map((q) => q.id));
  const rendered: Layout['rendered'] = [];
  for (const question of questions) {
    const rule = question.showIf ? resolveIntakeConditions(question.showIf, intake) : true;
    if (rule === false) continue;
    rendered.push({ question, rule, visible: visible.has(question.id) });
  }
  const shown = rendered.filter((r) => r.visible);
  return {
    rendered,
    visibleCount: shown.length,
    answeredCount: shown.filter((r) => hasValue(values[r.question.id])).length,
  } satisfies Layout;
}

/** The first focusable control of a question: where the error summary's link points. */
export function firstControlId(q: Question): string {
  if (q.type === 'yes_no') return `q-${q.id}-yes`;
  if (q.type === 'single_choice' || q.type === 'multi_choice')
    return `q-${q.id}-${q.options?.[0]?.value ?? ''}`;
  if (q.type === 'evidence') return `question-${q.id}`;
  return `q-${q.id}`;
}

/** A summary of 40 links helps nobody: the first few, then a count (every field shows its own). */
const MAX_SUMMARY_ITEMS = 10;

export function errorSummary(
  errors: readonly FieldError[],
  questions: readonly Question[],
  intro?: string,
): SafeHtml | '' {
  if (errors.length === 0) return '';
  const byId = new Map(questions.map((q) => [q.id, q]));
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-error-summary>
<h2 id="error-summary-title">There ${errors.length === 1 ? 'is a problem' : `are ${errors.length} problems`} to fix</h2>
${intro ? html`<p>${intro}</p>` : ''}
<ul>${errors.slice(0, MAX_SUMMARY_ITEMS).map((e) => {
    const q = e.questionId ? byId.get(e.questionId) : undefined;
    return html`<li>${q ? html`<a href="#${firstControlId(q)}">${e.message}</a>` : e.message}</li>`;
  })}${errors.length > MAX_SUMMARY_ITEMS ? html`<li>…and ${errors.length - MAX_SUMMARY_ITEMS} more, each marked below.</li>` : ''}</ul>
</div>`;
}

export function evidenceList(value: unknown): EvidenceRef[] {
  return Array.isArray(value)
    ? value.filter(
        (v): v is EvidenceRef =>
          typeof v === 'object' && v !== null && typeof (v as EvidenceRef).name === 'string',
      )
    : [];
}

export const formatSize = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;

/**
 * A file picker that uploads through the portal API (portal.js), keeping the evidence references
 * as JSON in a hidden input named `fieldName`. Without JavaScript it explains the alternative.
 */
export function uploadWidget(options: {
  ctx: PortalContext;
  idBase: string;
  fieldName: string;
  purpose: string;
  value: unknown;
  label: string;
  describedBy: string[];
}): SafeHtml {
  const { ctx, idBase } = options;
  const files = evidenceList(options.value);
  const stored = Array.isArray(options.value)
    ? JSON.stringify(options.value)
    : typeof options.value === 'string'
      ? options.value
      : '';
  const describedBy = [...options.describedBy, `upload-hint-${idBase}`, `upload-error-${idBase}`].join(' ');
  return html`<div class="upload-scope" data-upload-scope>
<input type="hidden" name="${options.fieldName}" id="evidence-${idBase}" value="${stored}">
<div class="upload" data-upload hidden>
<label for="file-${idBase}">${options.label}</label>
<p class="hint" id="upload-hint-${idBase}">${UPLOAD_KINDS}; up to 10 MB each.</p>
<input type="file" id="file-${idBase}" multiple accept="${UPLOAD_ACCEPT}" data-upload-url="${portalUrl(ctx.token, '/uploads')}" data-purpose="${options.purpose}" data-target="evidence-${idBase}" aria-describedby="${describedBy}">
<p class="upload-status" data-upload-status aria-live="polite"></p>
<p class="upload-error" id="upload-error-${idBase}" data-upload-error role="alert" hidden></p>
</div>
<ul class="file-list" data-file-list${files.length === 0 ? html` hidden` : ''}>${files.map(
    (f) => html`<li><span>${f.name} <span class="file-size">(${formatSize(f.size)})</span></span></li>`,
  )}</ul>
<p class="nojs-note" data-nojs>Uploading files needs JavaScript. If you cannot turn it on, email the file to <a href="mailto:${ctx.contact}">${ctx.contact}</a> and say which question it belongs to.</p>
</div>`;
}

function choiceInput(
  q: Question,
  type: 'radio' | 'checkbox',
  value: string,
  label: string,
  checked: boolean,
  exclusive = false,
): SafeHtml {
  const id = `q-${q.id}-${value}`;
  return html`<label class="choice" for="${id}"><input type="${type}" id="${id}" name="q.${q.id}" value="${value}"${checked ? html` checked` : ''}${exclusive ? html` data-exclusive` : ''}><span>${label}</span></label>`;
}

function questionControl(
  ctx: PortalContext,
  q: Question,
  value: unknown,
  describedBy: string[],
  invalid: boolean,
): SafeHtml {
  const aria = html`aria-labelledby="text-${q.id}"${describedBy.length ? html` aria-describedby="${describedBy.join(' ')}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
  const scalar = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  switch (q.type) {
    case 'yes_no': {
      const allowed = ['yes', 'no', ...(q.allowPartial ? ['partial'] : []), ...(q.allowNa ? ['na'] : [])];
      return html`<div class="choices">${allowed.map((v) => choiceInput(q, 'radio', v, YES_NO_LABELS[v] ?? v, value === v))}</div>`;
    }
    case 'single_choice':
      return html`<div class="choices choices--stacked">${(q.options ?? []).map((o) =>
        choiceInput(q, 'radio', o.value, o.label, value === o.value),
      )}</div>`;
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return html`<p class="hint">Select all that apply.</p><div class="choices choices--stacked">${(
        q.options ?? []
      ).map((o) =>
        choiceInput(q, 'checkbox', o.value, o.label, chosen.includes(o.value), o.exclusive ?? false),
      )}</div>`;
    }
    case 'number': {
      const range =
        q.min !== undefined && q.max !== undefined
          ? `Enter a number between ${q.min} and ${q.max}.`
          : q.min !== undefined
            ? `Enter a number of at least ${q.min}.`
            : q.max !== undefined
              ? `Enter a number of at most ${q.max}.`
              : 'Enter a number.';
      return html`<input type="number" id="q-${q.id}" name="q.${q.id}" inputmode="decimal" step="any"${q.min !== undefined ? html` min="${q.min}"` : ''}${q.max !== undefined ? html` max="${q.max}"` : ''} value="${scalar}" ${aria}>
<p class="hint">${range}</p>`;
    }
    case 'date':
      // Browsers without a date picker show the placeholder; the posted value is YYYY-MM-DD either way.
      return html`<input type="date" id="q-${q.id}" name="q.${q.id}" value="${scalar}" placeholder="YYYY-MM-DD" ${aria}>`;
    case 'text': {
      const max = q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      return html`<textarea id="q-${q.id}" name="q.${q.id}" rows="4" maxlength="${max}" ${aria}>${scalar}</textarea>
<p class="hint">Up to ${max} characters.</p>`;
    }
    case 'evidence':
      return uploadWidget({
        ctx,
        idBase: q.id,
        fieldName: `q.${q.id}`,
        purpose: q.id,
        value,
        label: 'Add a file',
        // The fieldset already carries the help and error descriptions.
        describedBy: [],
      });
  }
}

const GROUP_TYPES: readonly Question['type'][] = ['yes_no', 'single_choice', 'multi_choice', 'evidence'];

export function questionBlock(
  ctx: PortalContext,
  entry: Layout['rendered'][number],
  value: unknown,
  error: FieldError | undefined,
  /** A proposal to answer from a security document (portal-answer-source.ts), shown above the control. */
  reuse: SafeHtml | '' = '',
): SafeHtml {
  const { question: q, rule, visible } = entry;
  const describedBy = [...(q.help ? [`help-${q.id}`] : []), ...(error ? [`error-${q.id}`] : [])];
  // Groups of controls are described on the fieldset; a single input carries its own description.
  const onFieldset = GROUP_TYPES.includes(q.type) && describedBy.length > 0;
  return html`<fieldset class="question${error ? ' has-error' : ''}" id="question-${q.id}" data-question="${q.id}" data-type="${q.type}"${rule === true ? '' : html` data-show-if="${JSON.stringify(rule)}"`}${visible ? '' : html` hidden`}${onFieldset ? html` aria-describedby="${describedBy.join(' ')}"` : ''}>
<legend><span class="q-title">${q.title}${q.critical ? html`<span class="badge badge--critical">Critical</span>` : ''}${q.required ? '' : html`<span class="q-optional">(optional)</span>`}</span><span class="q-text" id="text-${q.id}">${q.text}</span></legend>
${q.help ? html`<p class="q-help" id="help-${q.id}">${q.help}</p>` : ''}
${error ? html`<p class="field-error" id="error-${q.id}"><span class="visually-hidden">Error:</span> ${error.message}</p>` : ''}
${reuse}
${questionControl(ctx, q, value, describedBy, error !== undefined)}
</fieldset>`;
}

export function progressCard(answered: number, visible: number): SafeHtml {
  return html`<div class="card progress-card">
<p id="progress-label"><span data-progress-answered>${answered}</span> of <span data-progress-visible>${visible}</span> answered</p>
<progress data-progress max="${Math.max(visible, 1)}" value="${answered}" aria-labelledby="progress-label">${answered} of ${visible}</progress>
</div>`;
}
