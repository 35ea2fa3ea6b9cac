import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { buildApp } from '/work/main/infra/build-app.ts';

const app = new App({
  outdir: '/tmp/cdkout',
  context: {
    'aws:cdk:bundling-stacks': [],
    ...JSON.parse((await import('node:fs')).readFileSync('/work/main/cdk.json', 'utf8')).context,
  },
});
buildApp(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
app.synth();
console.log('synth ok');
