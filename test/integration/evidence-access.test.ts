/**
 * Evidence staff can open: every file of a submitted assessment is listed with an `href`; staff
 * open it and get the exact bytes submitted (pinned version + SHA-256, even after the key is written
 * again); opening is audited; the vendor opens its own files through its link and nobody opens
 * another vendor's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openHref, type SubmittedVendor, submittedVendor } from '../support/review-desk.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let first: SubmittedVendor;
let href: string;

describe('evidence files', () => {
  it('lists each file of the assessment with its name, size, SHA-256 and href', async () => {
    first = await submittedVendor(rt, 'Evidence Co', 'evidence@vendor.example');
    const res = await rt.api('GET', `/assessments/${first.assessmentId}`, { role: 'compliance' });
    expect(res.status).toBe(200);
    expect(res.json.evidence).toHaveLength(1);
    const file = res.json.evidence[0];
    expect(file).toMatchObject({
      name: 'soc2-report.txt',
      size: first.fileBytes.byteLength,
      sha256: sha256(first.fileBytes),
      source: 'answer',
      questionId: 'gov-audit-report',
    });
    expect(file.href).toBe(`/assessments/${first.assessmentId}/evidence/${file.fileId}`);
    href = file.href;
  });

  it('a compliance user and a procurement user open the exact bytes; no token is a 401', async () => {
    for (const role of ['compliance', 'procurement'] as const) {
      const opened = await openHref(rt, href, await rt.token(role));
      expect(opened.status).toBe(200);
      expect(Buffer.from(opened.bytes).equals(Buffer.from(first.fileBytes))).toBe(true);
    }
    const anonymous = await fetch(`${rt.appUrl}${href}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
  });

  it('the audit packet lists each file with its name, size and SHA-256', async () => {
    const packet = await rt.api('GET', `/vendors/${first.vendorId}/audit-packet`, { role: 'compliance' });
    expect(packet.status).toBe(200);
    const row = packet.text.match(/<tr><td>soc2-report\.txt.*?<\/tr>/)?.[0] ?? '';
    expect(row).toContain(`${first.fileBytes.byteLength} bytes`);
    expect(row).toContain(sha256(first.fileBytes));
  });

  it('the console links the file for every staff role; only compliance gets the review forms', async () => {
    const page = async (role: 'compliance' | 'procurement') => {
      const res = await fetch(
        `${rt.appUrl}/console/vendors/${first.vendorId}/assessments/${first.assessmentId}`,
        {
          headers: { cookie: `session=${await rt.token(role)}` },
        },
      );
      return { status: res.status, html: await res.text() };
    };
    const compliance = await page('compliance');
    expect(compliance.status).toBe(200);
    expect(compliance.html).toContain(`href="${href}"`);
    expect(compliance.html).toContain('Send clarification requests');
    const procurement = await page('procurement');
    expect(procurement.status).toBe(200);
    expect(procurement.html).toContain(`href="${href}"`);
    expect(procurement.html).not.toContain('Send clarification requests');
    expect(procurement.html).not.toContain('Record a verdict');
  });

  it('records each opening in the audit trail (who, which file)', async () => {
    const trail = await rt.api('GET', `/vendors/${first.vendorId}/audit`, { role: 'compliance' });
    const opened = trail.json.events.filter((e: { action: string }) => e.action === 'evidence.opened');
    expect(opened.map((e: { actor: { id: string } }) => e.actor.id)).toEqual(
      expect.arrayContaining(['compliance@example.org', 'procurement@example.org']),
    );
    expect(opened[0].summary).toContain('soc2-report.txt');
  });

  it("the vendor opens its own file through its link; another vendor's link gets a 404", async () => {
    const list = await rt.api('GET', `/portal/${first.token}/evidence`);
    expect(list.status).toBe(200);
    const own = await openHref(rt, list.json.items[0].href);
    expect(own.status).toBe(200);
    expect(Buffer.from(own.bytes).equals(Buffer.from(first.fileBytes))).toBe(true);

    const other = await submittedVendor(rt, 'Other Co', 'other@vendor.example');
    const fileId = list.json.items[0].fileId;
    const foreign = await fetch(`${rt.appUrl}/portal/${other.token}/evidence/${fileId}`, {
      redirect: 'manual',
    });
    expect(foreign.status).toBe(404);
    // Nor through staff routes under another assessment.
    const crossed = await rt.api('GET', `/assessments/${other.assessmentId}/evidence/${fileId}`, {
      role: 'compliance',
    });
    expect(crossed.status).toBe(404);
  });

  it('an overwrite of the key after submission does not change what staff open', async () => {
    const put = await fetch(first.uploadUrl, {
      method: 'PUT',
      headers: first.uploadHeaders,
      body: new TextEncoder()
        .encode('REPLACED after submission, same length!!!!!!!!!!!!!')
        .slice(0, first.fileBytes.byteLength),
    });
    expect(put.status).toBe(200);
    const opened = await openHref(rt, href, await rt.token('compliance'));
    expect(opened.status).toBe(200);
    expect(sha256(opened.bytes)).toBe(sha256(first.fileBytes));
  });
});
