/** Local-mode helpers (404 when deployed): staff tokens and the adjustable clock. */
import type { Hono } from 'hono';
import { OffsetClock } from '../../adapters/clock.ts';
import { issueLocalToken } from '../../adapters/staff-tokens.ts';
import { AppError } from '../../errors.ts';
import { Email, IsoTime, Role } from '../../schemas/core.ts';
import * as z from '../../schemas/zod.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

const TokenRequest = z.object({ role: Role, email: Email });
const ClockRequest = z.union([
  z.object({ advanceDays: z.number().check(z.positive(), z.lte(3650)) }),
  z.object({ now: IsoTime }),
]);
const ClockResponse = z.object({ now: IsoTime });

export function localRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'localToken',
      method: 'post',
      path: '/local/token',
      summary: 'Local mode only: issue a staff token for a role',
      tag: 'Local',
      auth: 'local',
      body: TokenRequest,
      responses: {
        200: { description: 'A bearer token valid 12 hours', schema: z.object({ token: z.string() }) },
      },
    },
    async (c, body) => {
      const deps = c.var.deps;
      return c.json({ token: await issueLocalToken(deps.config, body, deps.clock.now()), expiresIn: 43_200 });
    },
  );

  mount(
    app,
    {
      id: 'localClock',
      method: 'post',
      path: '/local/clock',
      summary: 'Local mode only: move the product clock forward ({"advanceDays": n} or {"now": ISO})',
      tag: 'Local',
      auth: 'local',
      body: ClockRequest,
      responses: { 200: { description: 'The new now', schema: ClockResponse } },
    },
    async (c, body) => {
      const clock = c.var.deps.clock;
      if (!(clock instanceof OffsetClock)) throw new AppError('not_found', 'Not found', 404);
      try {
        if ('advanceDays' in body) clock.advanceDays(body.advanceDays);
        else clock.set(new Date(body.now));
      } catch (error) {
        if (error instanceof RangeError) throw new AppError('clock_backwards', error.message, 400);
        throw error;
      }
      return c.json({ now: clock.now().toISOString() });
    },
  );

  mount(
    app,
    {
      id: 'localSweep',
      method: 'post',
      path: '/local/sweep',
      summary: 'Local mode only: run the deadline sweep now and return what it did',
      tag: 'Local',
      auth: 'local',
      responses: { 200: { description: 'The sweep execution and its summary' } },
    },
    async (c) => {
      const local = c.var.deps.local;
      if (!local) throw new AppError('not_found', 'Not found', 404);
      return c.json(await local.sweepNow());
    },
  );

  app.get('/local/clock', (c) => {
    if (c.var.deps.config.mode !== 'local') throw new AppError('not_found', 'Not found', 404);
    return c.json({ now: c.var.deps.clock.now().toISOString() });
  });
}
