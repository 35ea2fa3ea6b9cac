/**
 * CDK entry: `npm run synth` (offline, no credentials) and `npm run deploy`. cdk-nag's AwsSolutions
 * and HIPAA Security packs run on every synth; an unacknowledged finding stops it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildApp, DeploySettingsError } from './build-app.ts';

const app = new App();
try {
  buildApp(app);
} catch (error) {
  // A deployer's mistake, not a bug: the message alone, no stack trace.
  if (!(error instanceof DeploySettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
app.synth();
