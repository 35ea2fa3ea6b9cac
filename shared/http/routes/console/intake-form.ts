/**
 * The data location and insurance fields as console forms post them (registration, and the vendor
 * page's correction form): countries typed as names or codes, yes/no/unknown answers, a dollar limit.
 */
import { parseCountryList } from '../../../domain/countries.ts';
import type { IntakeFormField } from '../../pages/console/vendors-page.ts';

/** What each field needs, in words (the registration form shows them next to the fields). */
export const MESSAGES: Record<IntakeFormField, string> = {
  vendorCountries:
    'Name at least one country where the vendor stores or processes our data (country names or two-letter codes, separated by commas)',
  subcontractorCountries: 'Use country names or two-letter codes, separated by commas',
  offshoreSupport:
    'Say whether support staff outside the United States can access our data (or that it is unknown)',
  insurance: 'Say whether the vendor carries cyber insurance (or that it is unknown)',
  insuranceCarrier: 'Enter the carrier’s name on one line (up to 200 characters)',
  insuranceLimit: 'Enter the limit as a whole number of US dollars, like 5,000,000',
};

const DATA_LOCATION_FIELDS = ['vendorCountries', 'subcontractorCountries', 'offshoreSupport'] as const;
const INSURANCE_FIELDS = ['insurance', 'insuranceCarrier', 'insuranceLimit'] as const;

/**
 * The data location and insurance as the form has them: left wholly empty, not recorded. Countries
 * are typed as names or codes; one that is neither is named back to the user.
 */
export function intakeExtras(values: Partial<Record<IntakeFormField, string>>) {
  const errors: Partial<Record<IntakeFormField, string>> = {};
  const given = (names: readonly IntakeFormField[]) => names.some((n) => (values[n] ?? '').trim() !== '');
  const countries = (field: 'vendorCountries' | 'subcontractorCountries') => {
    const { codes, unknown } = parseCountryList(values[field] ?? '');
    if (unknown.length > 0) {
      errors[field] =
        `${unknown.map((u) => `“${u}”`).join(', ')} ${unknown.length > 1 ? 'are not countries' : 'is not a country'} we know: use a country name or its two-letter code`;
    }
    return codes;
  };
  const extras: Record<string, unknown> = {};
  if (given(DATA_LOCATION_FIELDS)) {
    const vendorCountries = countries('vendorCountries');
    if (vendorCountries.length === 0 && !errors.vendorCountries)
      errors.vendorCountries = MESSAGES.vendorCountries;
    if (!values.offshoreSupport) errors.offshoreSupport = MESSAGES.offshoreSupport;
    extras.dataLocation = {
      vendorCountries,
      subcontractorCountries: countries('subcontractorCountries'),
      offshoreSupport: values.offshoreSupport || undefined,
    };
  }
  if (given(INSURANCE_FIELDS)) {
    const carrier = (values.insuranceCarrier ?? '').trim();
    const limit = (values.insuranceLimit ?? '').replace(/[$,\s]/g, '');
    if (!values.insurance) errors.insurance = MESSAGES.insurance;
    if (limit && !/^[1-9]\d{0,11}$/.test(limit)) errors.insuranceLimit = MESSAGES.insuranceLimit;
    extras.cyberInsurance = {
      carries: values.insurance || undefined,
      ...(carrier ? { carrier } : {}),
      ...(limit ? { limitUsd: /^\d+$/.test(limit) ? Number(limit) : limit } : {}),
    };
  }
  return { extras, errors };
}
