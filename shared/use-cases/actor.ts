/** Who acts: a staff member (from the JWT), a vendor (through its link) or the system (workflows). */
import type { Role } from '../schemas/core.ts';

export interface Actor {
  id: string;
  role: Role | 'vendor' | 'system';
}

export const SYSTEM: Actor = { id: 'system', role: 'system' };
