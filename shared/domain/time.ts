/** Time arithmetic shared by the rules (time itself is always a parameter, never read here). */
export const DAY_MS = 86_400_000;

export const addDays = (from: Date | string, days: number): Date =>
  new Date(new Date(from).getTime() + days * DAY_MS);

/**
 * Days from a due date to a moment, as a deadline email words it: negative before the date (a part
 * day counts as a day: "due in 7 days"), 0 for the first 24 hours after it ("due today"), then whole
 * days overdue. Mail and audit say how late an item really is when they go out, which is later than
 * the ladder step's nominal day when a sweep catches up or a daily digest waits for its hour.
 */
export function daysPastDue(dueAt: string, at: string | Date): number {
  const diff = new Date(at).getTime() - new Date(dueAt).getTime();
  return diff < 0 ? -Math.ceil(-diff / DAY_MS) : Math.floor(diff / DAY_MS);
}
