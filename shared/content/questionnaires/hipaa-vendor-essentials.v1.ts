/**
 * HIPAA vendor essentials, version 1: the short questionnaire for low-tier vendors. It is the critical
 * core of the full assessment, reusing the same questions (same ids and wording) so answers and
 * evidence compare across tiers. BAA questions stay behind their "handles PHI" condition: a low-tier
 * vendor normally does not handle PHI, but a manual tier override must still ask for a BAA.
 */
import type { QuestionInput, QuestionnaireTemplateInput } from '#shared/schemas/questionnaire.ts';
import { questions as fullQuestions } from './hipaa-vendor-security.v1.ts';

export const ESSENTIAL_QUESTION_IDS = [
  'gov-risk-analysis',
  'baa-will-sign',
  'baa-uses-subcontractors',
  'baa-subcontractor-list',
  'baa-subcontractor-baas',
  'baa-breach-window',
  'hard-defaults-removed',
  'vuln-critical-patch-days',
  'access-unique-ids',
  'access-mfa',
  'enc-at-rest',
  'enc-in-transit',
  'ir-plan-tested',
  'bcp-backups',
  'wf-training',
] as const;

function pick(id: string): QuestionInput {
  const question = fullQuestions.find((q) => q.id === id);
  if (!question)
    throw new Error(`hipaa-vendor-essentials v1: question '${id}' is missing from hipaa-vendor-security v1`);
  // A copy, so this template never shares mutable objects with the full one.
  return structuredClone(question);
}

export const hipaaVendorEssentialsV1: QuestionnaireTemplateInput = {
  id: 'hipaa-vendor-essentials',
  version: 1,
  title: 'HIPAA vendor security essentials',
  description:
    'The essential safeguards for low-risk vendors: risk analysis, hardening, patching, access control, encryption, incident response and backups.',
  tiers: ['low'],
  questions: ESSENTIAL_QUESTION_IDS.map(pick),
};
