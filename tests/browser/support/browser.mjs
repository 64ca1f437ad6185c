// Debian's chromium driven by playwright-core (headless, no sandbox, no
// background networking, updates or sync), with helpers the tests share:
// contexts per user, screenshots at desktop and phone widths, a watch on
// script errors and CSP violations, and expectClean(), the checks every page
// passes (labels, overflow, no script error, axe-core audit in both languages).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sourceDir } from './server.mjs';

export const screenshotDir = process.env.GF_SCREENSHOTS || path.join(sourceDir, 'build', 'web', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.GF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// A fresh context (its own cookies): English unless `lang` says otherwise
// (only when the page has not chosen yet, so the switch still works).
export async function newUser(browser, baseURL, { lang = 'en' } = {}) {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, acceptDownloads: true });
  if (lang) await context.addInitScript((l) => { if (!localStorage.getItem('gf.lang')) localStorage.setItem('gf.lang', l); }, lang);
  return watched(await context.newPage());
}

// Collects the page's script errors and console errors (CSP violations are
// console errors) in page.problems; 4xx answers the page expects are not problems.
function watched(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of (4\d\d)/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

export async function signIn(page, email, password) {
  await page.goto('/sign-in');
  await page.getByLabel(/^E-mail address/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

export async function signOut(page) {
  await page.getByRole('button', { name: /Sign out|Se déconnecter/ }).click();
  await page.waitForURL('**/sign-in');
}

// Every form control has an accessible label: a <label for>, aria-label or aria-labelledby.
export async function unlabelledControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.outerHTML.slice(0, 120)));
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(screenshotDir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  // Nothing may stick out sideways at phone width (tables scroll in their own box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(screenshotDir, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  return overflow;
}

// axe-core's script, injected with page.evaluate: it goes through the
// DevTools protocol, which the page's CSP (script-src 'self') does not
// govern, so the audit needs no weakened policy and no inline script.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.1 A and AA, and axe's best practices (landmarks, heading order…).
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const LANG_KEY = 'gf.lang';

// The violations of AXE_TAGS on the page as it is now, as readable lines:
// rule id, impact, what it asks, and the selectors of the elements.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.targets.slice(0, 8).join('\n      ')}${v.targets.length > 8 ? `\n      … ${v.targets.length - 8} more` : ''}`);
}

// The same address in the other language, audited in a second tab of the
// same context (same session). The app chooses its language from
// localStorage (gf.lang) as the language button does; switching in place
// would re-render the page and lose what the test has typed or shown, so the
// tab under test is left as it is and the stored choice is put back after.
async function otherLanguageViolations(page) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  const other = lang === 'fr' ? 'en' : 'fr';
  const stored = await page.evaluate((key) => localStorage.getItem(key), LANG_KEY);
  const second = watched(await page.context().newPage());
  try {
    await second.addInitScript(([key, value]) => { localStorage.setItem(key, value); }, [LANG_KEY, other]);
    const response = await second.goto(page.url());
    assert.equal(response.status(), 200, `${page.url()} is a page of the front-end (server/static_files.cpp kWebPages)`);
    await second.waitForLoadState('networkidle');
    await second.locator('main h1').first().waitFor();
    assert.equal(await second.evaluate(() => document.documentElement.lang), other, 'the page switched language');
    return { lang: other, violations: await axeViolations(second), problems: second.problems };
  } finally {
    await second.close();
    await page.evaluate(([key, value]) => {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    }, [LANG_KEY, stored]);
  }
}

// What every page of the front-end passes: each control has a label, the
// screenshots are taken and nothing sticks out sideways at phone width, no
// script error or CSP violation, and no violation found by axe-core (WCAG
// 2.1 A/AA and best practices), in the page's language and in the other one.
export async function expectClean(page, name) {
  assert.deepEqual(await unlabelledControls(page), [], `${name}: every control has a label`);
  const overflow = await screenshot(page, name);
  assert.ok(overflow <= 1, `${name}: nothing sticks out sideways at phone width (${overflow}px)`);
  const lang = await page.evaluate(() => document.documentElement.lang);
  const here = await axeViolations(page);
  if (here.length) assert.fail(`${name} (${lang}): accessibility violations:\n  ${here.join('\n  ')}`);
  const other = await otherLanguageViolations(page);
  if (other.violations.length) assert.fail(`${name} (${other.lang}): accessibility violations:\n  ${other.violations.join('\n  ')}`);
  assert.deepEqual([...page.problems, ...other.problems], [], `${name}: no script error or CSP violation`);
}
