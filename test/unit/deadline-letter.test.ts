/**
 * The batched deadline letter's closing sentence agrees with the number of items. Found walking
 * the demo: a reminder about one questionnaire ended "If they are not done by the due date …".
 * Expectations written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { type DeadlineLine, deadlineLetter } from '#shared/email/deadline-emails.ts';

const line = (over: Partial<DeadlineLine>): DeadlineLine => ({
  vendorName: 'Quietline Transcription',
  dueKind: 'questionnaire_response',
  stepKind: 'reminder',
  level: 0,
  offsetDays: -7,
  title: 'Security questionnaire',
  dueAt: '2026-12-16T08:00:00.000Z',
  ...over,
});
const finding = (title: string, over: Partial<DeadlineLine> = {}) =>
  line({ dueKind: 'finding_remediation', title, severity: 'high', ...over });

const closing = (lines: DeadlineLine[], toVendor: boolean) =>
  deadlineLetter({ vendorName: 'Quietline Transcription', organisation: 'Example Health', toVendor, lines })
    .closing?.[0];

describe('the deadline letter closing', () => {
  it.each([
    [
      'one questionnaire, reminder to the vendor',
      [line({})],
      true,
      'If it is not done by the due date, we let our business owner and procurement know.',
    ],
    [
      'two findings, reminder to the vendor',
      [finding('MFA'), finding('Backups')],
      true,
      'If they are not done by the due date, we let our business owner and procurement know.',
    ],
    [
      'one finding, reminder to staff',
      [finding('MFA')],
      false,
      'If it is not done by the due date, it escalates to the business owner and procurement.',
    ],
    [
      'one questionnaire, escalation',
      [line({ stepKind: 'escalation', level: 1, offsetDays: 0 })],
      false,
      'If it stays open, it goes further up the chain on the dates our policy sets.',
    ],
    [
      'two findings, escalation',
      [
        finding('MFA', { stepKind: 'escalation', level: 2 }),
        finding('Backups', { stepKind: 'escalation', level: 2 }),
      ],
      false,
      'If they stay open, they go further up the chain on the dates our policy sets.',
    ],
    [
      'one accepted risk lapsed',
      [finding('MFA', { dueKind: 'risk_acceptance_expiry', stepKind: 'lapse', offsetDays: 0 })],
      false,
      'The finding is open again and its remediation deadline is tracked as before.',
    ],
  ] as const)('%s', (_name, lines, toVendor, sentence) => {
    expect(closing([...lines], toVendor)).toBe(sentence);
  });
});
