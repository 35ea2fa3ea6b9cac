/**
 * The demo's client side: what it prints (numbered steps), HTTP like any API client, and the local
 * inbox (only emails that arrived during this tour are matched).
 */

export const say = (line = '') => process.stdout.write(`${line}\n`);
let stepNo = 0;
/** The step the tour is at (0 before the first), for the error message. */
export const currentStep = () => stepNo;
export const step = (title: string) => {
  stepNo++;
  say('');
  say(`${String(stepNo).padStart(2)}. ${title}`);
};
export const detail = (line: string) => say(`    ${line}`);

export class DemoError extends Error {}

// --- HTTP, like any client ----------------------------------------------------------------------

/** API replies, read loosely: the demo checks what it uses and stops with the API's message otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the API, navigated field by field
export type Json = any;

interface Reply {
  status: number;
  json: Json;
  text: string;
}

/** The app and inbox the tour drives (set once by main). */
export const target = { appUrl: '', inboxUrl: '' };

export async function http(
  method: string,
  url: string,
  options: {
    token?: string;
    body?: unknown;
    raw?: { data: string | Uint8Array; headers: Record<string, string> };
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.raw?.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: options.raw
      ? options.raw.data
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** A call that must succeed; a failure stops the tour with the API's own message. */
export async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Json> {
  const res = await http(method, `${target.appUrl}${path}`, options);
  if (res.status >= 400) {
    const e = res.json?.error;
    throw new DemoError(
      `${method} ${path} → ${res.status} ${e?.code ?? ''}: ${e?.message ?? res.text.slice(0, 200)}`,
    );
  }
  return res.json;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new DemoError(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- the local inbox --------------------------------------------------------------------------

export interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

/** Emails already in the inbox before the tour (a reused app keeps its inbox): never matched. */
export const seen = new Set<string>();

export async function newEmails(): Promise<Email[]> {
  const res = await http('GET', `${target.inboxUrl}/store`);
  return ((res.json?.emails ?? []) as Email[]).filter((e) => !seen.has(e.messageId));
}

export const waitForEmail = (what: string, match: (e: Email) => boolean) =>
  waitFor(what, async () => (await newEmails()).find(match));

export function portalToken(email: Email): string {
  const token = email.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new DemoError(`No portal link in "${email.subject}"`);
  return token;
}
