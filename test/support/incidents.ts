/**
 * Helpers of the vendor incident tests: the mailboxes the breach-clock ladder writes to, the incident
 * link in a vendor email, the local clock and sweep, and a registered PHI vendor with its BAA request.
 */
import { expect } from 'vitest';
import { type InboxEmail, phiVendor, stepOfSubject, type TestRuntime } from './runtime.ts';

export const PRIVACY = 'privacy-officer@example.org';
export const COMPLIANCE = 'compliance@example.org';
export const EXECUTIVE = 'security-officer@example.org';

/** The link to the incident report form printed in a vendor email. */
export const incidentLinkIn = (email: InboxEmail) => {
  const match = email.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})\/incidents/);
  if (!match) throw new Error(`No incident link in "${email.subject}"`);
  return match[1]!;
};

/**
 * A small suspected breach as a vendor reports it through its incident link (12 people in one State,
 * discovered two days before `now`): the report the page and wording tests file.
 */
export const smallBreachReport = (now: Date) => ({
  type: 'suspected_breach',
  discoveredAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
  summary: 'A report was emailed to the wrong clinic.',
  phiInvolved: true,
  unsecuredPhi: true,
  individualsAffected: 12,
  states: [{ state: 'wa', count: 12 }],
  systems: ['Reporting'],
  phiCategories: ['clinical'],
  vendorIsAgent: false,
});

/** The incident helpers bound to one test runtime (read at call time, after it has started). */
export function incidentClient(rt: TestRuntime) {
  const setClock = async (iso: string) =>
    expect((await rt.api('POST', '/local/clock', { body: { now: iso } })).status).toBe(200);
  const sweep = async () => (await rt.api('POST', '/local/sweep')).json;

  async function registerPhiVendor(name: string, contact: string) {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name, contactEmail: contact }),
    });
    expect(vendor.status).toBe(201);
    const baaRequest = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes(contact) && e.subject.startsWith('Business Associate Agreement required'),
    );
    return { vendorId: vendor.json.id as string, baaRequest };
  }

  const deadlineMails = async (to: string, vendorName: string) =>
    (await rt.emailsTo(to))
      .filter((e) => e.subject.includes('breach-notice deadline') && e.subject.includes(vendorName))
      .map((e) => stepOfSubject(e.subject));

  return { setClock, sweep, registerPhiVendor, deadlineMails };
}
