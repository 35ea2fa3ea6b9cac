/** The CLI's CSV reader and writer: what spreadsheets export, and what they must not run. */
import { describe, expect, it } from 'vitest';
import {
  CsvError,
  formatCsvField,
  formatTable,
  neutraliseFormula,
  parseCsv,
  parseCsvRecords,
  writeCsv,
} from '../../cli/csv.ts';

describe('parseCsv', () => {
  it.each([
    [
      'plain fields',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF line ends',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'old Mac CR line ends',
      'a,b\r1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line break',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a quoted comma', 'name\n"Acme, Inc."\n', [['name'], ['Acme, Inc.']]],
    ['doubled quotes inside quotes', '"say ""hi"""\n', [['say "hi"']]],
    ['a line break inside quotes', '"two\nlines",x\r\n', [['two\nlines', 'x']]],
    ['a CRLF inside quotes', '"two\r\nlines"\r\n', [['two\r\nlines']]],
    [
      'empty fields',
      'a,,c\n,,\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['blank lines skipped', 'a\n\n\r\nb\n', [['a'], ['b']]],
    ['a quoted empty field kept as a row', '""\n', [['']]],
    ['a quote inside an unquoted field kept as text', 'say "hi",x\n', [['say "hi"', 'x']]],
    [
      'a UTF-8 byte order mark dropped',
      '\uFEFFname,x\n1,2\n',
      [
        ['name', 'x'],
        ['1', '2'],
      ],
    ],
    ['spaces kept as they are', ' a , b \n', [[' a ', ' b ']]],
    ['nothing at all', '', []],
  ])('reads %s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('refuses an unclosed quote and names the line it opened on', () => {
    const attempt = () => parseCsv('a,b\n1,"open\n2,3\n');
    expect(attempt).toThrow(CsvError);
    expect(attempt).toThrow(/line 2/);
  });
});

describe('parseCsvRecords', () => {
  it('keys records by canonical column names, case-insensitively, with spreadsheet row numbers', () => {
    const table = parseCsvRecords(
      '\uFEFFName, CONTACTEMAIL ,extra\r\nAcme,a@x.example,1\r\n"B\nCo",b@x.example\r\n',
      ['name', 'contactEmail'],
    );
    expect(table.columns).toEqual(['name', 'contactEmail', 'extra']);
    expect(table.records).toEqual([
      { row: 2, line: 2, fieldCount: 3, values: { name: 'Acme', contactEmail: 'a@x.example', extra: '1' } },
      { row: 3, line: 3, fieldCount: 2, values: { name: 'B\nCo', contactEmail: 'b@x.example', extra: '' } },
    ]);
  });

  it('counts a record that spans lines by where it starts', () => {
    const table = parseCsvRecords('a\n"x\ny"\nz\n');
    expect(table.records.map((r) => [r.row, r.line])).toEqual([
      [2, 2],
      [3, 4],
    ]);
  });

  it('returns no columns for an empty file', () => {
    expect(parseCsvRecords('')).toEqual({ columns: [], records: [] });
  });
});

describe('writeCsv', () => {
  it('quotes only what needs quoting and ends lines with CRLF', () => {
    expect(
      writeCsv(
        ['row', 'message'],
        [
          [4, 'plain'],
          [5, 'has, comma'],
          [6, 'say "hi"'],
          [7, 'two\nlines'],
          [8, null],
        ],
      ),
    ).toBe('row,message\r\n4,plain\r\n5,"has, comma"\r\n6,"say ""hi"""\r\n7,"two\nlines"\r\n8,\r\n');
  });

  it('round-trips through the reader', () => {
    const rows = [
      ['a,b', 'c"d', 'e\r\nf'],
      ['', ' lead', 'trail '],
    ];
    expect(parseCsv(writeCsv(['x', 'y', 'z'], rows, { neutralise: false }))).toEqual([
      ['x', 'y', 'z'],
      ...rows,
    ]);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+1+cmd', `'+1+cmd`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTAB', `'\tTAB`],
    ['-42', '-42'],
    ['+3.5', '+3.5'],
    ['Acme', 'Acme'],
    ['', ''],
  ])('neutralises a formula-looking cell %j', (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });

  it('neutralises formulas when writing unless told not to', () => {
    expect(formatCsvField('=1+1')).toBe(`'=1+1`);
    expect(formatCsvField('=1+1', { neutralise: false })).toBe('=1+1');
    expect(writeCsv(['v'], [['=cmd|x']])).toBe(`v\r\n'=cmd|x\r\n`);
  });
});

describe('formatTable', () => {
  it('aligns columns under a rule and keeps cells on one line', () => {
    expect(
      formatTable(
        ['id', 'name'],
        [
          ['v_1', 'Acme\nImaging'],
          ['v_22', 'B'],
        ],
      ),
    ).toBe(['id    name', '----  ------------', 'v_1   Acme Imaging', 'v_22  B'].join('\n'));
  });

  it('cuts long cells with an ellipsis', () => {
    expect(formatTable(['x'], [['abcdefghij']], { maxWidth: 5 }).split('\n')[2]).toBe('abcd…');
  });
});
