/**
 * One declaration per API operation: the route, who may call it, and the zod schemas of its body
 * and response. `mount` wires it into Hono (auth, role check, body validation) and the same list
 * generates `/openapi.json`, so the document cannot drift from the code.
 */
import type { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { Role } from '../schemas/core.ts';
import type * as z from '../schemas/zod.ts';
import { parseInput } from '../use-cases/validation.ts';
import type { AppContext, AppEnv } from './context.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface Operation {
  id: string;
  method: Method;
  /** OpenAPI style: `/vendors/{vendorId}`. */
  path: string;
  summary: string;
  tag: string;
  /** staff: JWT with one of `roles`; link: vendor portal token in the path; public; local: local mode only. */
  auth: 'staff' | 'link' | 'public' | 'local';
  roles?: readonly Role[];
  body?: z.ZodMiniType;
  query?: Record<string, string>;
  responses: Record<number, { description: string; schema?: z.ZodMiniType }>;
}

export const STAFF: readonly Role[] = ['procurement', 'compliance', 'admin'];

const registry = new Map<string, Operation>();

export function operations(): Operation[] {
  return [...registry.values()];
}

/** Reads the bearer token (API clients) or the console's session cookie (browsers). */
function tokenOf(c: AppContext): string | undefined {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = c.req.header('cookie');
  const match = cookie?.match(/(?:^|;\s*)session=([^;]+)/);
  return match?.[1];
}

export async function authenticate(c: AppContext, roles: readonly Role[]) {
  const token = tokenOf(c);
  if (!token) throw new AppError('unauthenticated', 'Sign in: this endpoint needs a staff access token', 401);
  const principal = await c.var.verifyToken(token);
  if (!roles.includes(principal.role) && principal.role !== 'admin') {
    throw new AppError('forbidden', `This action needs one of the roles: ${roles.join(', ')}`, 403, {
      role: principal.role,
    });
  }
  c.set('principal', principal);
  return principal;
}

type Handler<B> = (c: AppContext, body: B) => Promise<Response> | Response;

export function mount<S extends z.ZodMiniType | undefined>(
  app: Hono<AppEnv>,
  op: Operation & { body?: S },
  handler: Handler<S extends z.ZodMiniType ? z.infer<S> : undefined>,
) {
  registry.set(op.id, op);
  const honoPath = op.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(op.method.toUpperCase(), honoPath, async (c) => {
    if (op.auth === 'local' && c.var.deps.config.mode !== 'local')
      throw new AppError('not_found', 'Not found', 404);
    if (op.auth === 'staff') await authenticate(c, op.roles ?? STAFF);
    let body: unknown;
    if (op.body) {
      // JSON only: a cross-site form or text/plain POST (which browsers send without a preflight)
      // cannot reach a cookie-authenticated endpoint.
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
        throw new AppError(
          'unsupported_media_type',
          'Send the body as JSON (content-type: application/json)',
          415,
        );
      }
      const raw = await c.req.json().catch(() => {
        throw new AppError('invalid_json', 'The request body must be a JSON object', 400);
      });
      body = parseInput(op.body, raw);
    }
    return handler(c, body as never);
  });
}
