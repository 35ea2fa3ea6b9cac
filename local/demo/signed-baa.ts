/**
 * The vendor's signed copy of our BAA, as vendors return it: the PDF we sent (GET
 * /portal/{token}/baa/template, made with pdf-lib in shared/documents/baa-pdf.ts) with a signature
 * page added. The product reads its text to suggest the clauses it finds, as it does for real uploads.
 */
import { DemoError } from './client.ts';

export async function signedBaaPdf(
  templateUrl: string,
  vendorName: string,
  signer: string,
): Promise<Uint8Array> {
  const res = await fetch(templateUrl, { signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) throw new DemoError(`BAA template: ${res.status}`);
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  page.drawText(`SIGNED for ${vendorName}`, { x: 64, y: 700, size: 12, font });
  page.drawText(`/s/ ${signer}, Chief Executive Officer`, { x: 64, y: 680, size: 12, font });
  pdf.setProducer('BAA Guard demo (signed by the vendor)');
  return pdf.save();
}
