/**
 * The frame of every server-rendered page (vendor portal now, staff console later): one stylesheet,
 * an optional deferred script, a header naming the organisation. Every value goes through `html`, so
 * nothing interpolated here can inject markup. Asset URLs carry a content hash: the files are served
 * with a year-long cache, and a new deployment changes the URL instead of waiting for caches.
 */
import { createHash } from 'node:crypto';
import { html, type SafeHtml } from '../../html.ts';
import { APP_CSS } from './assets/app-css.ts';
import { PORTAL_JS } from './assets/portal-js.ts';

const version = (content: string) => createHash('sha256').update(content).digest('hex').slice(0, 12);

/** Versioned URLs of the shared assets (the query string only busts caches; the route ignores it). */
export const ASSET_URLS = {
  css: `/assets/app.css?v=${version(APP_CSS)}`,
  portalJs: `/assets/portal.js?v=${version(PORTAL_JS)}`,
} as const;

export interface PageOptions {
  /** The page's own title; the document title appends the organisation. */
  title: string;
  body: SafeHtml;
  lang?: string;
  /** The covered entity's name (`deps.config.organisation`), shown in the header. */
  organisation: string;
  /** A short label after the organisation name ("Vendor security portal", "Vendor risk console"). */
  section?: string;
  /** Extra header content (navigation, the signed-in user). */
  headerExtra?: SafeHtml;
  footer?: SafeHtml;
  /** Loads /assets/portal.js (deferred). Pages must work without it. */
  script?: boolean;
  /** More stylesheets after app.css (the console's). */
  stylesheets?: readonly string[];
  /** More deferred scripts (the BAA page's). */
  scripts?: readonly string[];
}

/** A complete HTML document. */
export function page(options: PageOptions): string {
  const { title, body, lang = 'en', organisation, section, headerExtra, footer, script = false } = options;
  const stylesheets = options.stylesheets ?? [];
  const scripts = options.scripts ?? [];
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} — ${organisation}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ASSET_URLS.css}">
${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${script ? html`<script src="${ASSET_URLS.portalJs}" defer></script>` : ''}
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="container site-header__inner">
<p class="site-header__org">${organisation}${section ? html`<span class="site-header__section">${section}</span>` : ''}</p>
${headerExtra ?? ''}
</div>
</header>
<main id="main" class="container" tabindex="-1">
${body}
</main>
${footer ? html`<footer class="site-footer"><div class="container">${footer}</div></footer>` : ''}
</body>
</html>
`.value;
}
