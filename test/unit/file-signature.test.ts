/**
 * Upload type verification: real file headers through the real detector (file-type), then the pure
 * rule of which detected format each declared type accepts. Expected verdicts are written here by
 * hand, not read from DETECTED_FORMATS.
 */
import { Document, Packer, Paragraph } from 'docx';
import { zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesMatchDeclaredType, detectFormat } from '#shared/adapters/file-format.ts';
import { declaredTypeAccepts } from '#shared/domain/file-signature.ts';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

// A complete 1×1 PNG (signature, IHDR, IDAT, IEND).
const PNG_BYTES = hex(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201e2f1d3a60000000049454e44ae426082',
);
// The start of a JFIF JPEG: SOI, APP0 "JFIF".
const JPEG_BYTES = hex('ffd8ffe000104a46494600010100000100010000ffdb004300');
// A Windows executable: "MZ" DOS header with the PE offset, then "PE\0\0".
const EXE_BYTES = (() => {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a], 0);
  b.set([0x80, 0, 0, 0], 0x3c);
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
})();
const TEXT_BYTES = new TextEncoder().encode('name,tier\nAcme Imaging,high\n');

const files: Record<string, Uint8Array> = {};
beforeAll(async () => {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Business Associate Agreement');
  files.pdf = await pdf.save();
  files.docx = new Uint8Array(
    await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Agreement')] }] })),
  );
  // A zip that is not an Office document (a renamed archive).
  files.zip = zipSync({ 'readme.txt': new TextEncoder().encode('not a contract') });
  files.png = PNG_BYTES;
  files.jpeg = JPEG_BYTES;
  files.exe = EXE_BYTES;
  files.text = TEXT_BYTES;
});

describe('upload type verification on real file headers (file-type)', () => {
  const table: [file: string, declared: string, accepted: boolean][] = [
    ['pdf', PDF, true],
    ['docx', DOCX, true],
    ['png', 'image/png', true],
    ['jpeg', 'image/jpeg', true],
    ['text', 'text/csv', true],
    ['text', 'text/plain', true],
    // Renamed files are refused.
    ['exe', PDF, false],
    ['zip', PDF, false],
    ['zip', DOCX, false],
    ['docx', XLSX, false],
    ['docx', PDF, false],
    ['png', 'image/jpeg', false],
    ['jpeg', 'image/png', false],
    ['pdf', 'text/plain', false],
    ['exe', 'text/plain', false],
    ['text', PDF, false],
  ];
  it.each(table)('%s declared as %s → accepted %s', async (file, declared, accepted) => {
    expect(await bytesMatchDeclaredType(files[file] as Uint8Array, declared)).toBe(accepted);
  });

  it('detects each real header as its format', async () => {
    expect(await detectFormat(files.pdf as Uint8Array)).toBe(PDF);
    expect(await detectFormat(files.docx as Uint8Array)).toBe(DOCX);
    expect(await detectFormat(files.zip as Uint8Array)).toBe('application/zip');
    expect(await detectFormat(PNG_BYTES)).toBe('image/png');
    expect(await detectFormat(JPEG_BYTES)).toBe('image/jpeg');
    expect(await detectFormat(EXE_BYTES)).toBe('application/x-msdownload');
    expect(await detectFormat(TEXT_BYTES)).toBeUndefined();
  });
});

describe('declaredTypeAccepts (pure rule)', () => {
  const utf8 = new TextEncoder().encode('plain words');
  const table: [declared: string, detected: string | undefined, bytes: Uint8Array, accepted: boolean][] = [
    [PDF, 'application/pdf', utf8, true],
    [PDF, undefined, utf8, false],
    [PDF, 'application/zip', utf8, false],
    ['image/png', 'image/apng', utf8, true],
    [DOCX, 'application/zip', utf8, false],
    [XLSX, XLSX, utf8, true],
    ['text/plain', undefined, utf8, true],
    ['text/plain', undefined, Uint8Array.of(0x61, 0, 0x62), false],
    ['text/plain', undefined, Uint8Array.of(0xc3, 0x28), false],
    ['text/plain', 'application/x-msdownload', utf8, false],
    ['application/x-msdownload', 'application/x-msdownload', utf8, false],
  ];
  it.each(table)('%s with detected %s → %s', (declared, detected, bytes, _accepted) => {
    expect(declaredTypeAccepts(declared, detected, bytes)).toBe(_accepted);
  });
});
