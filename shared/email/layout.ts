/**
 * The shared frame of every email: a plain, accessible HTML part and a text part with the same
 * content. One template file per message kind builds on this.
 */
import { html, type SafeHtml } from '../html.ts';

export interface EmailContent {
  subject: string;
  /** Greeting line, e.g. "Dear Jane Doe,". */
  greeting: string;
  /** Paragraphs of plain text (escaped in HTML). */
  paragraphs: string[];
  /**
   * Optional call to action; several when one email covers matters with different pages (a
   * questionnaire reminder and a BAA reminder batched for one vendor: one link each).
   */
  action?: { label: string; url: string } | readonly { label: string; url: string }[];
  /** Optional table of facts (label → value). */
  facts?: [string, string][];
  /** Optional list items (e.g. findings). */
  items?: string[];
  /** Paragraphs after the list (what happens next). */
  closing?: string[];
  footer: string;
}

export function renderEmail(content: EmailContent): { subject: string; html: string; text: string } {
  const actions =
    content.action === undefined ? [] : 'url' in content.action ? [content.action] : content.action;
  const body: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${content.subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
<p>${content.greeting}</p>
${content.paragraphs.map((p) => html`<p>${p}</p>`)}
${content.facts?.length ? html`<table role="presentation" style="border-collapse:collapse;margin:12px 0">${content.facts.map(([k, v]) => html`<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0">${k}</th><td style="padding:4px 0">${v}</td></tr>`)}</table>` : ''}
${content.items?.length ? html`<ul>${content.items.map((i) => html`<li>${i}</li>`)}</ul>` : ''}
${(content.closing ?? []).map((p) => html`<p>${p}</p>`)}
${actions.map((a) => html`<p><a href="${a.url}" style="display:inline-block;background:#0b5394;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">${a.label}</a></p>`)}
${actions.length === 1 ? html`<p style="font-size:13px;color:#555">If the button does not work, copy this address into your browser:<br>${actions[0]!.url}</p>` : ''}
${actions.length > 1 ? html`<p style="font-size:13px;color:#555">If a button does not work, copy its address into your browser:</p><ul style="font-size:13px;color:#555">${actions.map((a) => html`<li>${a.label}: ${a.url}</li>`)}</ul>` : ''}
<hr style="border:none;border-top:1px solid #ddd"><p style="font-size:12px;color:#666">${content.footer}</p>
</body></html>`;

  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.facts?.length ? [...content.facts.map(([k, v]) => `${k}: ${v}`), ''] : []),
    ...(content.items?.length ? [...content.items.map((i) => `- ${i}`), ''] : []),
    ...(content.closing ?? []).flatMap((p) => [p, '']),
    ...(actions.length ? [...actions.map((a) => `${a.label}: ${a.url}`), ''] : []),
    '--',
    content.footer,
  ].join('\n');
  return { subject: content.subject, html: body.value, text };
}

export const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
