/**
 * Evidence reuse through the real local runtime (issue 15 items 3 and 4): the vendor adds a SOC 2 in
 * the portal → compliance confirms it on the console (correcting a field, audited per field) → the
 * questionnaire proposes it for the independent-audit question and the vendor accepts on the page →
 * the reviewer sees the source and opens the pinned file → an exception in the SOC 2 becomes a
 * finding. A document that is not confirmed, is another vendor's, cannot answer the question or
 * gives another answer is refused with its own code; a later version of the document is shown to
 * the reviewer without changing the submitted answer.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { addAssurance } from '../support/assurance.ts';
import { runNode } from '../support/child.ts';
import { inviteToQuestionnaire } from '../support/invite.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const ROOT = resolve(import.meta.dirname, '../..');
/** The CLI's environment without a token of the caller's own (the local runtime issues one). */
const cliEnv = () => {
  const { BAA_TOKEN: _t, BAA_EMAIL: _e, ...base } = process.env;
  return base;
};
const PDF = '%PDF-1.4\n% SOC 2 Type II report of Reuse Cloud\n%%EOF\n';
const QID = 'gov-independent-audit';

const invite = (name: string, contactEmail: string) => inviteToQuestionnaire(rt, name, contactEmail);

const soc2 = (periodEnd: string, auditor: string) => ({
  type: 'soc2',
  reportType: 'type2',
  periodStart: '2025-01-01',
  periodEnd,
  auditor,
  opinion: 'unqualified',
  exceptions: [{ control: 'CC6.2', text: 'Access of two leavers was removed 40 days late.' }],
  servicesInScope: ['Cloud PACS hosting'],
  subserviceOrganisations: [{ name: 'Amazon Web Services', method: 'carve_out' }],
  userEntityControls: ['Customers review user access quarterly.'],
});

