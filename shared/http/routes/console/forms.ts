/** Reading console form fields: strings, lines, dates, and the messages of a refused request. */
import { AppError } from '../../../errors.ts';
import { CSRF_FIELD } from '../../session.ts';

export type FormBody = Record<string, string | File | (string | File)[]>;

export function field(form: FormBody, name: string): string {
  const raw = form[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : '';
}

/** Every string field, for showing a refused form back. */
export function stringFields(form: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(form)) if (name !== CSRF_FIELD) out[name] = field(form, name);
  return out;
}

export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A `YYYY-MM-DD` date field as an ISO instant (start or end of that UTC day), or undefined. */
export function dateField(value: string, end: 'start' | 'end'): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const iso = `${value}T${end === 'start' ? '00:00:00.000' : '23:59:59.000'}Z`;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value ? undefined : iso;
}

export const badDate = (label: string) =>
  new AppError('invalid_request', `Enter the ${label} as a date (YYYY-MM-DD)`);

/** "intake.dataLocation.vendorCountries" → "Vendor countries" (the last segment of a field path). */
export function fieldWords(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The messages of a validation error's details, or of the gates that failed. */
export function detailMessages(error: AppError): string[] | undefined {
  const details = error.details as unknown;
  const failed = (details as { failed?: unknown } | undefined)?.failed;
  const list = Array.isArray(failed) ? failed : Array.isArray(details) ? details : undefined;
  const messages = (list ?? [])
    .map((d) => {
      const item = d as { message?: unknown; path?: unknown };
      if (typeof item.message !== 'string') return undefined;
      // A sentence written for people (our use cases) stands alone; a schema message ("Too small: …")
      // is prefixed with its field in words, never the field's id.
      const fromSchema = /expected|^invalid|^required$/i.test(item.message);
      if (typeof item.path !== 'string' || item.path === '(root)' || !fromSchema) {
        return item.message;
      }
      return `${fieldWords(item.path)}: ${item.message}`;
    })
    .filter((m): m is string => m !== undefined);
  return messages.length && !(messages.length === 1 && error.message.includes(messages[0]!))
    ? messages
    : undefined;
}

// --- the vendor page ----------------------------------------------------------------------------------

export const oneOf = <T extends string>(options: readonly T[], value: string | undefined): T | undefined =>
  options.includes(value as T) ? (value as T) : undefined;
