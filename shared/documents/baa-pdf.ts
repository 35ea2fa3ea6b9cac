/**
 * The BAA as a PDF (pdf-lib): US Letter pages, a title, numbered sections with bold headings,
 * wrapped text, page numbers, and a signature block that never splits across pages. Text streams
 * are compressed (pdf-lib's default), as in documents from word processors. Imported lazily by the
 * route that serves it.
 */
// Types only at load: the library itself is imported when a PDF is made (an external package that a
// static import would load on every cold start of the API function).
import type { PDFFont, PDFPage } from 'pdf-lib';
import type { BaaTemplate } from '../content/baa-template.v1.ts';

const PAGE: [number, number] = [612, 792]; // US Letter; fits A4 margins too
const MARGIN = 64;
const WIDTH = PAGE[0] - 2 * MARGIN;

/** The standard fonts encode WinAnsi only: map typographic characters to what they can print. */
const printable = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00A7/g, 'Sec. ')
    .replace(/[^\x20-\x7E\u00A0-\u00FF]/g, '?');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

export async function baaPdf(t: BaaTemplate): Promise<Uint8Array> {
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${t.title} - ${t.vendorName}`);
  pdf.setAuthor(t.organisation);
  pdf.setSubject(`${t.title} between ${t.organisation} and ${t.vendorName}`);
  pdf.setCreator('BAA Guard');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage(PAGE);
  let y = PAGE[1] - MARGIN;

  const ensure = (height: number) => {
    if (y - height < MARGIN + 20) {
      page = pdf.addPage(PAGE);
      y = PAGE[1] - MARGIN;
    }
  };
  const write = (
    text: string,
    opts: { font?: PDFFont; size?: number; gap?: number; center?: boolean } = {},
  ) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 10.5;
    const leading = size * 1.4;
    for (const l of wrap(text, font, size, WIDTH)) {
      ensure(leading);
      const x = opts.center ? (PAGE[0] - font.widthOfTextAtSize(l, size)) / 2 : MARGIN;
      page.drawText(l, { x, y: y - size, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= leading;
    }
    y -= opts.gap ?? 0;
  };

  write(t.title.toUpperCase(), { font: bold, size: 16, gap: 4, center: true });
  write(`Template version ${t.version}`, { size: 9, gap: 14, center: true });
  write(t.preamble, { gap: 8 });
  if (t.vendor.contactName || t.vendor.contactEmail) {
    write(
      `Business Associate contact: ${[t.vendor.contactName, t.vendor.contactEmail].filter(Boolean).join(', ')}`,
      {
        gap: 8,
      },
    );
  }
  for (const s of t.sections) {
    ensure(40); // keep a heading with the start of its text
    write(`${s.number}. ${s.heading}`, { font: bold, size: 11.5, gap: 2 });
    write(s.text, { gap: 8 });
  }

  // Signature block: both parties side by side, kept on one page.
  ensure(190);
  write('Signatures', { font: bold, size: 11.5, gap: 2 });
  write('Each party signs below by its authorised representative.', { gap: 12 });
  const colWidth = (WIDTH - 24) / 2;
  const top = y;
  t.signatories.forEach((s, i) => {
    const x = MARGIN + i * (colWidth + 24);
    let cy = top;
    page.drawText(printable(s.party), { x, y: cy - 11, size: 11, font: bold });
    cy -= 16;
    page.drawText(printable(s.name).slice(0, 60), { x, y: cy - 10.5, size: 10.5, font: regular });
    cy -= 20;
    for (const label of ['Signature', 'Name', 'Title', 'Date']) {
      cy -= 26;
      page.drawText(`${label}:`, { x, y: cy + 3, size: 9, font: regular, color: rgb(0.3, 0.3, 0.3) });
      page.drawLine({ start: { x: x + 52, y: cy }, end: { x: x + colWidth, y: cy }, thickness: 0.6 });
    }
  });
  y = top - 16 - 20 - 4 * 26 - 10;

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = `${t.title} - ${t.vendorName} - page ${i + 1} of ${pages.length}`;
    p.drawText(printable(label), {
      x: (PAGE[0] - regular.widthOfTextAtSize(printable(label), 8)) / 2,
      y: MARGIN / 2,
      size: 8,
      font: regular,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return pdf.save();
}
