/**
 * Compliance's correction form for an assurance document's fields on the console (the same use case
 * as the API's confirmation, audited per field): one table of the fields each kind of document has,
 * used both to render the form (pre-filled with the current fields) and to read it back. Lists are
 * edited one item per line; a list whose text is left as shown keeps its stored value exactly, so
 * only what compliance changed is recorded as corrected.
 */
import { html, type SafeHtml } from '../../../html.ts';
import type { AssuranceFields, AssuranceType } from '../../../schemas/assurance.ts';

type Row = Record<string, unknown>;

interface ListCodec {
  format(item: unknown): string;
  parse(line: string): unknown;
}

interface FieldDef {
  name: string;
  label: string;
  kind: 'date' | 'text' | 'number' | 'select' | 'textarea' | 'lines';
  options?: readonly (readonly [string, string])[];
  optional?: boolean;
  hint?: string;
  list?: ListCodec;
}

const plainList: ListCodec = { format: (item) => String(item), parse: (line) => line };
const exceptionList: ListCodec = {
  format: (item) => {
    const e = item as { control: string; text: string };
    return `${e.control}: ${e.text.replace(/\s*\n\s*/g, ' ')}`;
  },
  parse: (line) => {
    const at = line.indexOf(': ');
    return at > 0
      ? { control: line.slice(0, at).trim(), text: line.slice(at + 2).trim() }
      : { control: line, text: line };
  },
};
const METHOD_WORDS = { carve_out: 'carved out', inclusive: 'inclusive' } as const;
/** A 200-character name and " (carved out)". */
const MAX_SUBSERVICE_LINE = 220;
const subserviceList: ListCodec = {
  format: (item) => {
    const o = item as { name: string; method: keyof typeof METHOD_WORDS };
    return `${o.name} (${METHOD_WORDS[o.method]})`;
  },
  parse: (line) => {
    // A name is at most 200 characters (the schema refuses longer), so a longer line is not read
    // for its method at all: no pattern runs over a long line a user posted. Anchored at the end
    // only: `^(.*?)\s*\(` backtracked quadratically on a long line of spaces.
    const m = line.length <= MAX_SUBSERVICE_LINE ? /\((carved out|inclusive)\)$/i.exec(line) : null;
    return m
      ? {
          name: line.slice(0, m.index).trim(),
          method: m[1]!.toLowerCase() === 'inclusive' ? 'inclusive' : 'carve_out',
        }
      : { name: line, method: 'carve_out' };
  },
};

const DATE = (name: string, label: string): FieldDef => ({ name, label, kind: 'date' });

/** The editable fields of each kind of document, in the order of the form. */
export const CORRECTABLE_FIELDS: Record<AssuranceType, readonly FieldDef[]> = {
  soc2: [
    {
      name: 'reportType',
      label: 'Report type',
      kind: 'select',
      options: [
        ['type2', 'Type II (operating effectiveness over a period)'],
        ['type1', 'Type I (design at one date)'],
      ],
    },
    DATE('periodStart', 'Period start'),
    DATE('periodEnd', 'Period end'),
    { name: 'auditor', label: 'Audit firm', kind: 'text' },
    {
      name: 'opinion',
      label: 'Opinion',
      kind: 'select',
      options: [
        ['unqualified', 'Unqualified'],
        ['qualified', 'Qualified'],
        ['adverse', 'Adverse'],
        ['disclaimer', 'Disclaimer of opinion'],
      ],
    },
    {
      name: 'exceptions',
      label: 'Exceptions noted',
      kind: 'lines',
      list: exceptionList,
      hint: 'One per line: the control, a colon, then the auditor’s words.',
    },
    {
      name: 'servicesInScope',
      label: 'Services in scope',
      kind: 'lines',
      list: plainList,
      hint: 'One per line.',
    },
    {
      name: 'subserviceOrganisations',
      label: 'Subservice organisations',
      kind: 'lines',
      list: subserviceList,
      hint: 'One per line, ending in “(carved out)” or “(inclusive)”.',
    },
    {
      name: 'userEntityControls',
      label: 'Complementary user-entity controls',
      kind: 'lines',
      list: plainList,
      hint: 'One per line.',
    },
  ],
  bridge_letter: [DATE('throughDate', 'Covers through')],
  hitrust: [
    {
      name: 'assessment',
      label: 'Assessment',
      kind: 'select',
      options: [
        ['r2', 'r2 (risk-based, two years)'],
        ['i1', 'i1 (implemented, one year)'],
        ['e1', 'e1 (essentials, one year)'],
      ],
    },
    DATE('certifiedOn', 'Certified on'),
    DATE('expiresOn', 'Expires on'),
  ],
  iso27001: [
    { name: 'certificateNumber', label: 'Certificate number', kind: 'text' },
    { name: 'certificationBody', label: 'Certification body', kind: 'text', optional: true },
    { name: 'scope', label: 'Scope', kind: 'textarea' },
    DATE('expiresOn', 'Expires on'),
  ],
  pen_test: [
    DATE('testedOn', 'Finished on'),
    { name: 'firm', label: 'Firm', kind: 'text' },
    { name: 'openCritical', label: 'Critical issues still open', kind: 'number' },
    { name: 'openHigh', label: 'High issues still open', kind: 'number' },
  ],
  cyber_insurance: [
    { name: 'carrier', label: 'Carrier', kind: 'text' },
    { name: 'limitUsd', label: 'Aggregate limit (US dollars)', kind: 'number' },
    DATE('expiresOn', 'Expires on'),
  ],
};

