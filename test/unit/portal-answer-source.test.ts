/**
 * The portal's words for evidence reuse (pure renders): the proposal box on a question, the note on
 * a source that can no longer answer, and "From your …" on the review page.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '#shared/content/questionnaires/index.ts';
import { questionnairePage, reviewPage } from '#shared/http/pages/portal-pages.ts';
import type { AnswerSource } from '#shared/schemas/answer-source.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { AnswerProposal } from '#shared/use-cases/evidence-reuse.ts';

const questions = getTemplate('hipaa-vendor-security', 2)!.questions.filter(
  (q) => q.id === 'gov-independent-audit',
);
const intake = { handlesPhi: true, medicalDevice: false, systemAccess: 'user' } as unknown as Intake;
const ctx = {
  organisation: 'Example Health',
  token: 'T'.repeat(43),
  contact: 'c@example.org',
  vendorName: 'Acme',
};
const description = 'SOC 2 report (Type II), period January 1, 2025 to December 31, 2025, Example Audit LLP';
const source: AnswerSource = {
  documentId: 'doc_1',
  documentType: 'soc2',
  version: 1,
  fileName: 'soc2.pdf',
  sha256: 'a'.repeat(64),
  description,
  answer: 'yes',
  confirmedAt: '2026-01-05T10:00:00.000Z',
  currentUntil: '2026-12-31T00:00:00.000Z',
  usedAt: '2026-02-01T10:00:00.000Z',
};
const proposal: AnswerProposal = {
  questionId: 'gov-independent-audit',
  documentId: 'doc_1',
  documentType: 'soc2',
  documentLabel: 'SOC 2 report',
  description,
  version: 1,
  fileName: 'soc2.pdf',
  sha256: 'a'.repeat(64),
  answer: 'yes',
  answerText: 'Yes',
  confirmedAt: source.confirmedAt,
  currentUntil: source.currentUntil,
  prompt: `Your ${description} (confirmed by our compliance team, current until December 31, 2026) can answer this: “Yes”.`,
};
const form = (reuse: Parameters<typeof questionnairePage>[0]['reuse']) =>
  questionnairePage({
    ...ctx,
    title: 'Q',
    dueAt: null,
    questions,
    intake,
    values: {},
    ...(reuse ? { reuse } : {}),
  });

describe('the proposal on the questionnaire page', () => {
  it('offers the document, unticked until the vendor chooses it', () => {
    const html = form({
      proposals: new Map([[proposal.questionId, proposal]]),
      sources: {},
      chosen: new Map(),
    });
    expect(html).toContain(
      'Your SOC 2 report (Type II), period January 1, 2025 to December 31, 2025, Example Audit LLP (confirmed by our compliance team, current until December 31, 2026) can answer this: “Yes”.',
    );
    expect(html).toContain('Use this document for my answer');
    expect(html).toContain(
      'Our reviewer sees the document (soc2.pdf, confirmed January 5, 2026) with your answer.',
    );
    expect(html).not.toMatch(/name="source\.gov-independent-audit"[^>]* checked/);
  });

  it('shows it ticked once chosen', () => {
    const html = form({
      proposals: new Map([[proposal.questionId, proposal]]),
      sources: { 'gov-independent-audit': source },
      chosen: new Map([['gov-independent-audit', 'doc_1']]),
    });
    expect(html).toMatch(/name="source\.gov-independent-audit" value="doc_1"[^>]* checked/);
  });

  it('says so when a chosen document can no longer answer, and offers no box', () => {
    const html = form({
      proposals: new Map(),
      sources: { 'gov-independent-audit': source },
      chosen: new Map([['gov-independent-audit', 'doc_1']]),
    });
    expect(html).toContain(
      `You answered this from your ${description}, which can no longer answer it (it is out of date or waiting for our compliance team). Check your answer: it will be saved as your own.`,
    );
    expect(html).not.toContain('Use this document for my answer');
  });

  it('shows nothing without proposals or sources', () => {
    expect(form(undefined)).not.toContain('class="reuse');
  });
});

describe('the review page', () => {
  it('says where an answer taken from a document comes from', () => {
    const html = reviewPage({
      ...ctx,
      title: 'Q',
      questions,
      answers: { 'gov-independent-audit': 'yes' },
      reviewHash: 'h',
      sources: { 'gov-independent-audit': source },
    });
    expect(html).toContain(`From your ${description}`);
  });
});
