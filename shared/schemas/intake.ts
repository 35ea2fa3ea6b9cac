/** The procurement intake: the answers the inherent-risk tier is computed from. */
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

export const Intake = z.object({
  /** Creates, receives, maintains or transmits PHI (45 CFR 160.103 "business associate"). */
  handlesPhi: z.boolean(),
  /** Supplies a medical device (FD&C Act 524B "cyber device" or any networked device). */
  medicalDevice: z.boolean(),
  systemAccess: SystemAccess,
  recordVolume: RecordVolume,
  /** Supports a function whose outage harms patient care (EHR, PACS, infusion, lab). */
  criticalClinicalFunction: z._default(z.boolean(), false),
});
export type Intake = z.infer<typeof Intake>;