const shown = (def: FieldDef, value: unknown): string => {
  if (def.kind === 'lines') return ((value as unknown[] | undefined) ?? []).map(def.list!.format).join('\n');
  return value === undefined || value === null ? '' : String(value);
};

/** The fields of one document as form controls, ids prefixed with `idBase`. */
export function correctionFields(idBase: string, fields: AssuranceFields): SafeHtml[] {
  const row = fields as Row;
  return CORRECTABLE_FIELDS[fields.type].map((def) => {
    const id = `${idBase}-${def.name}`;
    const value = shown(def, row[def.name]);
    const label = html`<label for="${id}">${def.label}${def.optional ? html` <span class="optional">(optional)</span>` : ''}</label>`;
    const hint = def.hint ? html`<p class="hint" id="${id}-hint">${def.hint}</p>` : '';
    const described = def.hint ? html` aria-describedby="${id}-hint"` : '';
    const name = `f.${def.name}`;
    switch (def.kind) {
      case 'select':
        return html`<div class="field">${label}<select id="${id}" name="${name}">${def.options!.map(
          ([v, words]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${words}</option>`,
        )}</select></div>`;
      case 'textarea':
      case 'lines':
        return html`<div class="field">${label}${hint}<textarea id="${id}" name="${name}" rows="3"${described}>${value}</textarea></div>`;
      case 'date':
        return html`<div class="field">${label}<input type="date" id="${id}" name="${name}" value="${value}" required></div>`;
      case 'number':
        return html`<div class="field">${label}<input type="number" id="${id}" name="${name}" value="${value}" min="0" step="1" required></div>`;
      default:
        return html`<div class="field">${label}<input id="${id}" name="${name}" value="${value}"${def.optional ? '' : html` required`}></div>`;
    }
  });
}

/**
 * Reads the correction form back into fields of the same kind (the use case validates them). A field
 * not in the form keeps its stored value; a list left exactly as shown keeps its stored items.
 */
export function readCorrection(current: AssuranceFields, read: (name: string) => string | undefined): Row {
  const row = current as Row;
  const out: Row = { ...row };
  for (const def of CORRECTABLE_FIELDS[current.type]) {
    const raw = read(`f.${def.name}`);
    if (raw === undefined) continue;
    const text = raw.replace(/\r\n/g, '\n');
    if (def.kind === 'lines') {
      if (text.trim() === shown(def, row[def.name]).trim()) continue;
      out[def.name] = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map(def.list!.parse);
    } else if (def.kind === 'number') {
      const n = Number(text.trim());
      out[def.name] = text.trim() === '' || !Number.isFinite(n) ? text : n;
    } else if (def.optional && text.trim() === '') {
      delete out[def.name];
    } else {
      out[def.name] = text.trim();
    }
  }
  return out;
}

/** A field of a kind of document in words ("Period end"), for "correcting: …" lines. */
export function fieldLabel(type: AssuranceType, name: string): string {
  return CORRECTABLE_FIELDS[type].find((d) => d.name === name)?.label ?? 'another field';
}

const KIND_HINTS: Record<FieldDef['kind'], string> = {
  date: 'enter a date (YYYY-MM-DD)',
  number: 'enter a whole number',
  select: 'choose one of the options',
  text: 'enter it on one line (it cannot be empty)',
  textarea: 'enter it (it cannot be empty)',
  lines: 'check each line',
};

/** What to do about a refused field, in words: "Period end: enter a date (YYYY-MM-DD)". */
export function correctionProblem(type: AssuranceType, name: string): string {
  const def = CORRECTABLE_FIELDS[type].find((d) => d.name === name);
  return def ? `${def.label}: ${KIND_HINTS[def.kind]}` : 'One of the fields is not valid';
}
