/** Builds the stack from CDK context; shared by `infra/app.ts`, the infra tests and the local runtime. */
import { Annotations, type App } from 'aws-cdk-lib';
import { validateShippedTemplates } from '#shared/content/questionnaires/validate.ts';
import {
  formatProblems,
  isDeploy,
  settingsFromContext as readSettings,
  settingsProblems,
} from './deploy-settings.ts';
import { type DeploymentSettings, VendorRiskStack } from './stack.ts';

export const STACK_NAME = 'BaaGuard';

export function settingsFromContext(app: App): DeploymentSettings {
  return readSettings((key) => app.node.tryGetContext(key) as unknown);
}

/** Thrown for a deploy whose settings are placeholders or wrong: nothing has reached AWS yet. */
export class DeploySettingsError extends Error {
  override name = 'DeploySettingsError';
}

export function buildApp(app: App, options: { env?: NodeJS.ProcessEnv } = {}): VendorRiskStack {
  // The functions ship the questionnaire templates as data without parsing them: check them here.
  validateShippedTemplates();
  const ctx = (key: string) => app.node.tryGetContext(key) as unknown;
  const settings = readSettings(ctx);
  const problems = settingsProblems(settings);
  if (problems.length > 0 && isDeploy(ctx, options.env)) {
    throw new DeploySettingsError(
      `Deploy stopped before touching AWS: ${problems.length} deployment setting(s) need your values.\n` +
        `${formatProblems(problems)}\n` +
        'Set them in cdk.json "context" or with -c key=value (README "Deploy to AWS" has the checklist).',
    );
  }
  const stack = new VendorRiskStack(app, STACK_NAME, settings, {
    description: 'HIPAA vendor risk and BAA management',
  });
  if (problems.length > 0) {
    // A plain synth (local mode, tests, `npm run synth`) runs on the placeholders; say so loudly.
    Annotations.of(stack).addWarningV2(
      'baa-guard:deploy-settings',
      `These settings are placeholders or wrong; a deploy would stop:\n${formatProblems(problems)}`,
    );
  }
  return stack;
}
