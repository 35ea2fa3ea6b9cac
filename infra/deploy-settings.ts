/**
 * Deployment settings: read from CDK context, checked before anything reaches AWS.
 *
 * Local mode, plain `npm run synth` and the tests run on the defaults in cdk.json (example.org
 * placeholders), so the checks are strict only for a deploy: `npm run deploy` (it passes
 * `-c deploy=true`), any `-c deploy=true`, or a `cdk deploy`/`cdk watch` detected among the app's
 * parent processes (Linux). A strict run with problems stops synthesis with every problem listed;
 * a plain synth prints them as warnings.
 */
import { readFileSync } from 'node:fs';
import { loadPolicies } from '#shared/use-cases/policies.ts';

export interface DeploymentSettings {
  organisation: string;
  mailDomain: string;
  mailFrom: string;
  procurementEmails: string[];
  complianceEmails: string[];
  executiveEmails: string[];
  /** Told of every vendor incident; first rung of the breach-clock ladder (docs/incidents.md). */
  privacyOfficerEmails: string[];
  alarmEmails: string[];
  /** Public base URL for links in emails; defaults to the HTTP API's own URL. */
  baseUrl?: string;
  /** Prefix of the Cognito hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`), globally unique. */
  cognitoDomainPrefix: string;
  /** The SES identity for `mailDomain` exists already (verified outside this stack): reuse it. */
  existingMailIdentity: boolean;
  /** Per-deployment policy overrides (see README "Policy"). */
  policy: Record<string, unknown>;
}

/** The placeholder values cdk.json ships with; a deploy must replace each. */
export const PLACEHOLDERS = {
  organisation: 'Example Health',
  cognitoDomainPrefix: 'baa-guard-example',
} as const;

const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String).filter(Boolean)
    : typeof value === 'string' && value
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

const flag = (value: unknown) => value === true || value === 'true';

export function settingsFromContext(ctx: (key: string) => unknown): DeploymentSettings {
  const policy = ctx('policy');
  return {
    organisation: String(ctx('organisation') ?? PLACEHOLDERS.organisation),
    mailDomain: String(ctx('mailDomain') ?? 'example.org'),
    mailFrom: String(ctx('mailFrom') ?? 'vendor-risk@example.org'),
    procurementEmails: list(ctx('procurementEmails') ?? 'procurement@example.org'),
    complianceEmails: list(ctx('complianceEmails') ?? 'compliance@example.org'),
    executiveEmails: list(ctx('executiveEmails') ?? 'security-officer@example.org'),
    privacyOfficerEmails: list(ctx('privacyOfficerEmails') ?? 'privacy-officer@example.org'),
    alarmEmails: list(ctx('alarmEmails')),
    baseUrl: ctx('baseUrl') ? String(ctx('baseUrl')) : undefined,
    cognitoDomainPrefix: String(ctx('cognitoDomainPrefix') ?? PLACEHOLDERS.cognitoDomainPrefix),
    existingMailIdentity: flag(ctx('existingMailIdentity')),
    policy:
      typeof policy === 'string' && policy.trim().startsWith('{')
        ? (JSON.parse(policy) as Record<string, unknown>)
        : policy && typeof policy === 'object'
          ? (policy as Record<string, unknown>)
          : {},
  };
}

