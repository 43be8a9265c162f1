// Shared by the browser tests: headless Chromium, what a page reports as a problem (console
// errors, exceptions, CSP violations), an axe-core accessibility check, and screenshots for the
// README that are written only when PAINMAP_SCREENSHOTS=1 (so a test run leaves the tracked
// docs/*.png alone).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Console errors, uncaught exceptions and CSP violations the page reports, as lines. */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (line: string) => problems.push(`csp: ${line}`));
  await page.addInitScript(() => {
    const g = globalThis as any;
    g.document.addEventListener('securitypolicyviolation', (event: any) => {
      void g.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return problems;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now, one line each. The engine
 * is evaluated through the DevTools protocol, which the page's CSP does not govern: the page
 * itself still runs only its own scripts.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }),
  );
  return (result.violations as any[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
}

/** A screenshot for the README, only when PAINMAP_SCREENSHOTS=1; returns whether it was taken. */
export async function screenshotForDocs(page: Page, file: string, fullPage = false): Promise<boolean> {
  if (process.env.PAINMAP_SCREENSHOTS !== '1') return false;
  await page.screenshot({ path: `docs/${file}`, fullPage });
  return true;
}
