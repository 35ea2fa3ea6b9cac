/**
 * `assessments show` and `assessments clarify`: read a submission question by question (answers,
 * evidence with SHA-256, findings, verdicts, clarification threads) and ask the vendor about
 * answers from a script.
 */
import type { CommandContext, CommandSpec } from '../../bin/cli.ts';
import { ASSESSMENT_STATUS_LABELS, labelOf } from '../../shared/labels.ts';
import { EXIT, type ExitCode, usageError } from '../api-client.ts';

interface EvidenceView {
  name: string;
  size: number;
  sha256: string | null;
  href: string;
}
interface QuestionView {
  id: string;
  title: string;
  critical: boolean;
  asked: boolean;
  notAskedBecause: string | null;
  answerText: string;
  answerSource: 'submitted' | 'clarified' | 'override' | null;
  gap: 'gap' | 'partial' | null;
  findingId: string | null;
  evidence: EvidenceView[];
  /** The security document the answer was taken from (evidence reuse), when it was. */
  documentSource?: {
    summary: string;
    fileName: string;
    version: number;
    sha256: string;
    href: string;
    standing: string;
    standingText: string;
  } | null;
  verdict: { verdict: string; reason: string | null } | null;
  clarification: { status: string; dueAt: string; messages: { from: string; text: string }[] } | null;
}
interface ReviewView {
  assessmentId: string;
  status: string;
  score: number | null;
  domains: { label: string; score: number | null; questions: QuestionView[] }[];
}

const FILTERS = ['all', 'gaps', 'critical', 'evidence', 'unanswered'] as const;
const VERDICT_WORDS: Record<string, string> = {
  accepted: 'accepted',
  needs_clarification: 'needs clarification',
  override: 'overridden',
};

function matches(q: QuestionView, filter: (typeof FILTERS)[number]) {
  if (filter === 'gaps') return q.gap !== null;
  if (filter === 'critical') return q.asked && q.critical;
  if (filter === 'evidence') return q.evidence.length > 0 || Boolean(q.documentSource);
  if (filter === 'unanswered') return q.asked && /^(Not answered|Not applicable)$/.test(q.answerText);
  return true;
}

async function show(
  ctx: CommandContext,
  assessmentId: string,
  filterName: string | undefined,
): Promise<ExitCode> {
  const filter = (filterName ?? 'all') as (typeof FILTERS)[number];
  if (!FILTERS.includes(filter)) {
    throw usageError(`--only must be one of: ${FILTERS.join(', ')}`);
  }
  const review = await ctx.client.json<ReviewView>(
    'GET',
    `/assessments/${encodeURIComponent(assessmentId)}/review`,
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(review, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    `Assessment ${review.assessmentId}: ${labelOf(ASSESSMENT_STATUS_LABELS, review.status).toLowerCase()}${review.score === null ? '' : `, score ${review.score}/100`}`,
  );
  for (const d of review.domains) {
    const rows = d.questions.filter((q) => matches(q, filter));
    if (rows.length === 0) continue;
    ctx.out('');
    ctx.out(`${d.label} — ${d.score === null ? 'not scored' : `${d.score}/100`}`);
    for (const q of rows) {
      if (!q.asked) {
        ctx.out(`  ${q.title} [${q.id}]: not asked (${q.notAskedBecause ?? 'condition not met'})`);
        continue;
      }
      const tags = [
        q.critical ? 'critical' : '',
        q.gap === 'gap' ? 'GAP' : q.gap === 'partial' ? 'partial' : '',
        q.answerSource === 'clarified' ? 'clarified' : q.answerSource === 'override' ? 'overridden' : '',
      ].filter(Boolean);
      ctx.out(`  ${q.title} [${q.id}]: ${q.answerText}${tags.length ? `  (${tags.join(', ')})` : ''}`);
      for (const e of q.evidence) {
        ctx.out(`    file: ${e.name}, ${e.size} bytes, sha256 ${e.sha256 ?? 'not pinned'} — ${e.href}`);
      }
      const doc = q.documentSource;
      if (doc) {
        ctx.out(`    ${doc.summary}`);
        ctx.out(`    document: ${doc.fileName}, version ${doc.version}, sha256 ${doc.sha256} — ${doc.href}`);
        if (doc.standing !== 'current') ctx.out(`    ${doc.standingText} The submitted answer is unchanged.`);
      }
      if (q.findingId) ctx.out('    a finding was raised on this answer');
      if (q.verdict) {
        ctx.out(
          `    verdict: ${VERDICT_WORDS[q.verdict.verdict] ?? q.verdict.verdict}${q.verdict.reason ? ` — ${q.verdict.reason}` : ''}`,
        );
      }
      if (q.clarification) {
        ctx.out(
          `    clarification: ${q.clarification.status === 'open' ? `awaiting the vendor, due ${q.clarification.dueAt.slice(0, 10)}` : 'answered'}`,
        );
        for (const m of q.clarification.messages) if (m.text) ctx.out(`      ${m.from}: ${m.text}`);
      }
    }
  }
  return EXIT.ok;
}

async function clarify(ctx: CommandContext, assessmentId: string, pairs: string[]): Promise<ExitCode> {
  const requests = pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0 || !pair.slice(at + 1).trim()) {
      throw usageError(
        `Each request is <questionId>=<note>; got "${pair}"`,
        'e.g. enc-at-rest="Which systems are not encrypted?"',
      );
    }
    return { questionId: pair.slice(0, at).trim(), note: pair.slice(at + 1).trim() };
  });
  if (requests.length === 0) throw usageError('Give at least one <questionId>=<note>');
  const result = await ctx.client.json<{ dueAt: string; threads: { questionTitle: string }[] }>(
    'POST',
    `/assessments/${encodeURIComponent(assessmentId)}/clarifications`,
    { body: { requests } },
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    `Asked the vendor about ${result.threads.length} answer(s): ${result.threads.map((t) => t.questionTitle).join(', ')}. One email is on its way; reply due ${result.dueAt.slice(0, 10)}.`,
  );
  return EXIT.ok;
}

export const reviewDeskCommands: CommandSpec[] = [
  {
    path: ['assessments', 'show'],
    summary:
      'A submission question by question: answers, evidence (SHA-256), findings, verdicts, clarifications',
    args: [{ name: 'assessmentId', required: true, description: 'the assessment id (a_…)' }],
    options: {
      only: {
        type: 'string',
        placeholder: '<filter>',
        description: `Show only: ${FILTERS.join(', ')} (default all)`,
      },
    },
    examples: [
      'baa-guard assessments show a_3Jd9sK2mPq1Z',
      'baa-guard assessments show a_3Jd9sK2mPq1Z --only gaps',
    ],
    defaultRole: () => 'compliance',
    run: (ctx, { args, values }) => show(ctx, args[0]!, values.only as string | undefined),
  },
  {
    path: ['assessments', 'clarify'],
    summary: 'Ask the vendor to clarify answers (one email; 7 days to reply, with reminders)',
    args: [
      { name: 'assessmentId', required: true, description: 'the assessment id (a_…)' },
      {
        name: 'questionId=note…',
        required: true,
        variadic: true,
        description: 'one or more question ids with the question to ask',
      },
    ],
    examples: [
      'baa-guard assessments clarify a_3Jd9sK2mPq1Z enc-at-rest="Which systems hold PHI unencrypted?"',
    ],
    exitNotes: ['1  e.g. 400 for a question the vendor was not asked, 409 before submission'],
    defaultRole: () => 'compliance',
    run: (ctx, { args }) => clarify(ctx, args[0]!, args.slice(1)),
  },
];
