/**
 * A real agreement: the portal serves our BAA as a Word document and a PDF with the vendor's
 * details filled in; both open with a parser and carry every checklist clause. An uploaded PDF
 * with compressed text streams (and a Word document) gets its clauses suggested.
 */
import { strFromU8, unzipSync } from 'fflate';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import { baaTemplate } from '#shared/content/baa-template.v1.ts';
import { baaPdf } from '#shared/documents/baa-pdf.ts';
import { uploadBaa } from '../support/baa.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

/**
 * What each checklist clause must say, written here independently of the template and of the
 * detection rules: a phrase (or citation) of the provision in 45 CFR 164.504(e) / 164.314(a).
 */
const CLAUSE_PHRASES: Record<string, RegExp> = {
  'permitted-uses': /may use or disclose protected health information/i,
  'no-other-use': /shall not use or further disclose/i,
  safeguards: /appropriate safeguards/i,
  'report-disclosures': /report to Covered Entity any use or disclosure/i,
  'subcontractors-agree': /agrees in writing to the same restrictions/i,
  'individual-access': /164\.524/,
  amendment: /164\.526/,
  accounting: /164\.528/,
  'privacy-rule-obligations': /obligation of\s+Covered Entity under Subpart E/i,
  'hhs-books-records': /Secretary of Health and Human Services/i,
  'return-or-destroy': /return or destroy all PHI/i,
  'termination-for-breach': /may terminate this Agreement/i,
  'security-rule-compliance': /Subpart C of\s+45 CFR Part 164/i,
  'subcontractor-contracts': /164\.314\(a\)\(2\)\(iii\)/,
  'security-incident-reporting': /any security incident/i,
  'breach-notice-window': /ten \(10\) calendar days/i,
  'contingency-notice-24h': /within 24 hours of activating/i,
};

const pdfText = async (bytes: Uint8Array) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;
const docxText = (bytes: Uint8Array) =>
  strFromU8(unzipSync(bytes)['word/document.xml']!)
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

async function vendorWithLink(name: string, contact: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactName: 'Jo Vendor', contactEmail: contact }),
  });
  expect(vendor.status).toBe(201);
  const request = await rt.waitForEmail(
    (e) => e.destination.to.includes(contact) && e.subject.includes('Business Associate Agreement required'),
  );
  return {
    vendorId: vendor.json.id as string,
    token: request.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!,
  };
}

function expectEveryClause(text: string) {
  const flat = text.replace(/\s+/g, ' ');
  for (const clause of BAA_CHECKLIST_V1.clauses) {
    const phrase = CLAUSE_PHRASES[clause.id];
    expect(phrase, `a phrase for checklist clause ${clause.id}`).toBeDefined();
    expect(flat, clause.id).toMatch(phrase!);
  }
}

describe('our BAA as documents', () => {
  it('serves a PDF and a Word document with headings, numbered sections, signatures and the vendor filled in', async () => {
    const { token } = await vendorWithLink('Docu Scan Imaging', 'docs@vendor.example');
    const pdf = await fetch(`${rt.appUrl}/portal/${token}/baa/template?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(
      'Business-Associate-Agreement-Docu-Scan-Imaging.pdf',
    );
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    const fromPdf = await pdfText(pdfBytes);
    expect(fromPdf).toContain('BUSINESS ASSOCIATE AGREEMENT');
    expect(fromPdf).toContain('Docu Scan Imaging');
    expect(fromPdf).toContain('Jo Vendor');
    expect(fromPdf).toMatch(/1\. Permitted uses and disclosures/);
    expect(fromPdf).toMatch(/16\. Survival/);
    expect(fromPdf).toMatch(/Signature:[\s\S]*Date:/);
    expectEveryClause(fromPdf);

    const docx = await fetch(`${rt.appUrl}/portal/${token}/baa/template?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const docxBytes = new Uint8Array(await docx.arrayBuffer());
    const xml = strFromU8(unzipSync(docxBytes)['word/document.xml']!);
    expect(xml).toContain('w:pStyle w:val="Heading2"');
    expect(xml).toContain('<w:tbl>'); // the signature block
    const fromDocx = docxText(docxBytes);
    expect(fromDocx).toContain('Docu Scan Imaging');
    expect(fromDocx).toMatch(/15\. Obligations on termination/);
    expectEveryClause(fromDocx);

    expect((await fetch(`${rt.appUrl}/portal/${token}/baa/template?format=exe`)).status).toBe(400);
  });

  it('suggests the clauses of an uploaded PDF with compressed text streams, and of a Word document', async () => {
    const { vendorId, token } = await vendorWithLink('Compressed Claims', 'pdf@vendor.example');
    const bytes = await baaPdf(baaTemplate('Example Health', 'Compressed Claims'));
    // The text is inside Flate-compressed streams: a scan of the raw bytes finds none of it.
    const raw = new TextDecoder('latin1').decode(bytes);
    expect(raw).toContain('/FlateDecode');
    expect(raw).not.toContain('Secretary of Health');
    const { registered } = await uploadBaa(
      rt,
      { token },
      { name: 'signed.pdf', contentType: 'application/pdf', bytes, kind: 'signed' },
    );
    expect(registered.status).toBe(200);
    const baa = (await rt.api('GET', `/vendors/${vendorId}/baas/main`, { role: 'compliance' })).json;
    const suggestions = baa.documents.at(-1).suggestions;
    expect(suggestions.notFound).toEqual([]);
    expect([...suggestions.present].sort()).toEqual(BAA_CHECKLIST_V1.clauses.map((c) => c.id).sort());
    expect(suggestions.noticeWindowDays).toBe(10);

    // A Word redline that drops the HHS books-and-records clause: that clause is not found.
    const docx = await fetch(`${rt.appUrl}/portal/${token}/baa/template?format=docx`);
    const files = unzipSync(new Uint8Array(await docx.arrayBuffer()));
    const { zipSync, strToU8 } = await import('fflate');
    files['word/document.xml'] = strToU8(
      strFromU8(files['word/document.xml']!).replace(
        /Business Associate shall make its internal practices[^<]*/,
        'Business Associate keeps its records as it sees fit.',
      ),
    );
    const redline = zipSync(files);
    const second = await uploadBaa(
      rt,
      { vendorId },
      {
        name: 'redline.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: redline,
        kind: 'redline',
      },
    );
    expect(second.registered.status).toBe(200);
    const after = (await rt.api('GET', `/vendors/${vendorId}/baas/main`, { role: 'compliance' })).json;
    expect(after.documents.at(-1).suggestions.notFound).toEqual(['hhs-books-records']);
  });
});
