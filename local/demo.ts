/**
 * `npm run demo`: a scripted tour of the product through its HTTP API, the way its users drive it.
 * It uses the app already answering at BAA_API_URL (or 127.0.0.1:3000) in local mode, or starts the
 * local runtime itself (data in `<DATA_DIR or .data>/demo`, wiped first) and keeps it running at the
 * end until Ctrl-C; `--exit` stops at the end instead.
 *
 * Four vendors: a low-tier SaaS without PHI (answers fully, approved), a PHI cloud EHR host (critical
 * gaps: findings, an extension, a verified fix), a medical device maker (partial answers, approved
 * with conditions) and a PHI vendor that never answers (reminded, escalated, refused at the gate).
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DAY_MS } from '#shared/domain/time.ts';
import { formatTable } from '../cli/csv.ts';
import type { LocalRuntime } from './runtime.ts';

const USAGE = `Usage: npm run demo [-- --exit]

A scripted tour: registers four vendors, runs their assessments, BAAs, reminders, escalations and
decisions through the HTTP API, then prints a summary and where to look.

  --exit   stop at the end (by default a runtime the demo started keeps running until Ctrl-C)

Environment: BAA_API_URL (an app to use, default http://127.0.0.1:3000 when it answers in local
mode), BAA_INBOX_URL (its inbox, default http://127.0.0.1:8005), DATA_DIR (the demo's data goes to
<DATA_DIR>/demo, wiped at start; default .data), PORT, INBOX_PORT, DYNAMODB_PORT, S3_PORT (0 = any
free port; a busy default port is replaced by a free one).`;

// --- output -----------------------------------------------------------------------------------

const say = (line = '') => process.stdout.write(`${line}\n`);
let stepNo = 0;
const step = (title: string) => {
  stepNo++;
  say('');
  say(`${String(stepNo).padStart(2)}. ${title}`);
};
const detail = (line: string) => say(`    ${line}`);

class DemoError extends Error {}

// --- HTTP, like any client ----------------------------------------------------------------------

/** API replies, read loosely: the demo checks what it uses and stops with the API's message otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API, navigated field by field
type Json = any;

interface Reply {
  status: number;
  json: Json;
  text: string;
}

let appUrl = '';
let inboxUrl = '';

async function http(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; raw?: { data: string; headers: Record<string, string> } } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.raw?.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: options.raw
      ? options.raw.data
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** A call that must succeed; a failure stops the tour with the API's own message. */
async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Json> {
  const res = await http(method, `${appUrl}${path}`, options);
  if (res.status >= 400) {
    const e = res.json?.error;
    throw new DemoError(
      `${method} ${path} → ${res.status} ${e?.code ?? ''}: ${e?.message ?? res.text.slice(0, 200)}`,
    );
  }
  return res.json;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- the local inbox --------------------------------------------------------------------------

interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

/** Emails already in the inbox before the tour (a reused app keeps its inbox): never matched. */
const seen = new Set<string>();

async function newEmails(): Promise<Email[]> {
  const res = await http('GET', `${inboxUrl}/store`);
  return ((res.json?.emails ?? []) as Email[]).filter((e) => !seen.has(e.messageId));
}

const waitForEmail = (what: string, match: (e: Email) => boolean) =>
  waitFor(what, async () => (await newEmails()).find(match));

function portalToken(email: Email): string {
  const token = email.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new DemoError(`No portal link in "${email.subject}"`);
  return token;
}

// --- runtime: reuse or start ------------------------------------------------------------------

async function answersLocally(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { mode?: string };
    return body.mode === 'local';
  } catch {
    return false;
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new DemoError(`${name} must be a port number, got "${raw}"`);
  return n;
}

/** The requested (or default) port, or 0 (any free port) when it is taken. */
async function choosePort(name: string, fallback: number): Promise<number> {
  const port = portFromEnv(name, fallback);
  return port === 0 || (await portFree(port)) ? port : 0;
}

// --- answering a questionnaire ------------------------------------------------------------------

interface Question {
  id: string;
  type: string;
  domain: string;
  critical?: boolean;
  required: boolean;
  allowPartial?: boolean;
  min?: number;
  options?: { value: string; exclusive?: boolean }[];
}

interface QuestionnaireView {
  assessmentId: string;
  questions: Question[];
  visible: string[];
}

/** Uploads a small text file as evidence through the portal (presigned PUT) and returns its reference. */
async function uploadEvidence(token: string, questionId: string, vendorName: string) {
  const data = `${vendorName}: evidence for ${questionId} (policy excerpt, approved by the CISO).\n`;
  const upload = await api('POST', `/portal/${token}/uploads`, {
    body: {
      fileName: `${questionId}.txt`,
      contentType: 'text/plain',
      size: Buffer.byteLength(data),
      purpose: questionId,
    },
  });
  const put = await http('PUT', upload.uploadUrl, { raw: { data, headers: upload.headers } });
  if (put.status >= 300) throw new DemoError(`Evidence upload failed (${put.status})`);
  return upload.evidence;
}

/** A compliant answer: yes; the best option; every control; the minimum; a past date; a sentence; a real upload. */
async function compliantAnswer(token: string, q: Question, vendorName: string): Promise<unknown> {
  switch (q.type) {
    case 'yes_no':
      return 'yes';
    case 'single_choice':
      return q.options?.[0]?.value;
    case 'multi_choice': {
      // Credit is the sum of the options chosen: every control in place (never "none of these").
      const all = (q.options ?? []).filter((o) => !o.exclusive).map((o) => o.value);
      return all.length > 0 ? all : undefined;
    }
    case 'number':
      return q.min ?? 1;
    case 'date':
      return '2025-01-15';
    case 'text':
      return 'Documented in our information security program (version 4, reviewed yearly).';
    case 'evidence':
      return q.required ? [await uploadEvidence(token, q.id, vendorName)] : undefined;
    default:
      return undefined;
  }
}

/**
 * Answers like a vendor in the portal: fills what is visible, saves a draft, and repeats while the
 * saved answers reveal follow-up questions (the server judges visibility); then submits.
 */
async function answerQuestionnaire(
  token: string,
  vendorName: string,
  choose: (q: Question) => unknown,
): Promise<{ answered: number; overridden: string[] }> {
  const answers: Record<string, unknown> = {};
  const overridden: string[] = [];
  for (let round = 0; round < 10; round++) {
    const view = (await api('GET', `/portal/${token}/questionnaire`)) as QuestionnaireView;
    const todo = view.questions.filter((q) => view.visible.includes(q.id) && !Object.hasOwn(answers, q.id));
    if (todo.length === 0) break;
    for (const q of todo) {
      const chosen = choose(q);
      if (chosen !== undefined) overridden.push(q.id);
      const value = chosen ?? (await compliantAnswer(token, q, vendorName));
      if (value !== undefined) answers[q.id] = value;
    }
    await api('PUT', `/portal/${token}/draft`, { body: { answers } });
  }
  await api('POST', `/portal/${token}/submit`, { body: { answers } });
  return { answered: Object.keys(answers).length, overridden };
}

// --- the tour -----------------------------------------------------------------------------------

interface DemoVendor {
  key: 'saas' | 'ehr' | 'device' | 'silent';
  body: {
    name: string;
    contactName: string;
    contactEmail: string;
    services: string[];
    businessOwnerEmail: string;
    intake: Record<string, unknown>;
  };
  id?: string;
  tier?: string;
  baaRequired?: boolean;
  assessmentId?: string;
  token?: string;
  decision?: string;
}

const VENDORS: DemoVendor[] = [
  {
    key: 'saas',
    body: {
      name: 'Brightside Scheduling',
      contactName: 'Robin Hale',
      contactEmail: 'security@brightside.example',
      services: ['Staff shift scheduling (no patient data)'],
      businessOwnerEmail: 'nursing-ops@example.org',
      intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
    },
  },
  {
    key: 'ehr',
    body: {
      name: 'Northwind Cloud EHR',
      contactName: 'Sam Okafor',
      contactEmail: 'trust@northwind-ehr.example',
      services: ['Hosted electronic health record', 'Nightly backups'],
      businessOwnerEmail: 'cmio@example.org',
      intake: {
        handlesPhi: true,
        medicalDevice: false,
        systemAccess: 'privileged',
        recordVolume: 'over_100k',
        criticalClinicalFunction: true,
      },
    },
  },
  {
    key: 'device',
    body: {
      name: 'Pulse Infusion Systems',
      contactName: 'Ari Lindqvist',
      contactEmail: 'psirt@pulse-infusion.example',
      services: ['Networked infusion pumps', 'Pump fleet management server'],
      businessOwnerEmail: 'biomed@example.org',
      intake: { handlesPhi: true, medicalDevice: true, systemAccess: 'user', recordVolume: '10k_to_100k' },
    },
  },
  {
    key: 'silent',
    body: {
      name: 'Quietline Transcription',
      contactName: 'Lee Marsh',
      contactEmail: 'ops@quietline.example',
      services: ['Clinical dictation transcription'],
      businessOwnerEmail: 'him-director@example.org',
      intake: { handlesPhi: true, medicalDevice: false, systemAccess: 'user', recordVolume: '500_to_10k' },
    },
  },
];

const vendorOf = (key: DemoVendor['key']) => VENDORS.find((v) => v.key === key)!;

/**
 * On an app that already ran the tour, escalations of the earlier vendors would carry the same
 * names: number this run's vendors ("Quietline Transcription #2") so each line shows only its own.
 */
async function distinguishFromEarlierRuns(token: string) {
  const names = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await api(
      'GET',
      `/vendors?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        token,
      },
    );
    for (const v of page.items as { name: string }[]) names.add(v.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (!VENDORS.some((v) => names.has(v.body.name))) return;
  let n = 2;
  while (VENDORS.some((v) => names.has(`${v.body.name} #${n}`))) n++;
  for (const v of VENDORS) v.body.name = `${v.body.name} #${n}`;
}

async function tour(tokens: { procurement: string; compliance: string }) {
  const { procurement, compliance } = tokens;

  step('Procurement registers four vendors: each is tiered from its intake on the way in');
  for (const v of VENDORS) {
    const vendor = await api('POST', '/vendors', { token: procurement, body: v.body });
    Object.assign(v, { id: vendor.id, tier: vendor.tier, baaRequired: vendor.baaRequired });
    detail(
      `${v.body.name.padEnd(25)} ${vendor.id}  tier ${String(vendor.tier).padEnd(8)} ${vendor.baaRequired ? 'PHI: BAA required' : 'no PHI: no BAA needed'}`,
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
      `${v.body.name.padEnd(25)} score ${a.score}, rated ${a.rating}, outcome ${a.outcome}; ${a.findings.length} finding(s)${counts ? ` (${counts})` : ''}`,
    );
  }
  // A knock-out answer: a high score cannot carry a vendor that leaves ePHI unencrypted.
  const knocked = reviewed.ehr!;
  for (const k of (knocked.knockOuts ?? []) as { questionId: string }[])
    detail(`${ehr.body.name}: knock-out answer to ${k.questionId}`);
  detail(`  proposed ${String(knocked.outcome).replaceAll('_', ' ')}: ${knocked.outcomeReasons[0]}`);
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
    // The text form keeps the tour's "sign by appending a line" simple; vendors get PDF and Word.
    const template = await http('GET', `${appUrl}/portal/${baaToken}/baa/template?format=txt`);
    if (template.status !== 200) throw new DemoError(`BAA template: ${template.status}`);
    const signed = `${template.text}\n\nSIGNED for ${v.body.name}: /s/ ${v.body.contactName}, Chief Executive Officer\n`;
    const fileName = `${v.body.name.replace(/\W+/g, '-')}-BAA-signed.txt`;
    const upload = await api('POST', `/portal/${baaToken}/baa/uploads`, {
      body: { fileName, contentType: 'text/plain', size: Buffer.byteLength(signed), kind: 'signed' },
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
      `day ${String(day).padStart(2)}: sweep ${sweep.status}, ${sweep.output?.summary?.processed ?? 0} item(s) due${others ? `; ${others} other deadline email(s)` : ''}`,
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
  const refused = await http('POST', `${appUrl}/vendors/${silent.id}/decision`, {
    token: procurement,
    body: { decision: 'approve' },
  });
  if (refused.status !== 409)
    throw new DemoError(`Expected the gates to refuse ${silent.body.name}, got ${refused.status}`);
  silent.decision = 'refused (gates)';
  detail(`✗ ${silent.body.name}: refused (409 ${refused.json.error.code})`);
  for (const f of refused.json.error.details?.failed ?? []) detail(`    ${f.gate}: ${f.message}`);
}

async function summary(token: string) {
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
      vendor.tier,
      vendor.stage,
      a.score ?? '—',
      open,
      vendor.baaRequired ? vendor.baaStatus : 'not required',
      vendor.decision?.decision ?? v.decision ?? '—',
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

function whereToLook() {
  const ehr = vendorOf('ehr');
  const cliEnv = appUrl === 'http://127.0.0.1:3000' ? '' : `BAA_API_URL=${appUrl} `;
  say('');
  say('Where to look:');
  say(`    Staff console     ${appUrl}/console`);
  say(`    Email inbox       ${inboxUrl}            (every email above)`);
  say(
    `    Audit packet      ${appUrl}/vendors/${ehr.id}/audit-packet   (after signing in to the console; or the CLI below)`,
  );
  say(`    API reference     ${appUrl}/openapi.json`);
  say('    Verify the audit chains and export:');
  say(`      ${cliEnv}npm run cli -- audit verify`);
  say(`      ${cliEnv}npm run cli -- audit packet ${ehr.id} --out northwind-audit.html`);
  say(`      ${cliEnv}npm run cli -- vendors list`);
}

// --- main -----------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    say(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--exit');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${unknown[0]}\n\n${USAGE}\n`);
    return 2;
  }
  const exitAtEnd = argv.includes('--exit');
  const started = Date.now();
  say('BAA Guard — a guided tour of vendor risk and BAA management (local mode)');

  // An app already running (npm start) is used as it is; PORT=0 asks for a fresh runtime.
  const candidate =
    process.env.BAA_API_URL ||
    (process.env.PORT === '0' ? undefined : `http://127.0.0.1:${process.env.PORT || 3000}`);
  let runtime: LocalRuntime | undefined;
  if (candidate && (await answersLocally(candidate.replace(/\/+$/, '')))) {
    appUrl = candidate.replace(/\/+$/, '');
    inboxUrl = (process.env.BAA_INBOX_URL || `http://127.0.0.1:${process.env.INBOX_PORT || 8005}`).replace(
      /\/+$/,
      '',
    );
    const inbox = await http('GET', `${inboxUrl}/store`).catch(() => undefined);
    if (inbox?.status !== 200) {
      throw new DemoError(
        `The app at ${appUrl} is running but its inbox is not at ${inboxUrl}; set BAA_INBOX_URL`,
      );
    }
    say(`Using the product already running at ${appUrl} (inbox ${inboxUrl}).`);
  } else {
    const dataDir = resolve(process.env.DATA_DIR || '.data', 'demo');
    rmSync(dataDir, { recursive: true, force: true });
    say(`Starting the product locally (data in ${dataDir}, wiped first)…`);
    const { startLocalRuntime } = await import('./runtime.ts');
    runtime = await startLocalRuntime({
      dataDir,
      port: await choosePort('PORT', 3000),
      inboxPort: await choosePort('INBOX_PORT', 8005),
      dynamoPort: await choosePort('DYNAMODB_PORT', 4567),
      s3Port: await choosePort('S3_PORT', 4568),
      // The tour drives the sweep itself so that each step shows what it sent.
      sweepIntervalMs: 0,
    });
    appUrl = runtime.appUrl;
    inboxUrl = runtime.inboxUrl;
    say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${appUrl} (inbox ${inboxUrl}).`);
  }

  try {
    for (const e of (await http('GET', `${inboxUrl}/store`)).json?.emails ?? []) seen.add(e.messageId);
    const token = async (role: string, email: string) =>
      (await api('POST', '/local/token', { body: { role, email } })).token as string;
    const tokens = {
      procurement: await token('procurement', 'pat.procurement@example.org'),
      compliance: await token('compliance', 'casey.compliance@example.org'),
    };
    if (!runtime) await distinguishFromEarlierRuns(tokens.procurement);
    await tour(tokens);
    await summary(tokens.compliance);
    whereToLook();
    say('');
    say(`Tour finished in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  } catch (error) {
    await runtime?.stop();
    throw error;
  }

  if (!runtime || exitAtEnd) {
    await runtime?.stop();
    return 0;
  }
  // Keep the product running for a look around, with the usual sweep timer.
  const interval = portFromEnv('SWEEP_INTERVAL_SECONDS', 5) * 1000;
  const rt = runtime;
  if (interval > 0) {
    setInterval(() => {
      if (rt.runner.running('sweep').length === 0) rt.sweepNow().catch(() => undefined);
    }, interval);
  }
  say('The product keeps running (the sweep every few seconds). Press Ctrl-C to stop.');
  await new Promise<void>((res) => {
    const stop = () => res();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('\nStopping…');
  await rt.stop();
  say(`Stopped. The demo data stays in ${join(process.env.DATA_DIR || '.data', 'demo')} until the next run.`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(
    `\nThe demo stopped${stepNo ? ` at step ${stepNo}` : ''}: ${code === 'EADDRINUSE' ? `a port is in use (${message}); set PORT, INBOX_PORT, DYNAMODB_PORT or S3_PORT` : message}\n`,
  );
  process.exitCode = 1;
}
// Stand-ins may hold handles open; the tour is over.
process.exit(process.exitCode);