const questionnaire = async (token: string) => (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
const saveDraft = (token: string, body: unknown) => rt.api('PUT', `/portal/${token}/draft`, { body });
const consolePage = async (path: string) => {
  const cookie = `session=${await rt.token('compliance')}`;
  const res = await fetch(`${rt.appUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  const html = await res.text();
  return { status: res.status, html, cookie, csrf: html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '' };
};
const postForm = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(`${rt.appUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('a questionnaire answer taken from a confirmed SOC 2', () => {
  it('SOC 2 in the portal → confirmed on the console → proposed and accepted → the reviewer sees the source → an exception becomes a finding', async () => {
    const { vendorId, assessmentId, token } = await invite('Reuse Cloud', 'reuse@vendor.example');
    const other = await invite('Other Cloud', 'other@vendor.example');
    const periodEnd = new Date(rt.deps.clock.now().getTime() - 30 * DAY).toISOString().slice(0, 10);

    // The vendor adds its SOC 2 through its questionnaire link (any live link opens the documents).
    const { registered } = await addAssurance(rt, { token }, soc2(periodEnd, 'Exampel Audit LLP'), {
      bytes: PDF,
    });
    expect(registered.status).toBe(201);
    const docId = registered.json.id as string;
    // Another vendor's SOC 2, confirmed: never usable here.
    const theirs = await addAssurance(rt, { token: other.token }, soc2(periodEnd, 'Example Audit LLP'));
    expect(
      (
        await rt.api(
          'POST',
          `/vendors/${other.vendorId}/assurance/${theirs.registered.json.id}/confirmation`,
          {
            role: 'compliance',
            body: {},
          },
        )
      ).status,
    ).toBe(200);

    // Not confirmed yet: nothing is proposed, and naming it is refused.
    expect((await questionnaire(token)).proposals).toEqual([]);
    const early = await saveDraft(token, { answers: {}, sources: { [QID]: { documentId: docId } } });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('document_not_confirmed');
    expect(early.json.error.message).toBe(
      'Independent security audit: Our compliance team has not confirmed this document yet',
    );

    // Compliance confirms on the console, correcting the audit firm's name (recorded per field).
    const assurancePath = `/console/vendors/${vendorId}/assurance`;
    const before = await consolePage(assurancePath);
    expect(before.html).toContain('Check the fields against the file');
    expect(before.html).toContain('value="Exampel Audit LLP"');
    const refused = await postForm(
      `${assurancePath}/${docId}/confirm`,
      { _csrf: before.csrf, 'f.periodEnd': 'next spring' },
      before.cookie,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Period end: enter a date (YYYY-MM-DD)');
    const confirmed = await postForm(
      `${assurancePath}/${docId}/confirm`,
      { _csrf: before.csrf, 'f.auditor': 'Example Audit LLP', 'f.periodEnd': periodEnd },
      before.cookie,
    );
    expect(confirmed.status).toBe(303);
    const after = await consolePage(confirmed.headers.get('location')!);
    expect(after.html).toContain('Fields confirmed.');
    expect(after.html).toContain('correcting: audit firm');
    const trail = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json.events as {
      action: string;
      before?: unknown;
      after?: unknown;
    }[];
    expect(trail.find((e) => e.action === 'assurance.confirmed')).toMatchObject({
      before: { auditor: 'Exampel Audit LLP' },
      after: { auditor: 'Example Audit LLP' },
    });

    // The questionnaire proposes it for the independent-audit question only.
    const view = await questionnaire(token);
    expect(view.proposals).toHaveLength(1);
    const [proposal] = view.proposals;
    expect(proposal).toMatchObject({
      questionId: QID,
      documentId: docId,
      documentType: 'soc2',
      documentLabel: 'SOC 2 report',
      version: 1,
      fileName: 'report.pdf',
      answer: 'yes',
      answerText: 'Yes',
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    expect(proposal.prompt).toMatch(
      /^Your SOC 2 report \(Type II\), period January 1, 2025 to [A-Z][a-z]+ \d{1,2}, \d{4}, Example Audit LLP \(confirmed by our compliance team, current until [A-Z][a-z]+ \d{1,2}, \d{4}\) can answer this: “Yes”\.$/,
    );
    const formPage = await (await fetch(`${rt.appUrl}/portal/${token}`)).text();
    expect(formPage).toContain('can answer this: “Yes”.');
    expect(formPage).toContain(`name="source.${QID}" value="${docId}"`);
    expect(formPage).toContain('Use this document for my answer');

    // Refused: another vendor's document, a document that cannot answer, another answer.
    const theirsRef = await saveDraft(token, {
      answers: {},
      sources: { [QID]: { documentId: theirs.registered.json.id } },
    });
    expect([theirsRef.status, theirsRef.json.error.code]).toEqual([400, 'document_not_on_file']);
    const wrongQuestion = await saveDraft(token, {
      answers: {},
      sources: { 'vuln-pen-test': { documentId: docId } },
    });
    expect([wrongQuestion.status, wrongQuestion.json.error.code]).toEqual([400, 'document_cannot_answer']);
    const differs = await saveDraft(token, {
      answers: { [QID]: 'no' },
      sources: { [QID]: { documentId: docId } },
    });
    expect([differs.status, differs.json.error.code]).toEqual([400, 'answer_differs_from_document']);
    expect(differs.json.error.details[0]).toMatchObject({ questionId: QID });

    // The vendor accepts on the page (a plain form: the ticked box answers from the document).
    const accepted = await postForm(`/portal/${token}`, {
      action: 'save',
      [`source.${QID}`]: docId,
      'q.gov-risk-analysis': 'yes',
    });
    expect(accepted.status).toBe(303);
    let saved = await questionnaire(token);
    expect(saved.answers[QID]).toBe('yes');
    expect(saved.sources[QID]).toMatchObject({ documentId: docId, version: 1, answer: 'yes' });
    expect(saved.sources[QID].sha256).toBe(proposal.sha256);
    const ticked = await (await fetch(`${rt.appUrl}/portal/${token}`)).text();
    expect(ticked).toMatch(new RegExp(`name="source\\.${QID}" value="${docId}"[^>]* checked`));

    // Declining: the vendor answers itself; the source goes, the answer is the vendor's.
    const declined = await saveDraft(token, { answers: { [QID]: 'partial' }, sources: { [QID]: null } });
    expect(declined.status).toBe(200);
    saved = await questionnaire(token);
    expect([saved.answers[QID], saved.sources[QID]]).toEqual(['partial', undefined]);
    // …and accepting again through the API: an unanswered question is filled from the document.
    const again = await saveDraft(token, { answers: {}, sources: { [QID]: { documentId: docId } } });
    expect(again.json).toMatchObject({ answered: 1, answeredFromDocuments: 1 });

    // Submit (the stored source is kept: the answer is still the document's).
    const answers = compliantAnswers(await questionnaire(token));
    expect(answers[QID]).toBe('yes');
    const submitted = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(submitted.status).toBe(202);
    await rt.runner.idle();

    // The reviewer sees the source, opens the pinned file, and finds it in the documents list.
    const review = (await rt.api('GET', `/assessments/${assessmentId}/review`, { role: 'compliance' })).json;
    const row = review.domains
      .flatMap((d: { questions: { id: string }[] }) => d.questions)
      .find((q: { id: string }) => q.id === QID);
    expect(row.answer).toBe('yes');
    expect(row.documentSource).toMatchObject({
      documentId: docId,
      documentLabel: 'SOC 2 report',
      version: 1,
      standing: 'current',
      href: `/vendors/${vendorId}/assurance/${docId}/versions/1`,
    });
    expect(row.documentSource.summary).toMatch(
      /^Answered from SOC 2 report \(Type II\), period January 1, 2025 to [A-Z][a-z]+ \d{1,2}, \d{4}, Example Audit LLP, confirmed [A-Z][a-z]+ \d{1,2}, \d{4}$/,
    );
    expect(review.sourceDocuments).toEqual([
      expect.objectContaining({ questionIds: [QID], documentId: docId, version: 1 }),
    ]);
    const file = await fetch(`${rt.appUrl}${row.documentSource.href}`, {
      headers: { authorization: `Bearer ${await rt.token('procurement')}` },
      redirect: 'manual',
    });
    expect(file.status).toBe(302);
    const bytes = await (await fetch(file.headers.get('location')!)).text();
    expect(bytes).toBe(PDF);
    const desk = await consolePage(`/console/vendors/${vendorId}/assessments/${assessmentId}`);
    expect(desk.status).toBe(200);
    expect(desk.html).toContain('Answered from SOC 2 report (Type II), period January 1, 2025');
    expect(desk.html).toContain(`href="/vendors/${vendorId}/assurance/${docId}/versions/1"`);
    expect(desk.html).toContain('Document current');
    // "With evidence" counts an answer taken from a document (found walking the product: it did not).
    const withEvidence = await consolePage(
      `/console/vendors/${vendorId}/assessments/${assessmentId}?show=evidence`,
    );
    expect(withEvidence.html).toContain(`id="q-${QID}"`);
    expect(withEvidence.html).not.toContain('id="q-gov-risk-analysis"');
    // The CLI prints where the answer came from, and its filter agrees with the console's.
    const shown = await runNode(
      join(ROOT, 'bin/cli.ts'),
      ['assessments', 'show', assessmentId, '--only', 'evidence'],
      {
        cwd: mkdtempSync(join(tmpdir(), 'baa-guard-cli-')),
        env: { ...cliEnv(), BAA_API_URL: rt.appUrl },
      },
    );
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`[${QID}]: Yes`);
    expect(shown.stdout).toMatch(/ {4}Answered from SOC 2 report \(Type II\), period January 1, 2025 to /);
    expect(shown.stdout).toContain(
      `, version 1, sha256 ${proposal.sha256} — /vendors/${vendorId}/assurance/`,
    );
    expect(shown.stdout).not.toContain('[gov-risk-analysis]');
    const packet = await rt.api('GET', `/vendors/${vendorId}/audit-packet`, { role: 'compliance' });
    expect(packet.text).toContain('Answers taken from security documents (1)');
    expect(packet.text).toContain(proposal.sha256);

    // An exception in the SOC 2 becomes a finding of this assessment.
    const finding = await rt.api('POST', `/vendors/${vendorId}/assurance/${docId}/findings`, {
      role: 'compliance',
      body: { source: 'exception', item: 0, severity: 'medium' },
    });
    expect(finding.status).toBe(201);
    expect(finding.json).toMatchObject({
      assessmentId,
      title: 'SOC 2 exception CC6.2: Access of two leavers was removed 40 days late.',
    });

    // A newer version of the document: the reviewer is told; the submitted answer does not change.
    const v2 = await addAssurance(rt, { token }, soc2(periodEnd, 'Example Audit LLP'), {
      bytes: `${PDF}% v2\n`,
      documentId: docId,
    });
    expect(v2.registered.status).toBe(201);
    const later = (await rt.api('GET', `/assessments/${assessmentId}/review`, { role: 'compliance' })).json;
    const laterRow = later.domains
      .flatMap((d: { questions: { id: string }[] }) => d.questions)
      .find((q: { id: string }) => q.id === QID);
    expect(laterRow.answer).toBe('yes');
    expect(laterRow.documentSource).toMatchObject({
      version: 1,
      standing: 'replaced',
      standingText: 'The vendor has since added a newer version of the document.',
    });
    const laterDesk = await consolePage(`/console/vendors/${vendorId}/assessments/${assessmentId}`);
    expect(laterDesk.html).toContain('Newer version on file');
    expect(laterDesk.html).toContain('The submitted answer is unchanged.');
  });

  it("documents the proposals, the sources and the source on the reviewer's desk in /openapi.json", async () => {
    const doc = (await rt.api('GET', '/openapi.json')).json;
    const response = (path: string, method: string, status: string) =>
      doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    const request = (path: string, method: string) =>
      doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    const questionnaireSchema = response('/portal/{token}/questionnaire', 'get', '200');
    expect(questionnaireSchema?.properties?.proposals?.items?.properties?.prompt).toBeDefined();
    expect(questionnaireSchema?.properties?.sources).toBeDefined();
    expect(request('/portal/{token}/draft', 'put')?.properties?.sources).toBeDefined();
    expect(request('/portal/{token}/submit', 'post')?.properties?.sources).toBeDefined();
    const review = response('/assessments/{assessmentId}/review', 'get', '200');
    expect(review?.properties?.sourceDocuments).toBeDefined();
    expect(JSON.stringify(review)).toContain('documentSource');
  });

  // Last: moves the shared clock forward.
  it('a source that went out of date before submit is shown to the vendor and refused at submit', async () => {
    const { vendorId, token } = await invite('Stale Docs Co', 'stale@vendor.example');
    // Current until 12 months after the period end: about five days from now.
    const periodEnd = new Date(rt.deps.clock.now().getTime() - 360 * DAY).toISOString().slice(0, 10);
    const { registered } = await addAssurance(rt, { token }, soc2(periodEnd, 'Example Audit LLP'));
    await rt.api('POST', `/vendors/${vendorId}/assurance/${registered.json.id}/confirmation`, {
      role: 'compliance',
      body: {},
    });
    const kept = await saveDraft(token, {
      answers: {},
      sources: { [QID]: { documentId: registered.json.id } },
    });
    expect(kept.status).toBe(200);

    expect((await questionnaire(token)).proposals).toHaveLength(1);
    // Ten days later the report is out of date (the questionnaire link still works).
    const later = new Date(rt.deps.clock.now().getTime() + 10 * DAY).toISOString();
    await rt.api('POST', '/local/clock', { body: { now: later } });
    expect((await questionnaire(token)).proposals).toEqual([]);
    const form = await (await fetch(`${rt.appUrl}/portal/${token}`)).text();
    expect(form).toContain('which can no longer answer it');
    const answers = compliantAnswers(await questionnaire(token));
    const submit = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(submit.status).toBe(409);
    expect(submit.json.error.code).toBe('document_not_current');
    expect(submit.json.error.details[0]).toMatchObject({ questionId: QID });
    // A draft save that names no sources drops the stale one; the answer stays, as the vendor's own.
    const dropped = await saveDraft(token, { answers });
    expect(dropped.status).toBe(200);
    const after = await questionnaire(token);
    expect([after.answers[QID], after.sources]).toEqual(['yes', {}]);
    const own = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(own.status).toBe(202);
  });
});
