/**
 * Autosave in the vendor portal: a change is saved in the background after a short pause, the
 * page says so (with the time zone), a new device finds it, and leaving with unsaved changes asks.
 */
import { describe, expect, it } from 'vitest';
import { useChromium, watchErrors } from '../support/browser.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const browser = useChromium();

describe('autosave', () => {
  it('saves a changed answer without a click, shows when, and warns before leaving unsaved changes', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Autosave Clinic', contactEmail: 'auto@autosave.example' }),
    });
    await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
    const invitation = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('auto@autosave.example') && e.subject.startsWith('Security questionnaire'),
    );
    const link = `${rt.appUrl}/portal/${portalToken(invitation)}`;

    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(link);
    const status = page.locator('[data-autosave-status]');
    await page
      .getByRole('group', { name: /Enterprise risk analysis/ })
      .getByLabel('Yes', { exact: true })
      .check();
    expect(await status.textContent()).toBe('Unsaved changes…');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document
          .querySelector('[data-autosave-status]')
          ?.textContent.startsWith('All changes saved at'),
      undefined,
      { timeout: 10_000 },
    );
    // The time carries its zone ("at 09:41 AM UTC").
    expect(await status.textContent()).toMatch(/All changes saved at .*(UTC|GMT|[A-Z]{2,5})/);
    expect(errors).toEqual([]);

    // Saved on the server: another browser finds it.
    const other = await browser.newPage();
    await other.goto(link);
    expect(
      await other
        .getByRole('group', { name: /Enterprise risk analysis/ })
        .getByLabel('Yes', { exact: true })
        .isChecked(),
    ).toBe(true);

    // An unsaved change: leaving asks first (beforeunload).
    await other
      .getByRole('group', { name: /Enterprise risk analysis/ })
      .getByLabel('No', { exact: true })
      .check();
    // The page's beforeunload handler cancels leaving (the browser then asks the person).
    const cancelsLeaving = () =>
      other.evaluate(() => {
        const w = globalThis as unknown as {
          Event: new (type: string, init: { cancelable: boolean }) => { defaultPrevented: boolean };
          dispatchEvent(e: unknown): boolean;
        };
        const event = new w.Event('beforeunload', { cancelable: true });
        w.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await cancelsLeaving()).toBe(true);
    // Once saved, leaving is quiet again.
    await other.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document
          .querySelector('[data-autosave-status]')
          ?.textContent.startsWith('All changes saved at'),
      undefined,
      { timeout: 10_000 },
    );
    expect(await cancelsLeaving()).toBe(false);
  }, 60_000);
});
