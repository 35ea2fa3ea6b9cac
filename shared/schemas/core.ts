/**
 * Vocabulary shared by every aggregate: roles, tiers, severities, identifiers and timestamps.
 * Types are inferred from the schemas so that API validation, OpenAPI, storage and tests agree.
 */
import * as z from './zod.ts';

export const Role = z.enum(['procurement', 'compliance', 'admin']);
export type Role = z.infer<typeof Role>;

/** Inherent risk tier from the intake; sets questionnaire depth and reassessment cadence. */
export const Tier = z.enum(['low', 'moderate', 'high', 'critical']);
export type Tier = z.infer<typeof Tier>;
export const TIER_ORDER: readonly Tier[] = ['low', 'moderate', 'high', 'critical'];

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** ISO-8601 UTC timestamp as stored and returned everywhere (`2026-11-28T12:00:00.000Z`). */
export const IsoTime = z.iso.datetime();
export type IsoTime = string;

/**
 * Control characters (C0 incl. TAB/CR/LF/NUL, DEL, C1 NEL, Unicode line/paragraph separators) have
 * no place in a one-line field: names and addresses reach email subjects and headers, CSV exports
 * and the audit trail, where a line break would forge a new line.
 */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;
export const noControlCharacters = z.refine<string>((value) => !CONTROL_CHARACTERS.test(value), {
  message: 'Must be a single line without control characters (line breaks, tabs, NUL)',
});

/** A trimmed single-line text of 1..max characters (names, subjects, file names). */
export const SingleLine = (max: number) =>
  z.string().check(noControlCharacters, z.trim(), z.minLength(1), z.maxLength(max));

export const Email = z.email().check(noControlCharacters);
export const VendorId = z.string().check(z.regex(/^v_[0-9A-Za-z]{10,40}$/, 'Not a vendor id'));
export const AssessmentId = z.string().check(z.regex(/^a_[0-9A-Za-z]{10,40}$/, 'Not an assessment id'));
