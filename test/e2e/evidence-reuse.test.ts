import { describe, expect, it } from 'vitest';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { addAssurance } from '../support/assurance.ts';
import { axeViolations, useChromium, watchErrors } from '../support/browser.ts';
import { inviteToQuestionnaire } from '../support/invite.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const browser = useChromium();

describe('evidence reuse on the questionnaire page', () => {
  it('proposes the confirmed SOC 2 on the audit question; the vendor uses it, saves, and can decline', async () => {
    const { vendorId, token } = await inviteToQuestionnaire(
      rt,
      'Browser Reuse Co',
      'reuse-browser@vendor.example',
    );
    const periodEnd = new Date(rt.deps.clock.now().getTime() - 30 * DAY).toISOString().slice(0, 10);
    const { registered } = await addAssurance(
      rt,
      { token },
      {
        type: 'soc2',
        reportType: 'type2',
        periodStart: '2025-01-01',
        periodEnd,
        auditor: 'Example Audit LLP',
        opinion: 'unqualified',
      },
    );
    await rt.api('POST', `/vendors/${vendorId}/assurance/${registered.json.id}/confirmation`, {
      role: 'compliance',
      body: {},
    });

    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${rt.appUrl}/portal/${token}`);
    const audit = page.getByRole('group', { name: /Independent security audit/ });
    await expect(
      audit.getByText(/^Your SOC 2 report \(Type II\), period January 1, 2025 to /).count(),
    ).resolves.toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    const use = audit.getByRole('checkbox', { name: 'Use this document for my answer' });
    expect(await use.isChecked()).toBe(false);
    await use.check();
    // The document's answer shows in the question's own control.
    expect(await audit.getByLabel('Yes', { exact: true }).isChecked()).toBe(true);

    await Promise.all([
      page.waitForURL(/\?saved=1/),
      page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    const saved = await rt.api('GET', `/portal/${token}/questionnaire`);
    expect(saved.json.answers['gov-independent-audit']).toBe('yes');
    expect(saved.json.sources['gov-independent-audit']).toMatchObject({
      documentId: registered.json.id,
      version: 1,
    });
    const again = page.getByRole('group', { name: /Independent security audit/ });
    expect(await again.getByRole('checkbox', { name: 'Use this document for my answer' }).isChecked()).toBe(
      true,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Choosing another answer unticks the document: the answer is the vendor's own.
    await again.getByLabel('Partially', { exact: true }).check();
    expect(await again.getByRole('checkbox', { name: 'Use this document for my answer' }).isChecked()).toBe(
      false,
    );
    await Promise.all([
      page.waitForURL(/\?saved=1/),
      page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    const declined = await rt.api('GET', `/portal/${token}/questionnaire`);
    expect(declined.json.answers['gov-independent-audit']).toBe('partial');
    expect(declined.json.sources).toEqual({});
    expect(errors).toEqual([]);
  });
});
