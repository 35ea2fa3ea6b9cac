/**
 * HIPAA vendor essentials, version 2: the short questionnaire for low-tier vendors, built from
 * hipaa-vendor-security v2 (same ids and wording). It gains asset inventory and decommissioning
 * (end-of-support tracking, media sanitisation for PHI vendors) and, for vendors without PHI,
 * encryption at rest of our data; PHI-only questions stay behind `phiOnly`.
 */
import type { QuestionInput, QuestionnaireTemplateInput } from '#shared/schemas/questionnaire.ts';
import { questions as fullQuestions } from './hipaa-vendor-security.v2.ts';

export const ESSENTIAL_QUESTION_IDS_V2 = [
  'gov-risk-analysis',
  'baa-will-sign',
  'baa-uses-subcontractors',
  'baa-subcontractor-list',
  'baa-subcontractor-baas',
  'baa-breach-window',
  'asset-inventory',
  'asset-media-sanitisation',
  'asset-end-of-support',
  'hard-defaults-removed',
  'vuln-critical-patch-days',
  'access-unique-ids',
  'access-mfa',
  'enc-at-rest',
  'enc-at-rest-data',
  'enc-in-transit',
  'ir-plan-tested',
  'bcp-backups',
  'wf-training',
] as const;

function pick(id: string): QuestionInput {
  const question = fullQuestions.find((q) => q.id === id);
  if (!question)
    throw new Error(`hipaa-vendor-essentials v2: question '${id}' is missing from hipaa-vendor-security v2`);
  return structuredClone(question);
}

export const hipaaVendorEssentialsV2: QuestionnaireTemplateInput = {
  id: 'hipaa-vendor-essentials',
  version: 2,
  title: 'HIPAA vendor security essentials',
  description:
    'The essential safeguards for low-risk vendors: risk analysis, asset inventory and decommissioning, hardening, patching, access control, encryption, incident response and backups.',
  tiers: ['low'],
  questions: ESSENTIAL_QUESTION_IDS_V2.map(pick),
};
