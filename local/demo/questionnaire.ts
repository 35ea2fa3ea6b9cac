/** Answering a questionnaire like a vendor in the portal: compliant by default, with chosen gaps. */
import { api, DemoError, http } from './client.ts';

export interface Question {
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
export async function answerQuestionnaire(
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
