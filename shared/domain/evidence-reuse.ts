/**
 * The evidence-reuse rule (pure; docs/assurance.md "Evidence reuse"): can this assurance document
 * answer this question for this vendor now, and with what answer? The table of which document
 * answers which question is template data (`answerFrom`, shared/content/questionnaires/evidence-reuse.ts);
 * this module applies it. A document answers only when it is this vendor's, of a kind the question
 * accepts, confirmed by compliance and current.
 */
import type { AnswerFrom } from '../schemas/questionnaire.ts';

/** What the rule reads of a document (its currency computed from confirmed documents only). */
export interface ReuseDocument {
  id: string;
  vendorId: string;
  type: string;
  status: 'submitted' | 'confirmed';
  fields: Record<string, unknown> & { type: string };
  /** When it stops being current (ISO time), or null when it never is (a bridge letter on its own). */
  currentUntil: string | null;
}

export type ReuseProblem =
  | 'document_not_on_file'
  | 'document_cannot_answer'
  | 'document_not_confirmed'
  | 'document_not_current';

export type ReuseCheck = { ok: true; answer: string } | { ok: false; problem: ReuseProblem };

/** Whether `doc` is one of the kinds `rule` accepts (type, and every `where` field among its values). */
export function documentMatches(rule: AnswerFrom, doc: Pick<ReuseDocument, 'type' | 'fields'>): boolean {
  return rule.documents.some(
    (kind) =>
      kind.type === doc.type &&
      Object.entries(kind.where ?? {}).every(([field, values]) =>
        values.includes(doc.fields[field] as string | number),
      ),
  );
}

/** The answer `doc` gives to a question with `rule`, or why it gives none (checked in this order). */
export function documentAnswer(
  rule: AnswerFrom | undefined,
  doc: ReuseDocument,
  ctx: { vendorId: string; now: Date },
): ReuseCheck {
  if (doc.vendorId !== ctx.vendorId) return { ok: false, problem: 'document_not_on_file' };
  if (!rule || !documentMatches(rule, doc)) return { ok: false, problem: 'document_cannot_answer' };
  if (doc.status !== 'confirmed') return { ok: false, problem: 'document_not_confirmed' };
  if (!doc.currentUntil || Date.parse(doc.currentUntil) <= ctx.now.getTime()) {
    return { ok: false, problem: 'document_not_current' };
  }
  const answer = 'value' in rule.answer ? rule.answer.value : doc.fields[rule.answer.field];
  return typeof answer === 'string' ? { ok: true, answer } : { ok: false, problem: 'document_cannot_answer' };
}

/** The document to propose for a question: of those that answer, the one current the longest. */
export function proposalFor<D extends ReuseDocument>(
  rule: AnswerFrom | undefined,
  docs: readonly D[],
  ctx: { vendorId: string; now: Date },
): { doc: D; answer: string } | undefined {
  let best: { doc: D; answer: string } | undefined;
  for (const doc of docs) {
    const check = documentAnswer(rule, doc, ctx);
    if (!check.ok) continue;
    if (!best || Date.parse(doc.currentUntil!) > Date.parse(best.doc.currentUntil!)) {
      best = { doc, answer: check.answer };
    }
  }
  return best;
}

export type SourceStanding = 'current' | 'out_of_date' | 'replaced' | 'unconfirmed' | 'corrected' | 'removed';

/**
 * How a stored source stands today, for the reviewer. The submitted answer never changes; the
 * reviewer is told when the document behind it went out of date, was replaced by a newer version,
 * is waiting for compliance again, was corrected by compliance so that it no longer gives the
 * answer (`rule`: the question's; e.g. a pen test corrected to two open critical issues), or is gone.
 */
export function sourceStanding(
  source: { version: number; answer?: string },
  doc: (ReuseDocument & { latestVersion: number }) | undefined,
  now: Date,
  rule?: AnswerFrom,
): SourceStanding {
  if (!doc) return 'removed';
  if (doc.latestVersion !== source.version) return 'replaced';
  if (doc.status !== 'confirmed') return 'unconfirmed';
  if (!doc.currentUntil || Date.parse(doc.currentUntil) <= now.getTime()) return 'out_of_date';
  if (rule && source.answer !== undefined) {
    const check = documentAnswer(rule, doc, { vendorId: doc.vendorId, now });
    if (!check.ok || check.answer !== source.answer) return 'corrected';
  }
  return 'current';
}
