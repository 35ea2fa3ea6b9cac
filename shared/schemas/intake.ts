/** The procurement intake: the answers the inherent-risk tier is computed from. */
import { COUNTRY_CODES } from '../domain/countries.ts';
import { noControlCharacters } from './core.ts';
import * as z from './zod.ts';

export const SystemAccess = z.enum(['none', 'user', 'privileged']);
export type SystemAccess = z.infer<typeof SystemAccess>;

/** How many individuals' records the vendor will create, receive, maintain or transmit. */
export const RecordVolume = z.enum(['none', 'under_500', '500_to_10k', '10k_to_100k', 'over_100k']);
export type RecordVolume = z.infer<typeof RecordVolume>;
export const RECORD_VOLUME_ORDER: readonly RecordVolume[] = [
  'none',
  'under_500',
  '500_to_10k',
  '10k_to_100k',
  'over_100k',
];

/** An ISO 3166-1 alpha-2 code from the assigned list (shared/domain/countries.ts), upper case. */
export const CountryCode = z.enum(COUNTRY_CODES as [string, ...string[]], {
  error: 'Not an ISO 3166-1 alpha-2 country code; use two letters like US, IN or DE',
});

/** A yes / no / unknown answer: "unknown" is an answer procurement may honestly give. */
export const YesNoUnknown = z.enum(['yes', 'no', 'unknown']);
export type YesNoUnknown = z.infer<typeof YesNoUnknown>;

const Countries = z.array(CountryCode).check(
  z.maxLength(60),
  z.refine((codes) => new Set(codes).size === codes.length, { message: 'Lists a country twice' }),
);

/**
 * Where our data lives: the countries where the vendor stores or processes it, those where its
 * subcontractors do, and whether support staff outside the United States can reach it. Optional on
 * the intake: vendors registered before it existed read as "not recorded".
 */
export const DataLocation = z.object({
  /** At least one: the vendor stores or processes our data somewhere. */
  vendorCountries: Countries.check(
    z.minLength(1, 'Name at least one country where the vendor stores or processes the data'),
  ),
  /** Empty when the vendor uses no subcontractor for our data. */
  subcontractorCountries: z._default(Countries, []),
  /** Support staff outside the United States can access our data (remote support, follow-the-sun). */
  offshoreSupport: YesNoUnknown,
});
export type DataLocation = z.infer<typeof DataLocation>;

/** Cyber liability insurance as procurement learned it at intake (a confirmed insurance document wins). */
export const CyberInsurance = z.object({
  carries: YesNoUnknown,
  carrier: z.optional(z.string().check(noControlCharacters, z.trim(), z.minLength(1), z.maxLength(200))),
  /** The aggregate limit in US dollars. */
  limitUsd: z.optional(z.int().check(z.minimum(1), z.maximum(100_000_000_000))),
});
export type CyberInsurance = z.infer<typeof CyberInsurance>;

export const Intake = z.object({
  /** Creates, receives, maintains or transmits PHI (45 CFR 160.103 "business associate"). */
  handlesPhi: z.boolean(),
  /** Supplies a medical device (FD&C Act 524B "cyber device" or any networked device). */
  medicalDevice: z.boolean(),
  systemAccess: SystemAccess,
  recordVolume: RecordVolume,
  /** Supports a function whose outage harms patient care (EHR, PACS, infusion, lab). */
  criticalClinicalFunction: z._default(z.boolean(), false),
  /** Data location and offshore support access (not recorded on vendors registered before it existed). */
  dataLocation: z.optional(DataLocation),
  cyberInsurance: z.optional(CyberInsurance),
});
export type Intake = z.infer<typeof Intake>;
