/**
 * The BAA as a Word document (docx): title, parties, numbered sections with headings, and a
 * signature block per party. Imported lazily by the route that serves it (never by a workflow
 * function), so the library stays out of the small bundles.
 */
// Types only at load: the library itself is imported when a document is made (an external package
// that a static import would load on every cold start of the API function).
import type { TableCell } from 'docx';
import type { BaaTemplate } from '../content/baa-template.v1.ts';

type Docx = typeof import('docx');

function signatureCell(docx: Docx, party: string, name: string): TableCell {
  const { BorderStyle, Paragraph, TableCell, TextRun, WidthType } = docx;
  const line = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const field = (label: string) =>
    new Paragraph({
      spacing: { before: 360 },
      border: { bottom: line },
      children: [new TextRun({ text: `${label}:`, size: 20 })],
    });
  return new TableCell({
    width: { size: 50, type: WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none },
    margins: { right: 300 },
    children: [
      new Paragraph({ children: [new TextRun({ text: party, bold: true })] }),
      new Paragraph({ children: [new TextRun(name)] }),
      field('Signature'),
      field('Name'),
      field('Title'),
      field('Date'),
    ],
  });
}

export async function baaDocx(t: BaaTemplate): Promise<Uint8Array> {
  const docx = await import('docx');
  const {
    AlignmentType,
    BorderStyle,
    Document,
    HeadingLevel,
    Packer,
    Paragraph,
    Table,
    TableRow,
    TextRun,
    WidthType,
  } = docx;
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const doc = new Document({
    creator: t.organisation,
    title: `${t.title} — ${t.vendorName}`,
    description: `${t.title} between ${t.organisation} and ${t.vendorName} (template version ${t.version})`,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text: t.title }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: `Template version ${t.version}`, italics: true, size: 18 })],
          }),
          new Paragraph({ spacing: { before: 240, after: 240 }, text: t.preamble }),
          ...(t.vendor.contactName || t.vendor.contactEmail
            ? [
                new Paragraph({
                  children: [
                    new TextRun({ text: 'Business Associate contact: ', bold: true }),
                    new TextRun(
                      [t.vendor.contactName, t.vendor.contactEmail].filter(Boolean).join(', ') || '',
                    ),
                  ],
                }),
              ]
            : []),
          ...t.sections.flatMap((s) => [
            new Paragraph({ heading: HeadingLevel.HEADING_2, text: `${s.number}. ${s.heading}` }),
            new Paragraph({ spacing: { after: 160 }, text: s.text }),
          ]),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Signatures', pageBreakBefore: false }),
          new Paragraph({
            text: 'Each party signs below by its authorised representative.',
            spacing: { after: 120 },
          }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: {
              top: none,
              bottom: none,
              left: none,
              right: none,
              insideHorizontal: none,
              insideVertical: none,
            },
            rows: [
              new TableRow({ children: t.signatories.map((s) => signatureCell(docx, s.party, s.name)) }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
