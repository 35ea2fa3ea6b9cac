/**
 * The product's one stack, assembled from constructs: data, mail, api (+ staff auth), workflows,
 * schedules, monitoring. Deployment settings come from CDK context (cdk.json or `-c key=value`).
 */
import { type CfnElement, CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Api, StaffAuth } from './constructs/api.ts';
import { AuditArchive } from './constructs/audit-archive.ts';
import { Data } from './constructs/data.ts';
import { Mail } from './constructs/mail.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Schedules } from './constructs/schedules.ts';
import { Workflows } from './constructs/workflows.ts';
import type { DeploymentSettings } from './deploy-settings.ts';

export type { DeploymentSettings } from './deploy-settings.ts';

export class VendorRiskStack extends Stack {
  readonly data: Data;
  readonly workflows: Workflows;
  readonly api: Api;

  constructor(scope: Construct, id: string, settings: DeploymentSettings, props?: StackProps) {
    super(scope, id, props);
    this.data = new Data(this, 'Data');
    const key = this.data.key;
    // CloudWatch Logs must be allowed to use the key for the encrypted log groups.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:*`,
          },
        },
      }),
    );
    const mail = new Mail(this, 'Mail', {
      domain: settings.mailDomain,
      mailFrom: settings.mailFrom,
      existing: settings.existingMailIdentity,
    });
    const monitoring = new Monitoring(this, 'Monitoring', { key, alarmEmails: settings.alarmEmails });
    const auth = new StaffAuth(this, 'StaffAuth', { domainPrefix: settings.cognitoDomainPrefix });
    this.api = new Api(this, 'Api', { key });
    const baseUrl = settings.baseUrl ?? this.api.httpApi.apiEndpoint;
    auth.addAppClient(baseUrl);

    const environment: Record<string, string> = {
      APP_MODE: 'aws',
      TABLE_NAME: this.data.table.tableName,
      BUCKET_NAME: this.data.documents.bucketName,
      APP_BASE_URL: baseUrl,
      ORG_NAME: settings.organisation,
      MAIL_FROM: settings.mailFrom,
      MAIL_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      MAIL_PROCUREMENT: settings.procurementEmails.join(','),
      MAIL_COMPLIANCE: settings.complianceEmails.join(','),
      MAIL_EXECUTIVE: settings.executiveEmails.join(','),
      MAIL_PRIVACY_OFFICER: settings.privacyOfficerEmails.join(','),
      AUTH_ISSUER: `https://cognito-idp.${this.region}.amazonaws.com/${auth.userPool.userPoolId}`,
      AUTH_JWKS_URL: `https://cognito-idp.${this.region}.amazonaws.com/${auth.userPool.userPoolId}/.well-known/jwks.json`,
      AUTH_AUDIENCE: auth.client.userPoolClientId,
      AUTH_CLIENT_ID: auth.client.userPoolClientId,
      AUTH_HOSTED_UI_URL: auth.domain.baseUrl(),
      POLICY_JSON: JSON.stringify(settings.policy),
    };

    this.workflows = new Workflows(this, 'Workflows', { environment, key, table: this.data.table });
    const auditArchive = new AuditArchive(this, 'AuditArchive', {
      key,
      table: this.data.table,
      environment,
      accessLogs: this.data.accessLogs,
    });
    this.api.attachApp({
      environment: {
        ...environment,
        AUDIT_ARCHIVE_BUCKET: auditArchive.bucket.bucketName,
        LAUNCH_STATE_MACHINE_ARN: this.workflows.launch.stateMachineArn,
        REVIEW_STATE_MACHINE_ARN: this.workflows.review.stateMachineArn,
      },
      key,
      auth,
    });
    new Schedules(this, 'Schedules', { sweep: this.workflows.sweep });

    // Least privilege: each function gets exactly the data and actions its steps use.
    const sendMail = new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        mail.identityArn,
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: mail.configurationSet.configurationSetName,
        }),
      ],
    });
    // The audit trail is append-only in IAM too: no function may update or delete an audit event or
    // the head anchor (appends are conditional Puts that cannot overwrite).
    const auditAppendOnly = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
      resources: [this.data.table.tableArn],
      conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*', 'AUDITHEAD#*'] } },
    });
    for (const fn of [
      this.workflows.launchFn,
      this.workflows.reviewFn,
      this.workflows.sweepFn,
      this.api.fn,
    ]) {
      this.data.table.grantReadWriteData(fn.fn);
      fn.fn.addToRolePolicy(sendMail);
      fn.fn.addToRolePolicy(auditAppendOnly);
    }
    const objects = this.data.documents.arnForObjects('*');
    this.api.fn.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'],
        resources: [objects],
      }),
    );
    this.data.key.grantEncryptDecrypt(this.api.fn.fn);
    auditArchive.grantRead(this.api.fn);

    const tableId = this.getLogicalId(this.data.table.node.defaultChild as CfnElement);
    const bucketId = this.getLogicalId(this.data.documents.node.defaultChild as CfnElement);
    for (const fn of [
      this.workflows.launchFn,
      this.workflows.reviewFn,
      this.workflows.sweepFn,
      this.api.fn,
    ]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: "Queries use the table's two indexes (GSI1, DueIndex); the grant names this table only.",
      });
    }
    for (const fn of [this.api.fn]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        reason:
          'Evidence and BAA documents are objects keyed by vendor/assessment ids created at run time; the grant is limited to this bucket and to Get/Put.',
      });
    }
    this.workflows.launch.grantStartExecution(this.api.fn.fn);
    this.workflows.review.grantStartExecution(this.api.fn.fn);

    monitoring.watchStateMachine('Launch', this.workflows.launch);
    monitoring.watchStateMachine('Review', this.workflows.review);
    monitoring.watchStateMachine('Sweep', this.workflows.sweep);
    monitoring.watchFunction('App', this.api.fn.fn);
    monitoring.watchFunction('LaunchTasks', this.workflows.launchFn.fn);
    monitoring.watchFunction('ReviewTasks', this.workflows.reviewFn.fn);
    monitoring.watchFunction('SweepTasks', this.workflows.sweepFn.fn);
    monitoring.watchFunction('AuditHeadPublisher', auditArchive.publisher.fn);
    monitoring.watchApi('Api', this.api.httpApi);
    monitoring.watchTable('Table', this.data.table);
    monitoring.watchMailReputation();

    this.outputs(settings, mail, auth, baseUrl);
  }

  /** What a deployer needs next: where the product is, the user pool, the DNS records for SES. */
  private outputs(settings: DeploymentSettings, mail: Mail, auth: StaffAuth, baseUrl: string) {
    new CfnOutput(this, 'ApiUrl', {
      description: 'The HTTP API (JSON API, vendor portal, staff console)',
      value: this.api.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'Staff console: sign in here (Cognito hosted UI, MFA required)',
      value: `${baseUrl}/console`,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Create staff users here and add each to the procurement, compliance or admin group',
      value: auth.userPool.userPoolId,
    });
    new CfnOutput(this, 'HostedUiUrl', { description: 'Cognito hosted UI', value: auth.domain.baseUrl() });
    if (mail.identity) {
      const records = [
        [mail.identity.dkimDnsTokenName1, mail.identity.dkimDnsTokenValue1],
        [mail.identity.dkimDnsTokenName2, mail.identity.dkimDnsTokenValue2],
        [mail.identity.dkimDnsTokenName3, mail.identity.dkimDnsTokenValue3],
      ];
      records.forEach(([name, value], i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `DNS record ${i + 1} of 3 to verify ${settings.mailDomain} in SES (DKIM): name CNAME value`,
          value: `${name} CNAME ${value}`,
        });
      });
    } else {
      new CfnOutput(this, 'MailIdentity', {
        description: 'Reused SES identity (verified outside this stack)',
        value: settings.mailDomain,
      });
    }
  }
}
