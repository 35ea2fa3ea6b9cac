/**
 * Composition per function: a part is built on first use only, a part the function was not composed
 * with fails with a message naming it, and overrides (the local runtime's runner) win.
 */
import { describe, expect, it } from 'vitest';
import { workflowComposition } from '#functions/workflows/composition.ts';
import { type Composition, composeDeps } from '#shared/composition.ts';
import { loadConfig } from '#shared/config.ts';

const config = loadConfig({
  APP_MODE: 'aws',
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 't',
  BUCKET_NAME: 'b',
  APP_BASE_URL: 'https://vendors.example.org',
  ORG_NAME: 'Example Health',
  MAIL_FROM: 'vendor-risk@example.org',
  AUTH_ISSUER: 'issuer',
});

describe('composeDeps', () => {
  it('builds nothing until a part is used, then builds it once', () => {
    const built: string[] = [];
    const composition: Composition = {
      name: 'a test function',
      clients: {
        ddb: () => {
          built.push('ddb');
          return {} as never;
        },
        ses: () => {
          built.push('ses');
          return {} as never;
        },
      },
      mailer: (deps) => {
        void deps.clients.ses;
        built.push('mailer');
        return { send: async () => ({ messageId: 'm' }) };
      },
    };
    const deps = composeDeps(config, composition);
    expect(built).toEqual([]);
    void deps.vendors;
    expect(built).toEqual(['ddb']);
    void deps.mailer;
    void deps.mailer;
    void deps.store;
    expect(built).toEqual(['ddb', 'ses', 'mailer']);
  });

  it('the workflow functions have no S3 or Step Functions, and say so when asked', () => {
    const deps = composeDeps(config, workflowComposition);
    expect(() => deps.documents).toThrow(
      /documents adapter is not part of the composition of the workflow functions/,
    );
    expect(() => deps.workflows).toThrow(/workflows adapter is not part of/);
    expect(() => deps.clients.s3).toThrow(/s3 client is not part of/);
    expect(() => deps.clients.sfn).toThrow(/sfn client is not part of/);
    expect(deps.clients.ddb).toBeDefined();
    expect(deps.mailer).toBeDefined();
  });

  it('overrides replace parts without building the originals', () => {
    const runner = { start: async () => ({ executionId: 'e' }) };
    const deps = composeDeps(config, workflowComposition, { workflows: runner });
    expect(deps.workflows).toBe(runner);
  });
});
