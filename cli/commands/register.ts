/**
 * `vendors register`: one vendor from flags, with the same checks as a row of `vendors import`
 * (cli/commands/vendors.ts `vendorFromRow`), including the optional data location and insurance.
 */
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import { countryNames } from '../../shared/domain/countries.ts';
import { EXIT, type ExitCode, usageError } from '../api-client.ts';
import { vendorFromRow } from './vendors.ts';

/** Flag → import column: one rulebook for both ways in. */
const FLAGS: Record<string, string> = {
  name: 'name',
  'contact-name': 'contactName',
  'contact-email': 'contactEmail',
  'owner-email': 'businessOwnerEmail',
  phi: 'handlesPhi',
  device: 'medicalDevice',
  access: 'systemAccess',
  volume: 'recordVolume',
  'critical-clinical': 'criticalClinicalFunction',
  countries: 'vendorCountries',
  'subcontractor-countries': 'subcontractorCountries',
  'offshore-support': 'offshoreSupport',
  insurance: 'cyberInsurance',
  'insurance-carrier': 'insuranceCarrier',
  'insurance-limit': 'insuranceLimitUsd',
};
const COLUMN_FLAG = Object.fromEntries(Object.entries(FLAGS).map(([flag, column]) => [column, flag]));

/** The request from the flags, or a usage error naming each bad flag. */
export function registerRequest(values: OptionValues) {
  const row: Record<string, string> = {
    services: ((values.service as string[] | undefined) ?? []).join(';'),
  };
  for (const [flag, column] of Object.entries(FLAGS)) {
    const v = values[flag];
    if (typeof v === 'string') row[column] = v;
  }
  const result = vendorFromRow(row);
  if (!result.ok) {
    const lines = result.errors.map(
      (e) => `--${e.field === 'services' ? 'service' : (COLUMN_FLAG[e.field] ?? e.field)} ${e.message}`,
    );
    throw usageError(
      `The vendor cannot be registered: ${lines.join('; ')}`,
      'baa-guard vendors register --help lists the flags',
    );
  }
  return {
    ...result.body,
    ...(values['allow-duplicate'] === true ? { allowDuplicate: true } : {}),
  };
}

async function register(ctx: CommandContext, values: OptionValues): Promise<ExitCode> {
  const body = registerRequest(values);
  const vendor = await ctx.client.json<{
    id: string;
    name: string;
    tier: string;
    baaRequired: boolean;
    intake: { dataLocation?: { vendorCountries: string[]; subcontractorCountries: string[] } };
  }>('POST', '/vendors', { body });
  if (ctx.json) {
    ctx.out(JSON.stringify(vendor, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    `Registered ${vendor.name} (${vendor.id}): ${vendor.tier} tier, ${vendor.baaRequired ? 'BAA required' : 'no BAA needed'}.`,
  );
  const location = vendor.intake.dataLocation;
  ctx.out(
    location
      ? `Data stored or processed in ${countryNames(location.vendorCountries)}${location.subcontractorCountries.length ? `; subcontractors in ${countryNames(location.subcontractorCountries)}` : ''}.`
      : 'Data location not recorded (add --countries and --offshore-support).',
  );
  return EXIT.ok;
}

const text = (placeholder: string, description: string) => ({
  type: 'string' as const,
  placeholder,
  description,
});

export const registerCommands: CommandSpec[] = [
  {
    path: ['vendors', 'register'],
    summary: 'Register one vendor from flags (the same checks as a row of vendors import)',
    description: [
      'Required: --name, --contact-name, --contact-email, --service (repeat), --owner-email, --phi, --device,',
      '--access (none, user, privileged), --volume (none, under_500, 500_to_10k, 10k_to_100k, over_100k).',
      'Optional data location and insurance (docs/offshore-data.md): --countries and',
      '--subcontractor-countries take names or two-letter codes separated by commas ("US,India");',
      '--offshore-support and --insurance take yes, no or unknown. A PHI vendor whose data is kept or',
      'reachable outside the United States needs compliance’s offshore data review before approval (policy).',
    ].join('\n'),
    args: [],
    options: {
      name: text('<name>', 'Vendor name'),
      'contact-name': text('<name>', 'The vendor contact'),
      'contact-email': text('<email>', 'Where the questionnaire and BAA requests go'),
      service: {
        type: 'string',
        multiple: true,
        placeholder: '<service>',
        description: 'What the vendor provides (repeat)',
      },
      'owner-email': text('<email>', 'Our business owner (gets escalations)'),
      phi: text('<yes|no>', 'Handles PHI'),
      device: text('<yes|no>', 'Supplies a medical device'),
      access: text('<none|user|privileged>', 'Access to our systems'),
      volume: text('<band>', 'Individuals’ records handled'),
      'critical-clinical': text('<yes|no>', 'Supports a critical clinical function (default no)'),
      countries: text('<list>', 'Countries where the vendor stores or processes our data'),
      'subcontractor-countries': text('<list>', 'Countries where its subcontractors do'),
      'offshore-support': text('<yes|no|unknown>', 'Support staff outside the US can access our data'),
      insurance: text('<yes|no|unknown>', 'Carries cyber insurance'),
      'insurance-carrier': text('<name>', 'The insurance carrier'),
      'insurance-limit': text('<dollars>', 'The insurance limit in US dollars'),
      'allow-duplicate': { type: 'boolean', description: 'Register even if a vendor looks the same' },
    },
    examples: [
      'baa-guard vendors register --name "Quietline Transcription" --contact-name "Lee Marsh" \\\n    --contact-email ops@quietline.example --service "Dictation transcription" --owner-email him@example.org \\\n    --phi yes --device no --access user --volume 500_to_10k --countries US,India --offshore-support yes',
    ],
    exitNotes: ['2  a flag is missing or wrong (each one is named)'],
    run: (ctx, { values }) => register(ctx, values),
  },
];
