/**
 * Clarification requests end to end on the local runtime: compliance asks about two answers → one
 * email with the vendor's link → the vendor answers one with text and a corrected answer and the
 * other with a new evidence file → the console shows both threads → rerunning the review changes
 * the score and closes the finding → the audit trail says so. An unanswered request walks its
 * reminder and escalation ladder with the local clock, each email once, and stops when answered.
 */
import { describe, expect, it } from 'vitest';
import type { OffsetClock } from '#shared/adapters/clock.ts';
import { openHref, submittedVendor, uploadEvidence } from '../support/review-desk.ts';
import { portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const DAY = 86_400_000;

const consoleGet = async (path: string) => {
  const res = await fetch(`${rt.appUrl}${path}`, {
    headers: { cookie: `session=${await rt.token('compliance')}` },
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text() };
};

describe('clarification requests', () => {
  it('asks about two answers in one email; the vendor answers each; the rerun review follows', async () => {
    const v = await submittedVendor(rt, 'Clarify Health', 'clarify@vendor.example', { 'enc-at-rest': 'no' });
    const before = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    expect(before.findings.map((f: { id: string }) => f.id)).toContain('f_q_enc-at-rest');

    // Procurement may read but not ask.
    const refused = await rt.api('POST', `/assessments/${v.assessmentId}/clarifications`, {
      role: 'procurement',
      body: { requests: [{ questionId: 'enc-at-rest', note: 'x' }] },
    });
    expect(refused.status).toBe(403);
    // A question the vendor was never asked is refused, nothing is sent.
    const hidden = await rt.api('POST', `/assessments/${v.assessmentId}/clarifications`, {
      role: 'compliance',
      body: { requests: [{ questionId: 'dev-sbom', note: 'Do you have an SBOM?' }] },
    });
    expect(hidden.status).toBe(400);

    const asked = await rt.api('POST', `/assessments/${v.assessmentId}/clarifications`, {
      role: 'compliance',
      body: {
        requests: [
          {
            questionId: 'enc-at-rest',
            note: 'You answered No. Which systems hold PHI unencrypted, and since when?',
          },
          {
            questionId: 'gov-audit-report',
            note: 'The report you sent ends in 2025; please send the bridge letter.',
          },
        ],
      },
    });
    expect(asked.status).toBe(201);
    expect(asked.json.threads).toHaveLength(2);
    const mails = (await rt.emailsTo('clarify@vendor.example')).filter((e) =>
      e.subject.includes('questions about'),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain('Encryption at rest'.split(' ')[0]);
    expect(mails[0]!.body.text).toMatch(/\/portal\/[A-Za-z0-9_-]{43}\/clarifications/);
    // Found walking the demo: no Reply-To, so a vendor's reply by email went to the sending address.
    expect(mails[0]!.replyTo).toEqual(['compliance@example.org']);
    const token = portalToken(mails[0]!);

    const pending = await rt.api('GET', `/portal/${token}/clarification-requests`);
    expect(pending.json.items.map((t: { status: string }) => t.status)).toEqual(['open', 'open']);
    const page = await fetch(`${rt.appUrl}/portal/${token}/clarifications`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('2 questions about your answers');

    const replied = await rt.api('POST', `/portal/${token}/clarification-requests/enc-at-rest`, {
      body: {
        text: 'We finished encrypting the last database in March; all PHI is now AES-256 at rest.',
        answer: 'yes',
      },
    });
    expect(replied.status, JSON.stringify(replied.json)).toBe(200);
    expect(replied.json.status).toBe('answered');
    const bridge = new TextEncoder().encode('Bridge letter covering 2026\n');
    const upload = await uploadEvidence(rt, token, 'gov-audit-report', 'bridge-letter.txt', bridge);
    const withFile = await rt.api('POST', `/portal/${token}/clarification-requests/gov-audit-report`, {
      body: { evidence: [upload.evidence] },
    });
    expect(withFile.status, JSON.stringify(withFile.json)).toBe(200);
    // The vendor opens the file it just sent through its own link.
    const sent = withFile.json.messages.at(-1).evidence[0];
    expect(sent.href).toMatch(new RegExp(`^/portal/${token}/evidence/[0-9a-f]{32}$`));
    const own = await openHref(rt, sent.href);
    expect(Buffer.from(own.bytes).equals(Buffer.from(bridge))).toBe(true);
    // Compliance hears about each reply, with a link to the question in the console.
    const heard = (await rt.inbox()).filter((e) => e.subject.startsWith('Clarify Health answered'));
    expect(heard).toHaveLength(2);
    expect(heard.map((e) => e.subject).join('\n')).toContain('“Encryption at rest”');
    expect(heard[0]!.body.text).toContain(`/console/vendors/${v.vendorId}/assessments/${v.assessmentId}#q-`);
    expect(heard[0]!.body.text).toMatch(/^Dear compliance team,/);
    expect(heard[0]!.replyTo).toEqual(['compliance@example.org']);
    // Answered once; a second reply is refused.
    const again = await rt.api('POST', `/portal/${token}/clarification-requests/enc-at-rest`, {
      body: { text: 'again' },
    });
    expect(again.status).toBe(409);

    // The console shows both threads, with the revised answer and the new file.
    const desk = await consoleGet(`/console/vendors/${v.vendorId}/assessments/${v.assessmentId}`);
    expect(desk.status).toBe(200);
    expect(desk.html).toContain('We finished encrypting the last database in March');
    expect(desk.html).toContain('Revised answer: <strong>Yes</strong>');
    expect(desk.html).toContain('bridge-letter.txt');
    expect(desk.html).toContain('The report you sent ends in 2025');
    // The new file opens for staff with its own bytes.
    const review = (await rt.api('GET', `/assessments/${v.assessmentId}/review`, { role: 'compliance' }))
      .json;
    const files = review.evidence.filter((f: { source: string }) => f.source === 'clarification');
    expect(files.map((f: { name: string }) => f.name)).toEqual(['bridge-letter.txt']);

    const rerun = await rt.api('POST', `/assessments/${v.assessmentId}/rescore`, {
      role: 'compliance',
      body: { reason: 'clarifications received' },
    });
    expect(rerun.status, JSON.stringify(rerun.json)).toBe(200);
    expect(rerun.json.after.score).toBeGreaterThan(rerun.json.before.score);
    expect(rerun.json.closed.map((f: { id: string }) => f.id)).toContain('f_q_enc-at-rest');
    const after = (await rt.api('GET', `/assessments/${v.assessmentId}`, { role: 'compliance' })).json;
    expect(after.score).toBe(rerun.json.after.score);
    expect(after.findings.find((f: { id: string }) => f.id === 'f_q_enc-at-rest').status).toBe('closed');
    // The vendor's submitted answer is kept; the review shows where the counted one came from.
    expect(after.answers['enc-at-rest']).toBe('no');
    const row = (
      await rt.api('GET', `/assessments/${v.assessmentId}/review`, { role: 'compliance' })
    ).json.domains
      .flatMap((d: { questions: unknown[] }) => d.questions)
      .find((q: { id: string }) => q.id === 'enc-at-rest');
    expect(row).toMatchObject({ answer: 'yes', answerSource: 'clarified', submittedAnswer: 'no', gap: null });

    const trail = (await rt.api('GET', `/vendors/${v.vendorId}/audit`, { role: 'compliance' })).json.events;
    const actions = trail.map((e: { action: string }) => e.action);
    expect(actions).toContain('clarification.requested');
    expect(actions.filter((a: string) => a === 'clarification.answered')).toHaveLength(2);
    // The answer with a file says so in words (found walking the product: "1 evidence file(s)").
    const answered = trail
      .filter((e: { action: string }) => e.action === 'clarification.answered')
      .map((e: { summary: string }) => e.summary);
    expect(answered.filter((s: string) => s.endsWith(' and 1 evidence file'))).toHaveLength(1);
    const rescored = trail.find((e: { action: string }) => e.action === 'assessment.rescored');
    expect(rescored.summary).toContain(`score ${rerun.json.before.score} → ${rerun.json.after.score}`);
    expect(rescored.after.closed).toContain('f_q_enc-at-rest');
  });

  it('an unanswered request is reminded, then escalated, each step once; answering stops it', async () => {
    const v = await submittedVendor(rt, 'Slow Reply Ltd', 'slow@vendor.example');
    const clock = rt.deps.clock as OffsetClock;
    const t0 = clock.now().getTime();
    const asked = await rt.api('POST', `/assessments/${v.assessmentId}/clarifications`, {
      role: 'compliance',
      body: {
        requests: [{ questionId: 'access-termination', note: 'How fast is access removed on termination?' }],
      },
    });
    expect(asked.status).toBe(201);
    expect(Math.abs(Date.parse(asked.json.dueAt) - t0 - 7 * DAY)).toBeLessThan(60_000);
    const at = async (days: number) => {
      expect(
        (await rt.api('POST', '/local/clock', { body: { now: new Date(t0 + days * DAY).toISOString() } }))
          .status,
      ).toBe(200);
      expect((await rt.api('POST', '/local/sweep')).status).toBe(200);
    };
    const about = async (to: string) =>
      (await rt.emailsTo(to))
        .filter((e) => e.subject.includes('clarification request'))
        .map((e) => e.subject);

    await at(3.9);
    expect(await about('slow@vendor.example')).toEqual([]);
    await at(4.01); // 3 days before the reply date
    expect(await about('slow@vendor.example')).toHaveLength(1);
    await at(6.01); // 1 day before
    await rt.api('POST', '/local/sweep');
    expect(await about('slow@vendor.example')).toHaveLength(2);
    const reminder = (await rt.emailsTo('slow@vendor.example')).find((e) =>
      e.subject.includes('clarification request'),
    )!;
    expect(reminder.body.text).toMatch(/\/portal\/[A-Za-z0-9_-]{43}\/clarifications/);
    await at(7.01); // due: business owner and procurement
    expect(await about('owner@example.org')).toHaveLength(1);

    const link = portalToken(reminder);
    const reply = await rt.api('POST', `/portal/${link}/clarification-requests/access-termination`, {
      body: { text: 'Within 24 hours, by an automated HR feed.' },
    });
    expect(reply.status).toBe(200);
    await at(14.01); // would have been the compliance escalation
    const compliance = (await rt.inbox()).filter(
      (e) =>
        e.subject.includes('clarification request') &&
        e.subject.includes('Slow Reply Ltd') &&
        e.subject.startsWith('Escalation L2'),
    );
    expect(compliance).toEqual([]);
    const trail = (await rt.api('GET', `/vendors/${v.vendorId}/audit`, { role: 'compliance' })).json.events;
    const steps = trail.filter(
      (e: { action: string; target: { type: string } }) => e.target.type === 'clarification',
    );
    expect(steps.map((e: { action: string }) => e.action)).toEqual([
      'deadline.reminded',
      'deadline.reminded',
      'deadline.escalated',
    ]);
  });
});
