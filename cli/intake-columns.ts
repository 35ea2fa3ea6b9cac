/**
 * The optional data-location and insurance columns of `vendors import` (issue 15 item 6). Countries
 * are names or two-letter codes separated by ";" (a comma would need quoting); the answers are
 * yes, no or unknown. A row that leaves every one of them empty registers the vendor with the data
 * location "not recorded", exactly as before these columns existed.
 */
import { parseCountryList } from '../shared/domain/countries.ts';

export const INTAKE_EXTRA_COLUMNS = [
  'vendorCountries',
  'subcontractorCountries',
  'offshoreSupport',
  'cyberInsurance',
  'insuranceCarrier',
  'insuranceLimitUsd',
] as const;

const LOCATION = ['vendorCountries', 'subcontractorCountries', 'offshoreSupport'] as const;
const INSURANCE = ['cyberInsurance', 'insuranceCarrier', 'insuranceLimitUsd'] as const;
const ANSWERS = ['yes', 'no', 'unknown'];

export interface IntakeExtras {
  dataLocation?: { vendorCountries: string[]; subcontractorCountries: string[]; offshoreSupport: string };
  cyberInsurance?: { carries: string; carrier?: string; limitUsd?: number };
}

/** Reads the columns of one row; problems are pushed to `errors`, one per column. */
export function intakeExtrasFromRow(
  values: Record<string, string>,
  errors: { field: string; message: string }[],
): IntakeExtras {
  const cell = (name: string) => (values[name] ?? '').trim();
  const given = (names: readonly string[]) => names.some((n) => cell(n) !== '');
  const answer = (name: string) => {
    const v = cell(name).toLowerCase();
    if (!ANSWERS.includes(v)) {
      errors.push({ field: name, message: `${v ? `"${cell(name)}"` : 'empty'}: use yes, no or unknown` });
    }
    return v;
  };
  const countries = (name: string, required: boolean) => {
    const { codes, unknown } = parseCountryList(cell(name));
    if (unknown.length > 0) {
      errors.push({
        field: name,
        message: `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are not countries' : 'is not a country'}: use names or two-letter codes separated by ";"`,
      });
    } else if (required && codes.length === 0) {
      errors.push({ field: name, message: 'is required when the data location is given (e.g. US;IN)' });
    }
    return codes;
  };
  const extras: IntakeExtras = {};
  if (given(LOCATION)) {
    extras.dataLocation = {
      vendorCountries: countries('vendorCountries', true),
      subcontractorCountries: countries('subcontractorCountries', false),
      offshoreSupport: answer('offshoreSupport'),
    };
  }
  if (given(INSURANCE)) {
    const carrier = cell('insuranceCarrier');
    const limit = cell('insuranceLimitUsd').replace(/[$,\s]/g, '');
    if (limit && !/^[1-9]\d{0,11}$/.test(limit)) {
      errors.push({
        field: 'insuranceLimitUsd',
        message: `"${cell('insuranceLimitUsd')}" is not a whole number of US dollars`,
      });
    }
    if (carrier.length > 200)
      errors.push({ field: 'insuranceCarrier', message: 'is longer than 200 characters' });
    extras.cyberInsurance = {
      carries: answer('cyberInsurance'),
      ...(carrier ? { carrier } : {}),
      ...(limit && /^\d+$/.test(limit) ? { limitUsd: Number(limit) } : {}),
    };
  }
  return extras;
}

/** The column an API validation path of these fields refers to. */
export function extraColumnOf(parts: readonly string[]): string | undefined {
  if (parts[0] !== 'intake') return undefined;
  if (parts[1] === 'dataLocation') return parts[2] ?? 'vendorCountries';
  if (parts[1] === 'cyberInsurance') {
    return { carries: 'cyberInsurance', carrier: 'insuranceCarrier', limitUsd: 'insuranceLimitUsd' }[
      parts[2] ?? 'carries'
    ];
  }
  return undefined;
}
