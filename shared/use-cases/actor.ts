/** Who acts: a staff member (from the JWT), a vendor (through its link) or the system (workflows). */
import { AppError } from '../errors.ts';
import type { Role } from '../schemas/core.ts';

export interface Actor {
  id: string;
  role: Role | 'vendor' | 'system';
}

export const SYSTEM: Actor = { id: 'system', role: 'system' };

/**
 * Risk decisions (accepting a critical risk, overriding an approval gate, recording a BAA exemption,
 * approving a BAA exception, re-rating assessments) belong to compliance alone: an admin administers
 * the product, it does not decide risk. Route roles let an admin through everywhere, so the use case
 * checks this itself.
 */
export function requireCompliance(actor: Actor, what: string): void {
  if (actor.role !== 'compliance') {
    throw new AppError(
      'compliance_only',
      `Only compliance can ${what}; an admin administers, it does not decide risk.`,
      403,
      {
        role: actor.role,
      },
    );
  }
}