// Reserved for documentation (RFC 2606 / RFC 6761): never a real organisation's domain.
const RESERVED_DOMAIN = /(^|\.)(example\.(org|com|net)|example|test|invalid|localhost)$/i;
const EMAIL =
  /^[^\s@<>(),;:"[\]\\]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** Cognito: 1–63 lower-case letters, digits and hyphens, not at either end; no reserved words. */
const COGNITO_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const COGNITO_RESERVED = /aws|amazon|cognito/;

export interface SettingsProblem {
  setting: string;
  message: string;
}

/** Every problem that would make a deployment wrong or fail; empty when the settings are fine. */
export function settingsProblems(s: DeploymentSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const add = (setting: string, message: string) => problems.push({ setting, message });

  if (!s.organisation.trim() || s.organisation === PLACEHOLDERS.organisation) {
    add('organisation', `set your organisation's name (it appears in every email), not "${s.organisation}"`);
  }
  const domain = s.mailDomain.toLowerCase();
  if (!DOMAIN.test(domain)) {
    add('mailDomain', `"${s.mailDomain}" is not a domain name, e.g. example-hospital.org`);
  } else if (RESERVED_DOMAIN.test(domain)) {
    add('mailDomain', `"${s.mailDomain}" is a placeholder; use the domain your emails are sent from`);
  }
  const from = EMAIL.exec(s.mailFrom);
  if (!from) {
    add('mailFrom', `"${s.mailFrom}" is not an email address`);
  } else {
    const fromDomain = from[1]!.toLowerCase();
    if (fromDomain !== domain && !fromDomain.endsWith(`.${domain}`)) {
      add(
        'mailFrom',
        `"${s.mailFrom}" is not within mailDomain "${s.mailDomain}"; SES sends only from the verified domain (or a subdomain of it)`,
      );
    }
  }
  const lists: [string, string[], boolean][] = [
    ['complianceEmails', s.complianceEmails, true],
    ['procurementEmails', s.procurementEmails, true],
    ['executiveEmails', s.executiveEmails, false],
    ['privacyOfficerEmails', s.privacyOfficerEmails, true],
    ['alarmEmails', s.alarmEmails, true],
  ];
  for (const [setting, emails, required] of lists) {
    if (required && emails.length === 0) {
      add(
        setting,
        setting === 'alarmEmails'
          ? 'no one would receive the alarms (failed workflows, API errors, throttling, SES bounces); give at least one address'
          : 'give at least one address',
      );
    }
    for (const email of emails) {
      const m = EMAIL.exec(email);
      if (!m) add(setting, `"${email}" is not an email address`);
      else if (RESERVED_DOMAIN.test(m[1]!)) add(setting, `"${email}" is a placeholder address`);
    }
  }
  const prefix = s.cognitoDomainPrefix;
  if (prefix === PLACEHOLDERS.cognitoDomainPrefix) {
    add(
      'cognitoDomainPrefix',
      `"${prefix}" is the placeholder; Cognito domain prefixes are global, choose your own`,
    );
  } else if (!COGNITO_PREFIX.test(prefix)) {
    add(
      'cognitoDomainPrefix',
      `"${prefix}" must be 1–63 lower-case letters, digits or hyphens, starting and ending with a letter or digit`,
    );
  } else if (COGNITO_RESERVED.test(prefix)) {
    add('cognitoDomainPrefix', `"${prefix}" contains a word Cognito reserves (aws, amazon, cognito)`);
  }
  if (s.baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(s.baseUrl);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
      add(
        'baseUrl',
        `"${s.baseUrl}" must be an https:// origin without a path, e.g. https://vendors.example-hospital.org`,
      );
    } else if (RESERVED_DOMAIN.test(url.hostname)) {
      add('baseUrl', `"${s.baseUrl}" is a placeholder`);
    }
  }
  try {
    loadPolicies(s.policy);
  } catch (error) {
    add('policy', error instanceof Error ? error.message : String(error));
  }
  return problems;
}

export function formatProblems(problems: SettingsProblem[]): string {
  return problems.map((p) => `  - ${p.setting}: ${p.message}`).join('\n');
}

/** Whether this synthesis is for a deploy (strict checks). */
export function isDeploy(ctx: (key: string) => unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag(ctx('deploy'))) return true;
  if (env.npm_lifecycle_event === 'deploy') return true;
  return cdkCommandOfAncestors() === 'deploy';
}

/** Best effort (Linux /proc): `deploy` if a `cdk deploy` or `cdk watch` started this process. */
function cdkCommandOfAncestors(): string | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const cdk = args.findIndex((a) => /(^|\/)cdk(\.js)?$|aws-cdk/.test(a));
      if (cdk >= 0 && args.slice(cdk + 1).some((a) => a === 'deploy' || a === 'watch')) return 'deploy';
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
