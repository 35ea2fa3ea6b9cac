/**
 * The text of an uploaded agreement, for clause suggestions: PDFs through a real parser (unpdf,
 * pdf.js: compressed streams, fonts, text arrays), Word documents by unzipping word/document.xml
 * (fflate) and reading its text runs, plain text as is. Anything unreadable gives '' (the review
 * then starts with no suggestions; the upload itself stands). Imported lazily by the HTTP routes
 * that register documents, so the parsers stay out of the workflow bundles.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of WordprocessingML: paragraphs become lines, tabs and breaks become spaces. */
export function wordXmlText(xml: string): string {
  return xml
    .replace(/<w:tab\/>|<w:br\/>/g, ' ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)));
}

export async function documentText(bytes: Uint8Array, contentType: string): Promise<string> {
  try {
    if (contentType === 'text/plain') return new TextDecoder().decode(bytes);
    if (contentType === 'application/pdf') {
      const { extractText, getDocumentProxy } = await import('unpdf');
      // pdf.js takes ownership of the buffer it is given: hand it a copy.
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { text } = await extractText(pdf, { mergePages: true });
      return text;
    }
    if (contentType === DOCX) {
      const { strFromU8, unzipSync } = await import('fflate');
      const files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' });
      const xml = files['word/document.xml'];
      return xml ? wordXmlText(strFromU8(xml)) : '';
    }
  } catch {
    return '';
  }
  return '';
}
