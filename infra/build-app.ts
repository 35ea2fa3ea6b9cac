/** Builds the stack from CDK context; shared by `infra/app.ts`, the infra tests and the local runtime. */
import type { App } from 'aws-cdk-lib';
import { type DeploymentSettings, VendorRiskStack } from './stack.ts';

export const STACK_NAME = 'BaaGuard';

const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string' && value
      ? value.split(',').map((s) => s.trim())
      : [];

export function settingsFromContext(app: App): DeploymentSettings {
  const ctx = (key: string) => app.node.tryGetContext(key) as unknown;
  const policy = ctx('policy');
  return {
    organisation: String(ctx('organisation') ?? 'Example Health'),
    mailDomain: String(ctx('mailDomain') ?? 'example.org'),
    mailFrom: String(ctx('mailFrom') ?? 'vendor-risk@example.org'),
    procurementEmails: list(ctx('procurementEmails') ?? 'procurement@example.org'),
    complianceEmails: list(ctx('complianceEmails') ?? 'compliance@example.org'),
    executiveEmails: list(ctx('executiveEmails') ?? 'security-officer@example.org'),
    privacyOfficerEmails: list(ctx('privacyOfficerEmails') ?? 'privacy-officer@example.org'),
    alarmEmails: list(ctx('alarmEmails')),
    baseUrl: ctx('baseUrl') ? String(ctx('baseUrl')) : undefined,
    cognitoDomainPrefix: String(ctx('cognitoDomainPrefix') ?? 'baa-guard-example'),
    policy: policy && typeof policy === 'object' ? (policy as Record<string, unknown>) : {},
  };
}

export function buildApp(app: App): VendorRiskStack {
  return new VendorRiskStack(app, STACK_NAME, settingsFromContext(app), {
    description: 'HIPAA vendor risk and BAA management',
  });
}
