/**
 * CDK entry: `npm run synth` (offline, no credentials) and `npm run deploy`. cdk-nag's AwsSolutions
 * and HIPAA Security packs run on every synth; an unacknowledged finding stops it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildApp } from './build-app.ts';

const app = new App();
buildApp(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
app.synth();
