/** The bench's table: one row per figure, with its target, measurement, floor, ratio and verdict. */
export interface Row {
  section: string;
  metric: string;
  target: string;
  measured: string;
  floor: string;
  ratio: string;
  pass: boolean | undefined;
}

export const fmt = {
  kb: (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`,
  ms: (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`),
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  mb: (mb: number) => `${mb.toFixed(0)} MB`,
  ratio: (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—',
  n: (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1)),
};

export function printTable(rows: Row[], out: (line: string) => void = console.log): void {
  const header = ['metric', 'target', 'measured', 'floor', 'ratio', 'result'];
  const cells = rows.map((r) => [
    r.metric,
    r.target,
    r.measured,
    r.floor,
    r.ratio,
    r.pass === undefined ? 'info' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  let section = '';
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r, i) => {
    if (r.section !== section) {
      section = r.section;
      out(`[${section}]`);
    }
    out(line(cells[i]!));
  });
}
