/**
 * The synthesized template grants no more than needed: functions with explicit roles and logs, least-
 * privilege policies, an HTTP API behind a staff JWT, MFA sign-in, TLS mail and the outputs an
 * operator needs. The template is synthesized once for this file (test/support/stack-template.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  functions,
  ofType,
  onlyOfType,
  props,
  ROOT,
  refTarget,
  render,
  resources,
  type Statement,
  template,
  useSynthesizedStack,
} from '../support/stack-template.ts';

useSynthesizedStack();

describe('mail', () => {
  it('sends from an SES identity through a configuration set that requires TLS', () => {
    const [identityId] = onlyOfType('AWS::SES::EmailIdentity');
    const [setId, set] = onlyOfType('AWS::SES::ConfigurationSet');
    expect(set.Properties).toMatchObject({ DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    expect(resources[identityId]!.Properties).toMatchObject({
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
  });
});

describe('the functions', () => {
  it('run Node 24 on arm64 with active tracing and an explicit log group', () => {
    expect(functions().length).toBeGreaterThan(0);
    for (const [id, fn] of functions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
  });

  it('record an entry file that exists under functions/', () => {
    for (const [id, fn] of functions()) {
      const entry = fn.Metadata?.['baa:entry'];
      expect(entry, `${id} has no baa:entry metadata`).toMatch(/^functions\/.+\.ts$/);
      expect(existsSync(join(ROOT, String(entry))), `${id}: ${String(entry)} does not exist`).toBe(true);
    }
  });

  it('have roles without AWS managed policies', () => {
    for (const [id, fn] of functions()) {
      const roleId = refTarget(fn.Properties?.Role);
      const role = roleId ? resources[roleId] : undefined;
      expect(role?.Type, `${id}'s role is not a role of the stack`).toBe('AWS::IAM::Role');
      expect(
        role?.Properties?.ManagedPolicyArns,
        `${id}'s role ${roleId} has managed policies`,
      ).toBeUndefined();
    }
  });
});

describe('the HTTP API', () => {
  it('is an HTTP API whose /vendors routes need a staff JWT', () => {
    const [, api] = onlyOfType('AWS::ApiGatewayV2::Api');
    expect(api.Properties?.ProtocolType).toBe('HTTP');
    const [authorizerId, authorizer] = onlyOfType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties?.AuthorizerType).toBe('JWT');
    const vendorRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) =>
      /^ANY \/vendors(\/|$)/.test(String(r.Properties?.RouteKey)),
    );
    expect(vendorRoutes.map(([, r]) => r.Properties?.RouteKey).sort()).toEqual([
      'ANY /vendors',
      'ANY /vendors/{proxy+}',
    ]);
    for (const [, route] of vendorRoutes) {
      expect(route.Properties, String(route.Properties?.RouteKey)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('logs access and throttles on its default stage', () => {
    const [, stage] = onlyOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AccessLogSettings: { DestinationArn: expect.anything(), Format: expect.any(String) },
      DefaultRouteSettings: {
        ThrottlingBurstLimit: expect.any(Number),
        ThrottlingRateLimit: expect.any(Number),
      },
    });
  });
});

describe('staff sign-in', () => {
  it('requires MFA and has the procurement, compliance and admin groups', () => {
    const [poolId, pool] = onlyOfType('AWS::Cognito::UserPool');
    expect(pool.Properties?.MfaConfiguration).toBe('ON');
    const groups = ofType('AWS::Cognito::UserPoolGroup').filter(
      ([, g]) => refTarget(g.Properties?.UserPoolId) === poolId,
    );
    expect(groups.map(([, g]) => g.Properties?.GroupName).sort()).toEqual([
      'admin',
      'compliance',
      'procurement',
    ]);
  });
});

describe('stack outputs', () => {
  it('give the API URL, the console URL, the user pool id and the three DKIM records', () => {
    const outputs = (
      template.toJSON() as { Outputs: Record<string, { Value: unknown; Description?: string }> }
    ).Outputs;
    for (const name of ['ApiUrl', 'ConsoleUrl', 'UserPoolId', 'DkimRecord1', 'DkimRecord2', 'DkimRecord3']) {
      expect(outputs[name], `no ${name} output`).toBeDefined();
      expect(outputs[name]?.Description, `${name} has no description`).toBeTruthy();
    }
    const [poolId] = onlyOfType('AWS::Cognito::UserPool');
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: poolId });
    expect(JSON.stringify(outputs.ConsoleUrl?.Value)).toContain('/console');
    expect(JSON.stringify(outputs.DkimRecord1?.Value)).toContain('DkimDNSTokenName1');
  });
});

describe('least privilege', () => {
  /** Every statement of every IAM policy (identity policies and resource policies). */
  const statements = () =>
    Object.entries(resources).flatMap(([id, r]) => {
      const p = r.Properties ?? {};
      const docs: unknown[] = [
        p.PolicyDocument,
        p.KeyPolicy,
        p.AssumeRolePolicyDocument,
        // Inline policies of a role (a Cognito pool's `Policies` is its password policy, not IAM).
        ...(r.Type === 'AWS::IAM::Role'
          ? ((p.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
          : []
        ).map((x) => x.PolicyDocument),
      ];
      return docs
        .filter((d): d is { Statement: Statement[] } =>
          Boolean(d && typeof d === 'object' && 'Statement' in d),
        )
        .flatMap((d) => d.Statement.map((s) => ({ id, type: r.Type, s })));
    });

  it('no policy allows every action, every DynamoDB action or every S3 action', () => {
    const identityPolicies = statements().filter(({ type }) =>
      ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(type),
    );
    expect(identityPolicies.length).toBeGreaterThan(0);
    const broad = statements()
      .filter(({ s }) => s.Effect === 'Allow')
      .flatMap(({ id, s }) =>
        asArray(s.Action)
          .filter((a) => ['*', 'dynamodb:*', 's3:*'].includes(a))
          .map((a) => `${id}: ${a}`),
      );
    expect(broad, 'over-broad actions granted').toEqual([]);
    // Deny statements are guards (TLS only); an identity policy should not need a wildcard either way.
    const identityWildcards = identityPolicies.flatMap(({ id, s }) =>
      asArray(s.Action)
        .filter((a) => ['*', 'dynamodb:*', 's3:*'].includes(a))
        .map((a) => `${id}: ${s.Effect} ${a}`),
    );
    expect(identityWildcards).toEqual([]);
  });

  it('ses:SendEmail is granted on the mail identity and configuration set only', () => {
    const [identityId] = onlyOfType('AWS::SES::EmailIdentity');
    const [setId] = onlyOfType('AWS::SES::ConfigurationSet');
    const grants = statements().filter(({ s }) =>
      asArray(s.Action).some((a) => a === 'ses:SendEmail' || a === 'ses:*'),
    );
    expect(grants.length, 'no role may send email').toBeGreaterThan(0);
    for (const { id, s } of grants) {
      expect(asArray(s.Action), `${id} grants ses:*`).not.toContain('ses:*');
      const targets = asArray(s.Resource).map(render);
      expect(targets.length, `${id} grants ses:SendEmail without a resource`).toBeGreaterThan(0);
      for (const target of targets) {
        expect(
          target.endsWith(`:identity/<Ref:${identityId}>`) ||
            target.endsWith(`:configuration-set/<Ref:${setId}>`),
          `${id} grants ses:SendEmail on ${target}`,
        ).toBe(true);
      }
    }
  });
});

describe('console sign-in', () => {
  it('has a Cognito hosted UI domain and an app client whose only callback is the console', () => {
    expect(ofType('AWS::Cognito::UserPoolDomain')).toHaveLength(1);
    const [, client] = onlyOfType('AWS::Cognito::UserPoolClient');
    const p = props<{ AllowedOAuthFlows: string[]; CallbackURLs: unknown[]; GenerateSecret?: boolean }>(
      client,
    );
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(JSON.stringify(p.CallbackURLs)).toContain('/console/callback');
    expect(p.GenerateSecret ?? false).toBe(false);
  });

  it('lets only the cookie-opened staff downloads skip the gateway authorizer under /vendors and /assessments', () => {
    const open = ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => props<{ RouteKey: string; AuthorizerId?: unknown }>(r))
      .filter(
        (r) => (r.RouteKey.includes(' /vendors') || r.RouteKey.includes(' /assessments')) && !r.AuthorizerId,
      )
      .map((r) => r.RouteKey)
      .sort();
    expect(open).toEqual([
      'GET /assessments/{assessmentId}/evidence/{fileId}',
      'GET /vendors/{vendorId}/audit-packet',
      'GET /vendors/{vendorId}/baas/{baaId}/documents/{version}',
    ]);
  });
});
