/**
 * Per-deployment policy: deadlines, escalation ladders, BAA rules and reassessment cadence. Defaults
 * come from docs (domain.md); a deployment overrides any part through POLICY_JSON, e.g.
 * `{"remediation":{"days":{"critical":7}}}`. Parsed once per config and validated by each schema,
 * so a bad override fails at start-up with the field named.
 */
import type { AppConfig } from '../config.ts';
import { ReassessmentPolicy } from '../domain/approval-gates.ts';
import { AssurancePolicy } from '../domain/assurance-freshness.ts';
import { EscalationPolicyConfig } from '../domain/escalation-policy.ts';
import { NotificationPolicy } from '../domain/notification-policy.ts';
import { OffshorePhiPolicy } from '../domain/offshore-data.ts';
import { RemediationPolicy } from '../domain/remediation-policy.ts';
import { SweepPolicy } from '../domain/sweep-policy.ts';
import { BaaPolicy } from '../schemas/baa.ts';
import { parseInput } from './validation.ts';

export interface Policies {
  remediation: RemediationPolicy;
  escalation: EscalationPolicyConfig;
  baa: BaaPolicy;
  reassessment: ReassessmentPolicy;
  sweep: SweepPolicy;
  notifications: NotificationPolicy;
  /** Assurance freshness and the annual BA verification (docs/assurance.md). */
  assurance: AssurancePolicy;
  /** Offshore PHI review before approval (policy, on by default; docs/offshore-data.md). */
  offshorePhi: OffshorePhiPolicy;
}

const cache = new WeakMap<AppConfig, Policies>();

export function loadPolicies(raw: Record<string, unknown>): Policies {
  return {
    remediation: parseInput(RemediationPolicy, raw.remediation ?? {}, 'remediation policy'),
    escalation: parseInput(EscalationPolicyConfig, raw.escalation ?? {}, 'escalation policy'),
    baa: parseInput(BaaPolicy, raw.baa ?? {}, 'BAA policy'),
    reassessment: parseInput(ReassessmentPolicy, raw.reassessment ?? {}, 'reassessment policy'),
    sweep: parseInput(SweepPolicy, raw.sweep ?? {}, 'sweep policy'),
    notifications: parseInput(NotificationPolicy, raw.notifications ?? {}, 'notification policy'),
    assurance: parseInput(AssurancePolicy, raw.assurance ?? {}, 'assurance policy'),
    offshorePhi: parseInput(OffshorePhiPolicy, raw.offshorePhi ?? {}, 'offshore PHI policy'),
  };
}

export function policiesOf(deps: { config: AppConfig }): Policies {
  let policies = cache.get(deps.config);
  if (!policies) {
    policies = loadPolicies(deps.config.policy);
    cache.set(deps.config, policies);
  }
  return policies;
}
