// Debian's chromium driven by playwright-core (headless, no sandbox, no
// background networking, updates or sync), with helpers the tests share:
// contexts per user, screenshots at desktop and phone widths, and a watch on
// script errors and CSP violations.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
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
  const page = await context.newPage();
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
