/** The Hono environment shared by every route: the dependencies and, on staff routes, the principal. */
import type { Context } from 'hono';
import type { Principal, TokenVerifier } from '../adapters/staff-tokens.ts';
import type { Deps } from '../composition.ts';

export interface AppEnv {
  Variables: {
    deps: Deps;
    verifyToken: TokenVerifier;
    principal: Principal;
  };
}

export type AppContext = Context<AppEnv>;
