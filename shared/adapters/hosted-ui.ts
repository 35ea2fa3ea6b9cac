/**
 * Console sign-in in AWS: the OAuth 2.0 authorization-code flow against the Cognito hosted UI
 * (which enforces the pool's MFA). The console exchanges the code for an ID token, verifies it like
 * any staff token, and keeps it in the session cookie.
 */
import type { AppConfig } from '../config.ts';
import { AppError } from '../errors.ts';

export const callbackUrl = (config: AppConfig) => `${config.baseUrl}/console/callback`;

function settings(config: AppConfig) {
  const { hostedUiUrl, clientId } = config.auth;
  if (!hostedUiUrl || !clientId) {
    throw new AppError(
      'sign_in_unavailable',
      'Sign-in is not configured for this deployment (AUTH_HOSTED_UI_URL, AUTH_CLIENT_ID)',
      503,
    );
  }
  return { hostedUiUrl: hostedUiUrl.replace(/\/$/, ''), clientId };
}

export function authorizeUrl(config: AppConfig, state: string): string {
  const { hostedUiUrl, clientId } = settings(config);
  const url = new URL(`${hostedUiUrl}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', callbackUrl(config));
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', state);
  return url.toString();
}

/** Exchanges the authorization code for the ID token (the token the API and console accept). */
export async function exchangeCode(config: AppConfig, code: string): Promise<string> {
  const { hostedUiUrl, clientId } = settings(config);
  let res: Response;
  try {
    res = await fetch(`${hostedUiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code,
        redirect_uri: callbackUrl(config),
      }),
    });
  } catch {
    throw new AppError('sign_in_unavailable', 'The sign-in service could not be reached; try again', 503);
  }
  const body = (await res.json().catch(() => ({}))) as { id_token?: unknown };
  if (!res.ok || typeof body.id_token !== 'string') {
    throw new AppError(
      'sign_in_failed',
      'Sign-in did not complete (the code expired or was already used); sign in again',
      401,
    );
  }
  return body.id_token;
}
