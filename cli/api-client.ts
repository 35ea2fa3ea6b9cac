/**
 * The CLI's HTTP client: a thin fetch wrapper that turns every way a call can go wrong into a
 * `CliError` carrying the exit code scripts rely on (see `EXIT`). In local mode, when no token is
 * given, it asks `POST /local/token` for one for the chosen role on first use.
 */

/** Exit codes, documented in `baa-guard --help`. */
export const EXIT = {
  ok: 0,
  /** The operation failed: the API answered 4xx/5xx (other than 401/403), or a local check failed. */
  failed: 1,
  /** Usage: unknown command or option, bad or missing arguments. */
  usage: 2,
  /** Partial success: some import rows failed, or audit verify found a problem. */
  partial: 3,
  /** Authentication or authorization: 401 or 403, or no token could be had. */
  auth: 4,
  /** The API could not be reached (nothing listening, DNS, timeout). */
  unreachable: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as a message (never a stack) and maps to an exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  /** Extra lines shown under the message (failed gates, invalid fields). */
  readonly lines: string[];
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly details: unknown;

  constructor(
    message: string,
    exitCode: ExitCode,
    extra: { hint?: string; lines?: string[]; status?: number; code?: string; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = extra.hint;
    this.lines = extra.lines ?? [];
    this.status = extra.status;
    this.code = extra.code;
    this.details = extra.details;
  }
}

/** A usage error (exit 2) with a hint on what to type instead. */
export const usageError = (message: string, hint?: string) =>
  new CliError(message, EXIT.usage, hint ? { hint } : {});

export interface ApiErrorBody {
  code: string;
  message: string;
  details: unknown;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else null. */
  body: T;
}

export interface ApiClientOptions {
  baseUrl: string;
  /** A bearer token (`--token` / `BAA_TOKEN`); without one, local mode issues one for `role`. */
  token?: string;
  role: string;
  email: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  body?: unknown;
  /** Send the staff token (default true). */
  auth?: boolean;
  query?: Record<string, string | number | undefined>;
  accept?: string;
}

const START_HINT =
  'Start the product with `npm start` (or `npm run demo`), or point --api / BAA_API_URL at a running API.';

/** Lines describing an API error's details: invalid fields, failed gates, blockers. */
export function detailLines(details: unknown): string[] {
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object'
      ? (((details as Record<string, unknown>).failed ?? (details as Record<string, unknown>).blockers) as
          | unknown[]
          | undefined)
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((d) => {
    if (!d || typeof d !== 'object') return [];
    const item = d as Record<string, unknown>;
    const label = item.gate ?? item.path ?? item.questionId ?? item.clauseId ?? item.code ?? item.field;
    const message = typeof item.message === 'string' ? item.message : JSON.stringify(item);
    return [`  - ${label !== undefined && label !== '' ? `${String(label)}: ` : ''}${message}`];
  });
}

/** Reads `{ error: { code, message, details } }`, or describes a body that is not one. */
export function apiErrorOf(status: number, statusText: string, body: unknown): ApiErrorBody {
  const error = (body as { error?: Partial<ApiErrorBody> } | null)?.error;
  if (error && typeof error.message === 'string') {
    return { code: error.code ?? `http_${status}`, message: error.message, details: error.details ?? null };
  }
  return { code: `http_${status}`, message: `HTTP ${status} ${statusText}`.trim(), details: null };
}

/** Maps an API error response onto a CliError with the right exit code and a hint. */
export function errorForResponse(status: number, error: ApiErrorBody, tokenGiven: boolean): CliError {
  const base = { status, code: error.code, details: error.details, lines: detailLines(error.details) };
  if (status === 401) {
    return new CliError(`Not signed in: ${error.message} (401 ${error.code})`, EXIT.auth, {
      ...base,
      hint: tokenGiven
        ? 'The token is missing, expired or invalid: pass a fresh one with --token or BAA_TOKEN.'
        : 'Pass a staff token with --token or BAA_TOKEN.',
    });
  }
  if (status === 403) {
    return new CliError(`Not allowed: ${error.message} (403 ${error.code})`, EXIT.auth, {
      ...base,
      hint: tokenGiven
        ? 'Use a token whose role may do this.'
        : 'In local mode pick the role with --as (procurement, compliance or admin).',
    });
  }
  return new CliError(`${error.message} (${status} ${error.code})`, EXIT.failed, base);
}

/** Maps a fetch failure (nothing listening, DNS, timeout) onto exit 5 with the start hint. */
export function errorForNetwork(baseUrl: string, error: unknown, timeoutMs: number): CliError {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new CliError(
      `The API at ${baseUrl} did not answer within ${Math.round(timeoutMs / 1000)}s`,
      EXIT.unreachable,
      { hint: START_HINT },
    );
  }
  const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'unknown error';
  return new CliError(`Cannot reach the API at ${baseUrl} (${reason})`, EXIT.unreachable, {
    hint: START_HINT,
  });
}

