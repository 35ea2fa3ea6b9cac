/**
 * Api: Cognito staff pool (groups = roles, MFA required), the HTTP API with a JWT authorizer in
 * front of the staff JSON routes, and the Lambda running the app. The app checks the JWT again
 * itself, so the console (cookie) and portal (link token) routes stay safe behind the default route.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_NODE_MODULES } from './bundling-options.ts';
import { ProductFunction } from './product-function.ts';

export const STAFF_GROUPS = ['procurement', 'compliance', 'admin'] as const;
/** JSON API prefixes that API Gateway itself authorizes (the app authorizes everything again). */
export const STAFF_API_PREFIXES = [
  '/vendors',
  '/assessments',
  '/findings',
  '/baas',
  '/reports',
  '/decisions',
] as const;

export class StaffAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  client!: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: { domainPrefix: string }) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
    // The hosted UI signs staff in to the console (authorization-code flow, MFA enforced by the pool).
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan is a per-deployment licensing choice; MFA is required and self sign-up is off.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason:
          'Threat protection needs the Cognito Plus feature plan; the pool already requires MFA, 14-character passwords and has no self sign-up. Enable per deployment if licensed.',
      },
    );
  }

  /** The app client (console sign-in and API tokens), once the app's public URL is known. */
  addAppClient(baseUrl: string) {
    this.client = this.userPool.addClient('StaffClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${baseUrl}/console/callback`],
        logoutUrls: [`${baseUrl}/console/login`],
      },
    });
    return this.client;
  }
}

export interface ApiProps {
  environment: Record<string, string>;
  key: kms.IKey;
  auth: StaffAuth;
}

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  fn!: ProductFunction;

  constructor(scope: Construct, id: string, props: { key: kms.IKey }) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Vendor risk API, vendor portal and staff console',
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as apigw.CfnStage;
    // Access logs carry no path (portal links hold a token in the path) and no query string.
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        method: '$context.httpMethod',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        latency: '$context.integrationLatency',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
  }

  /** Adds the app function and its routes once the environment (state machine ARNs) is known. */
  attachApp(props: ApiProps) {
    this.fn = new ProductFunction(this, 'App', {
      entry: 'functions/api/handler.ts',
      description: 'HTTP app: JSON API, vendor portal, staff console',
      environment: props.environment,
      logKey: props.key,
      timeout: Duration.seconds(29),
      memorySize: 1024,
      // The BAA as PDF/Word and the parsers of uploaded agreements (lazy imports in baa-api.ts).
      nodeModules: [...API_NODE_MODULES],
    });
    const integration = new HttpLambdaIntegration('AppIntegration', this.fn.fn);
    const authorizer = new HttpJwtAuthorizer(
      'StaffJwt',
      `https://cognito-idp.${this.httpApi.stack.region}.amazonaws.com/${props.auth.userPool.userPoolId}`,
      { jwtAudience: [props.auth.client.userPoolClientId] },
    );
    for (const prefix of STAFF_API_PREFIXES) {
      for (const path of [prefix, `${prefix}/{proxy+}`]) {
        this.httpApi.addRoutes({ path, methods: [apigw.HttpMethod.ANY], integration, authorizer });
      }
    }
    // Opened from the console with the session cookie (the app checks it; API Gateway only reads
    // bearer headers), so these staff routes skip the gateway's authorizer.
    for (const path of [
      '/vendors/{vendorId}/audit-packet',
      '/vendors/{vendorId}/baas/{baaId}/documents/{version}',
      '/assessments/{assessmentId}/evidence/{fileId}',
    ]) {
      this.httpApi.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration });
    }
    // Portal (link token), console (cookie JWT checked by the app), health, OpenAPI.
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [apigw.HttpMethod.ANY], integration });
    this.httpApi.addRoutes({ path: '/', methods: [apigw.HttpMethod.GET], integration });
    for (const node of this.httpApi.node.findAll()) {
      if (node instanceof apigw.CfnRoute && !node.authorizerId) {
        Validations.of(node).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: the vendor portal authenticates by its private link token, the console by the JWT session cookie (checked in the app), /health and /openapi.json are public.',
        });
      }
    }
  }
}
