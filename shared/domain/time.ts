/** Time arithmetic shared by the rules (time itself is always a parameter, never read here). */
export const DAY_MS = 86_400_000;

export const addDays = (from: Date | string, days: number): Date =>
  new Date(new Date(from).getTime() + days * DAY_MS);