export class ApiClient {
  readonly baseUrl: string;
  readonly role: string;
  readonly email: string;
  readonly timeoutMs: number;
  readonly tokenGiven: boolean;
  #token: string | undefined;
  #pendingToken: Promise<string> | undefined;
  #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.role = options.role;
    this.email = options.email;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.tokenGiven = Boolean(options.token);
    this.#token = options.token || undefined;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The bearer token: the one given, or (local mode) one issued by POST /local/token, fetched once. */
  async token(): Promise<string> {
    if (this.#token) return this.#token;
    this.#pendingToken ??= this.#issueLocalToken();
    this.#token = await this.#pendingToken;
    return this.#token;
  }

  async #issueLocalToken(): Promise<string> {
    let res: ApiResponse<{ token?: string } | null>;
    try {
      res = await this.request<{ token?: string } | null>('POST', '/local/token', {
        auth: false,
        body: { role: this.role, email: this.email },
      });
    } catch (error) {
      if (error instanceof CliError && error.status === 404) {
        throw new CliError('No access token, and this API does not issue local ones', EXIT.auth, {
          hint: 'Pass a staff token with --token or BAA_TOKEN (a Cognito ID token when deployed).',
        });
      }
      if (error instanceof CliError && error.status === 400) {
        throw new CliError(`Could not get a local token: ${error.message}`, EXIT.usage, {
          lines: error.lines,
          hint: '--as takes procurement, compliance or admin; --email takes an email address.',
        });
      }
      throw error;
    }
    if (!res.body?.token) throw new CliError('POST /local/token returned no token', EXIT.auth);
    return res.body.token;
  }

  /** One HTTP call. Resolves for 2xx/3xx; throws a CliError (with its exit code) otherwise. */
  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.auth !== false) headers.authorization = `Bearer ${await this.token()}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      throw errorForNetwork(this.baseUrl, error, this.timeoutMs);
    }
    let body: unknown = null;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (res.status >= 400) {
      throw errorForResponse(res.status, apiErrorOf(res.status, res.statusText, body), this.tokenGiven);
    }
    return { status: res.status, headers: res.headers, text, body: body as T };
  }

  /** A JSON call that returns the parsed body. */
  async json<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).body;
  }

  /** Every item of a paged list (`{ items, nextCursor }`), page after page, up to `max`. */
  async *paged<T>(path: string, options: { pageSize?: number; max?: number } = {}): AsyncGenerator<T> {
    let cursor: string | undefined;
    let yielded = 0;
    const max = options.max ?? Number.POSITIVE_INFINITY;
    do {
      const page = await this.json<{ items: T[]; nextCursor: string | null }>('GET', path, {
        query: { limit: options.pageSize ?? 100, cursor },
      });
      for (const item of page.items) {
        if (yielded >= max) return;
        yielded++;
        yield item;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
