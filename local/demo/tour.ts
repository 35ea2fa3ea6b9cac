/** The tour itself: registration to decision through the HTTP API, then a summary and where to look. */
import { countryNames } from '#shared/domain/countries.ts';
import { DAY_MS } from '#shared/domain/time.ts';
import {
  BAA_STATUS_LABELS,
  DECISION_LABELS,
  GATE_LABELS,
  labelOf,
  PROPOSED_OUTCOME_LABELS,
  plural,
  STAGE_LABELS,
  TIER_LABELS,
} from '#shared/labels.ts';
import { formatTable } from '../../cli/csv.ts';
import {
  api,
  DemoError,
  detail,
  http,
  type Json,
  newEmails,
  portalToken,
  say,
  step,
  target,
  waitFor,
  waitForEmail,
} from './client.ts';
import { answerQuestionnaire } from './questionnaire.ts';
import { signedBaaPdf } from './signed-baa.ts';
import { VENDORS, vendorOf } from './vendors.ts';

export async function tour(tokens: { procurement: string; compliance: string }) {
  const { procurement, compliance } = tokens;

  step('Procurement registers four vendors: each is tiered from its intake on the way in');
  for (const v of VENDORS) {
    const vendor = await api('POST', '/vendors', { token: procurement, body: v.body });
    Object.assign(v, { id: vendor.id, tier: vendor.tier, baaRequired: vendor.baaRequired });
    const location = v.body.intake.dataLocation as {
      vendorCountries: string[];
      subcontractorCountries: string[];
    };
    detail(
      `${v.body.name.padEnd(25)} ${vendor.id}  tier ${String(vendor.tier).padEnd(8)} ${vendor.baaRequired ? 'PHI: BAA required' : 'no PHI: no BAA needed'}; data in ${countryNames([...new Set([...location.vendorCountries, ...location.subcontractorCountries])])}`,
    );
  }

  step('Procurement launches the assessments: questionnaire by tier, private link by email');
  for (const v of VENDORS) {
    const started = await api('POST', `/vendors/${v.id}/assessments`, { token: procurement });
    v.assessmentId = started.id;
  }
  for (const v of VENDORS) {
    const invitation = await waitForEmail(
      `the invitation to ${v.body.name}`,
      (e) => e.destination.to.includes(v.body.contactEmail) && e.subject.startsWith('Security questionnaire'),
    );
    v.token = portalToken(invitation);
    const a = await waitFor(`the launch of ${v.body.name}`, async () => {
      const got = await api('GET', `/assessments/${v.assessmentId}`, { token: procurement });
      return got.status === 'launching' ? undefined : got;
    });
    detail(
      `${v.body.name.padEnd(25)} ${a.questionnaire?.questionCount ?? '?'} questions, due ${String(a.dueAt).slice(0, 10)} — "${invitation.subject}" → ${v.body.contactEmail}`,
    );
  }

  step('Vendors answer in the portal (JSON API, link from the inbox): compliant, critical gaps, partial');
  const saas = vendorOf('saas');
  const ehr = vendorOf('ehr');
  const device = vendorOf('device');
  const silent = vendorOf('silent');
  const full = await answerQuestionnaire(saas.token!, saas.body.name, () => undefined);
  detail(`${saas.body.name.padEnd(25)} ${full.answered} answers, all compliant; submitted`);
  const CRITICAL_GAPS = ['enc-at-rest', 'ir-plan-tested'];
  const gaps = await answerQuestionnaire(ehr.token!, ehr.body.name, (q) =>
    CRITICAL_GAPS.includes(q.id) ? 'no' : undefined,
  );
  detail(
    `${ehr.body.name.padEnd(25)} ${gaps.answered} answers; "no" to ${gaps.overridden.join(', ')}; submitted`,
  );
  let partials = 0;
  const partial = await answerQuestionnaire(device.token!, device.body.name, (q) => {
    if (q.type !== 'yes_no' || !q.allowPartial || partials >= 3) return undefined;
    partials++;
    return 'partial';
  });
  detail(
    `${device.body.name.padEnd(25)} ${partial.answered} answers; "partial" for ${partial.overridden.join(', ')}; submitted`,
  );
  detail(`${silent.body.name.padEnd(25)} does not answer`);

  step('The review workflow scores each submission, derives findings with due dates and emails the plan');
  const reviewed: Record<string, Json> = {};
  for (const v of [saas, ehr, device]) {
    const a = await waitFor(`the review of ${v.body.name}`, async () => {
      const got = await api('GET', `/assessments/${v.assessmentId}`, { token: compliance });
      return got.status === 'reviewed' ? got : undefined;
    });
    reviewed[v.key] = a;
    const bySeverity = new Map<string, number>();
    for (const f of a.findings as { severity: string }[])
      bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
    const counts = [...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ');
    detail(
      `${v.body.name.padEnd(25)} score ${a.score}, rated ${a.rating}, proposed ${labelOf(PROPOSED_OUTCOME_LABELS, a.outcome).toLowerCase()}; ${plural(a.findings.length, 'finding')}${counts ? ` (${counts})` : ''}`,
    );
  }
  // A knock-out answer: a high score cannot carry a vendor that leaves ePHI unencrypted.
  const knocked = reviewed.ehr!;
  // The question by the title of the finding it raised (the assessment view carries no question text).
  const titleOf = (id: string) =>
    (knocked.findings as { questionId: string | null; title: string }[]).find((f) => f.questionId === id)
      ?.title ?? id;
  for (const k of (knocked.knockOuts ?? []) as { questionId: string }[])
    detail(`${ehr.body.name}: knock-out answer — “${titleOf(k.questionId)}”`);
  detail(
    `  proposed ${labelOf(PROPOSED_OUTCOME_LABELS, knocked.outcome).toLowerCase()}: ${knocked.outcomeReasons[0]}`,
  );
  detail(`  residual rating ${knocked.rating}: ${(knocked.ratingReasons as string[]).join(' ')}`);
  const alert = await waitForEmail(
    'the critical-finding alert',
    (e) => e.subject.includes(ehr.body.name) && /critical/i.test(e.subject),
  );
  detail(`Compliance alerted: "${alert.subject}"`);

  step('BAAs: each PHI vendor uploads our agreement signed; compliance reviews every clause and signs');
  for (const v of [ehr, device]) {
    const request = await waitForEmail(
      `the BAA request to ${v.body.name}`,
      (e) =>
        e.destination.to.includes(v.body.contactEmail) &&
        e.subject.includes('Business Associate Agreement required'),
    );
    const baaToken = portalToken(request);
    // The vendor signs the PDF we sent (a signature page added) and uploads it, as vendors do.
    const signed = await signedBaaPdf(
      `${target.appUrl}/portal/${baaToken}/baa/template?format=pdf`,
      v.body.name,
      v.body.contactName,
    );
    const fileName = `${v.body.name.replace(/\W+/g, '-')}-BAA-signed.pdf`;
    const upload = await api('POST', `/portal/${baaToken}/baa/uploads`, {
      body: { fileName, contentType: 'application/pdf', size: signed.byteLength, kind: 'signed' },
    });
    const put = await http('PUT', upload.uploadUrl, { raw: { data: signed, headers: upload.headers } });
    if (put.status >= 300) throw new DemoError(`BAA upload failed (${put.status})`);
    const registered = await api('POST', `/portal/${baaToken}/baa/documents`, {
      body: { key: upload.key, kind: 'signed', fileName },
    });
    const baa = await api('GET', `/vendors/${v.id}/baas/main`, { token: compliance });
    const latest = baa.documents.at(-1);
    const suggested = latest?.suggestions?.present?.length ?? 0;
    const review = await api('POST', `/vendors/${v.id}/baas/main/review`, {
      token: compliance,
      body: {
        entries: (baa.checklist.clauses as { id: string }[]).map((c) => ({
          clauseId: c.id,
          finding: 'present',
        })),
        noticeWindowDays: 10,
      },
    });
    const now = (await api('GET', '/local/clock')).now as string;
    const decided = await api('POST', `/vendors/${v.id}/baas/main/decision`, {
      token: compliance,
      body: {
        action: 'sign',
        effectiveAt: now,
        expiresAt: new Date(Date.parse(now) + 365 * DAY_MS).toISOString(),
      },
    });
    detail(
      `${v.body.name.padEnd(25)} v${registered.documents.at(-1)?.version} ${fileName} (sha256 ${String(latest?.sha256).slice(0, 12)}…, ${suggested}/${baa.checklist.clauses.length} clauses detected); review: ${review.evaluation.canSign ? 'can sign' : 'blocked'}; ${decided.status} until ${String(decided.expiresAt).slice(0, 10)}`,
    );
  }

  step(`${silent.body.name} never answers: the clock moves and the sweep reminds, then escalates`);
  const launchedAt = Date.parse(
    (await api('GET', `/assessments/${silent.assessmentId}`, { token: procurement })).createdAt,
  );
  for (const day of [7, 12, 14, 21]) {
    const before = new Set((await newEmails()).map((e) => e.messageId));
    const target = new Date(launchedAt + day * DAY_MS + 15 * 60_000).toISOString();
    const current = Date.parse((await api('GET', '/local/clock')).now);
    if (Date.parse(target) > current) await api('POST', '/local/clock', { body: { now: target } });
    const sweep = await api('POST', '/local/sweep');
    const sent = (await newEmails()).filter((e) => !before.has(e.messageId));
    const ours = sent.filter((e) => e.subject.includes(silent.body.name));
    const others = sent.length - ours.length;
    detail(
      `day ${String(day).padStart(2)}: sweep ${String(sweep.status).toLowerCase()}, ${plural(sweep.output?.summary?.processed ?? 0, 'item')} due${others ? `; ${plural(others, 'other deadline email')}` : ''}`,
    );
    for (const e of ours) detail(`        "${e.subject}" → ${e.destination.to.join(', ')}`);
    if (ours.length === 0) detail('        (nothing due for it today)');
  }

  step(`Compliance grants ${ehr.body.name} an extension on one finding`);
  const findings = reviewed.ehr.findings as {
    id: string;
    questionId: string | null;
    severity: string;
    title: string;
    dueAt: string;
  }[];
  const toExtend = findings.find((f) => f.questionId === 'enc-at-rest') ?? findings[0];
  if (!toExtend) throw new DemoError(`${ehr.body.name} has no findings to work with`);
  const now = Date.parse((await api('GET', '/local/clock')).now);
  const extended = await api('POST', `/assessments/${ehr.assessmentId}/findings/${toExtend.id}/extension`, {
    token: compliance,
    body: {
      dueAt: new Date(now + 30 * DAY_MS).toISOString(),
      reason:
        'Key management rollout scheduled with the hosting provider; interim compensating controls verified.',
    },
  });
  detail(
    `${toExtend.severity} "${toExtend.title}": due ${toExtend.dueAt.slice(0, 10)} → ${String(extended.dueAt).slice(0, 10)} (${extended.status}; the reminder ladder restarts)`,
  );

  step(`${ehr.body.name} reports a fix in the portal; compliance verifies it`);
  const plan = await waitForEmail(
    'the remediation plan',
    (e) => e.destination.to.includes(ehr.body.contactEmail) && e.subject.includes('remediation plan'),
  );
  const planToken = portalToken(plan);
  const toFix =
    findings.find((f) => f.id !== toExtend.id && f.questionId === 'ir-plan-tested') ??
    findings.find((f) => f.id !== toExtend.id);
  if (!toFix) throw new DemoError(`${ehr.body.name} has only one finding`);
  await api('POST', `/portal/${planToken}/findings/${toFix.id}/fix`, {
    body: {
      note: 'Tabletop exercise run on the incident response plan; lessons learned filed.',
      evidence: [],
    },
  });
  detail(`vendor: fix reported for ${toFix.severity} "${toFix.title}"`);
  const verified = await api('POST', `/assessments/${ehr.assessmentId}/findings/${toFix.id}/verification`, {
    token: compliance,
    body: { verdict: 'verified', note: 'Exercise report reviewed.' },
  });
  detail(`compliance: ${verified.status} — the finding is closed and its reminders stop`);

  step(
    'Annual verification (proposed rule, recommended practice): each PHI vendor attests the 164.312 safeguards',
  );
  for (const v of [ehr, device]) {
    const requested = await api('POST', `/vendors/${v.id}/verifications`, { token: compliance });
    const email = await waitForEmail(
      `the verification request to ${v.body.name}`,
      (e) => e.destination.to.includes(v.body.contactEmail) && e.subject.includes('Annual verification'),
    );
    const link = portalToken(email);
    const analysis = `%PDF-1.4\n% Written analysis of the HIPAA technical safeguards of ${v.body.name}\n%%EOF\n`;
    const upload = await api('POST', `/portal/${link}/verification/uploads`, {
      body: {
        fileName: 'safeguards-analysis.pdf',
        contentType: 'application/pdf',
        size: Buffer.byteLength(analysis),
      },
    });
    const put = await http('PUT', upload.uploadUrl, { raw: { data: analysis, headers: upload.headers } });
    if (put.status >= 300) throw new DemoError(`Analysis upload failed (${put.status})`);
    const standards = [
      'access_control',
      'audit_controls',
      'integrity',
      'authentication',
      'transmission_security',
      'encryption',
      'mfa',
    ];
    await api('POST', `/portal/${link}/verification`, {
      body: {
        attestations: Object.fromEntries(standards.map((id) => [id, { answer: 'implemented' }])),
        analysis: { key: upload.key, fileName: 'safeguards-analysis.pdf' },
        qualifiedPerson: { name: 'Dana Assessor', qualification: 'CISSP, external assessor' },
        authorisedRepresentative: { name: v.body.contactName, title: 'Chief Executive Officer' },
        signature: v.body.contactName,
      },
    });
    const accepted = await api('POST', `/vendors/${v.id}/verifications/${requested.id}/decision`, {
      token: compliance,
      body: { decision: 'accept' },
    });
    detail(
      `${v.body.name}: signed by ${v.body.contactName}; accepted, current until ${String(accepted.currentUntil).slice(0, 10)}`,
    );
  }

  step(
    `Compliance reviews where ${device.body.name} keeps our data (policy: PHI reachable from outside the United States)`,
  );
  const offshore = await api('POST', `/vendors/${device.id}/offshore-review`, {
    token: compliance,
    body: {
      decision: 'accepted',
      reason:
        'Firmware support in Sweden sees pump telemetry under the BAA; access is logged and limited to named engineers.',
    },
  });
  detail(
    `${device.body.name}: offshore data review ${offshore.offshoreReview.decision === 'accepted' ? 'accepted' : 'not accepted'} — the gate opens again if the countries change`,
  );

  step('Procurement decides; the gates hold the line');
  const approve = await api('POST', `/vendors/${saas.id}/decision`, {
    token: procurement,
    body: { decision: 'approve' },
  });
  saas.decision = approve.decision?.decision;
  detail(
    `✓ ${saas.body.name}: approved (reassess by ${String(approve.reassessmentDueAt ?? '').slice(0, 10) || '—'})`,
  );
  const conditions = [
    'Close the open findings by their due dates',
    'Deliver the SBOM for every pump firmware release',
  ];
  const withConditions = await api('POST', `/vendors/${device.id}/decision`, {
    token: procurement,
    body: { decision: 'approve_with_conditions', conditions },
  });
  device.decision = withConditions.decision?.decision;
  detail(`✓ ${device.body.name}: approved with conditions — ${conditions.join('; ')}`);
  const refused = await http('POST', `${target.appUrl}/vendors/${silent.id}/decision`, {
    token: procurement,
    body: { decision: 'approve' },
  });
  if (refused.status !== 409)
    throw new DemoError(`Expected the gates to refuse ${silent.body.name}, got ${refused.status}`);
  silent.decision = 'Refused by the gates';
  detail(`✗ ${silent.body.name}: refused by the approval gates`);
  for (const f of refused.json.error.details?.failed ?? [])
    detail(`    ${labelOf(GATE_LABELS, f.gate)}: ${f.message}`);
}

export async function summary(token: string) {
  step('Summary');
  const rows: unknown[][] = [];
  for (const v of VENDORS) {
    const vendor = await api('GET', `/vendors/${v.id}`, { token });
    const a = vendor.latestAssessmentId
      ? await api('GET', `/assessments/${vendor.latestAssessmentId}`, { token })
      : { findings: [] };
    const open = (a.findings as { status: string }[]).filter(
      (f) => !['verified', 'closed'].includes(f.status),
    ).length;
    rows.push([
      v.body.name,
      labelOf(TIER_LABELS, vendor.tier),
      labelOf(STAGE_LABELS, vendor.stage),
      a.score ?? '—',
      open,
      labelOf(BAA_STATUS_LABELS, vendor.baaRequired ? vendor.baaStatus : 'not_required'),
      vendor.decision ? labelOf(DECISION_LABELS, vendor.decision.decision) : (v.decision ?? '—'),
    ]);
  }
  say('');
  say(
    formatTable(['vendor', 'tier', 'stage', 'score', 'findings open', 'BAA', 'decision'], rows)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  );
}

export function whereToLook() {
  const ehr = vendorOf('ehr');
  const cliEnv = target.appUrl === 'http://127.0.0.1:3000' ? '' : `BAA_API_URL=${target.appUrl} `;
  say('');
  say('Where to look:');
  say(`    Staff console     ${target.appUrl}/console`);
  say(`    Email inbox       ${target.inboxUrl}            (every email above)`);
  say(
    `    Audit packet      ${target.appUrl}/vendors/${ehr.id}/audit-packet   (after signing in to the console; or the CLI below)`,
  );
  say(`    API reference     ${target.appUrl}/openapi.json`);
  say('    Verify the audit chains and export:');
  say(`      ${cliEnv}npm run cli -- audit verify`);
  say(`      ${cliEnv}npm run cli -- audit packet ${ehr.id} --out northwind-audit.html`);
  say(`      ${cliEnv}npm run cli -- vendors list`);
}
