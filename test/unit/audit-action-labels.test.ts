/**
 * Audit action ids in words, as the console timeline and the audit packet print them. Expectations
 * are written out by hand: found walking the demo, the timeline read "Baa: signed" and would read
 * "Incident_link: rotated" and "Vendor: baa exempted".
 */
import { describe, expect, it } from 'vitest';
import { auditActionLabel } from '#shared/labels.ts';

describe('auditActionLabel', () => {
  it.each([
    ['baa.signed', 'BAA: signed'],
    ['baa.document_uploaded', 'BAA: document uploaded'],
    ['baa.review_approved', 'BAA: review approved'],
    ['incident_link.rotated', 'Incident link: rotated'],
    ['vendor.baa_exempted', 'Vendor: BAA exemption recorded'],
    ['vendor.baa_exemption_revoked', 'Vendor: BAA exemption revoked'],
    ['vendor.registered', 'Vendor: registered'],
    ['finding.fix_reported', 'Finding: fix reported'],
    ['finding.extended', 'Finding: deadline extended'],
    ['deadline.escalated', 'Deadline: escalated'],
    ['fix_verified', 'Fix verified'],
    ['some_baa_thing', 'Some BAA thing'],
  ])('%s → %s', (action, words) => {
    expect(auditActionLabel(action)).toBe(words);
  });
});
