/**
 * Every Lambda of the product goes through this construct, so the defaults live in one place:
 * Node 24 on arm64, X-Ray tracing, an explicit KMS-encrypted log group with retention, a role with
 * only what the function is granted (no managed policies), and esbuild bundling (minified ESM with
 * source maps without sourcesContent; the options live in ./bundling-options.ts, shared with the bench). The entry path is recorded as metadata: the local runtime reads it from the
 * synthesized template to bind each workflow task to the same handler in-process.
 */

import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLING } from './bundling-options.ts';
import { ENTRY_METADATA_KEY } from './metadata-keys.ts';

export { ENTRY_METADATA_KEY };

const ROOT = join(import.meta.dirname, '..', '..');

export interface ProductFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/workflows/launch.ts`. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logKey: kms.IKey;
  timeout?: Duration;
  memorySize?: number;
  /**
   * Packages shipped unbundled in the function's node_modules (installed from the lock file at
   * synth): large libraries loaded lazily by a few routes only (document generation and parsing),
   * so they neither weigh on index.mjs nor on cold starts.
   */
  nodeModules?: string[];
}

export class ProductFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      role: this.role,
      logGroup,
      environment: { NODE_OPTIONS: LAMBDA_BUNDLING.nodeOptions, ...props.environment },
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLING.target,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        banner: LAMBDA_BUNDLING.banner,
        // The SDK v3 is in the Lambda runtime, but pinning our own version keeps behaviour identical to tests.
        externalModules: [],
        ...(props.nodeModules?.length ? { nodeModules: props.nodeModules } : {}),
      },
    });
    (this.fn.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA_KEY, props.entry);

    Validations.of(this).acknowledge(
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason:
          'The functions call only AWS APIs (DynamoDB, SES, S3, Step Functions) over TLS with IAM auth; a VPC adds NAT cost and cold-start latency without narrowing any data path. Revisit if a function ever talks to a private host.',
      },
      {
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          'Reserved concurrency would fail deployment in new accounts with low limits; throttling is bounded by the API stage throttle and the sweep Map MaxConcurrency.',
      },
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'No function is invoked asynchronously: the API is synchronous and workflow tasks are invoked by Step Functions, whose Retry/Catch records every failure.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
      },
      {
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason:
          'The CDK-generated policy belongs to this one role and is least-privilege; a managed policy would add no control.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'CDK grant for the table/bucket customer-managed key: the key ARN is the only resource.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'CDK grant for the table/bucket customer-managed key: the key ARN is the only resource.',
      },
    );
  }
}
