/** Debian's Chromium driven by playwright-core (no browser download). A missing browser fails the test. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * One Chromium for the test file: launched before its tests, closed after. Use it like
 * `useTestRuntime()`: `const browser = useChromium();` at the top of the file.
 */
export function useChromium(): Browser {
  let current: Browser | undefined;
  beforeAll(async () => {
    current = await launchChromium();
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as Browser, {
    get(_target, property) {
      if (!current) throw new Error('Chromium is not launched yet (use it inside a test or hook)');
      const value = current[property as keyof Browser];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // Headless, and no background traffic: this machine's network is closed.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects script errors and console errors of a page (CSP violations land there too). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed requests (a refused upload, a favicon) are logged as errors too; tests assert them elsewhere.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return errors;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now (evaluated through the driver, so CSP stays on). */
export async function axeViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // axe is injected above; it checks the whole document by default.
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: never[] }> } }).axe;
    const r = await axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * WCAG 2.1 A/AA violations only (axe-core's wcag2a/2aa/21a/21aa tags), one line each:
 * "rule (impact): help — targets". Injected through the driver, so the page's CSP stays on.
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
