/** Lambda entry for the HTTP API: API Gateway (HTTP API, payload v2) → the Hono app. */
import { handle } from 'hono/aws-lambda';
import { getDeps, useComposition } from '#shared/composition.ts';
import { createApp } from '#shared/http/app.ts';
import { apiComposition } from './composition.ts';

useComposition(apiComposition);

const app = createApp({
  deps: getDeps,
  healthChecks: {
    dynamodb: () => getDeps().store.get({ PK: 'HEALTH', SK: 'HEALTH' }),
  },
});

export const handler = handle(app);
