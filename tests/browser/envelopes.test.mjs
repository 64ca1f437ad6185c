// The envelopes page in a real browser, against a real `grantflow serve` on
// the demo data: an administrator sees each programme's envelope and its use
// for the year, sets an envelope in euros typed the English way, is refused
// (409) an envelope below what is in use with the figures next to the
// amount, then does the same in French with French number formatting. A
// finance officer lands on the page after signing in; a clerk has no link
// to it and is told it is not for their account.
// Every state of the page passes expectClean (labels, overflow, script
// errors, axe-core in English and French); screenshots in GF_SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, demoPassword, binary } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';

let server;
let browser;
const year = new Date().getUTCFullYear();
const nbsp = /[\u00a0\u202f]/g;
const text = async (locator) => (await locator.textContent()).replace(nbsp, ' ').trim();

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const row = (page, code) => page.locator(`#envelope-table tr[data-programme="${code}"]`);
const cell = (page, code, col) => row(page, code).locator(`td[data-col="${col}"]`);

async function budgetLine(page, code) {
  const budget = await page.evaluate(async (y) => (await fetch(`/api/v1/budget?year=${y}`)).json(), year);
  return budget.programmes.find((p) => p.code === code);
}

async function setEnvelope(page, code, typed) {
  await page.locator('#envelope-programme').selectOption(code);
  await page.locator('#envelope-amount').fill(typed);
  await page.locator('#envelope-submit').click();
}

test('an administrator sees each envelope and its use, and sets one in euros', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'admin@demo.grantflow.fr', demoPassword);
  await page.getByRole('link', { name: 'Envelopes' }).click();
  await page.getByRole('heading', { level: 1, name: `Envelopes ${year}` }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/admin/envelopes');

  // The demo's figures: HEALTH has €2M, part of it reserved by approved grants.
  const health = await budgetLine(page, 'HEALTH');
  assert.equal(await text(cell(page, 'HEALTH', 'envelope')), '€2,000,000.00');
  assert.ok(health.reserved_cents > 0, 'the demo reserved part of HEALTH');
  for (const col of ['reserved', 'committed', 'paid', 'available']) {
    const expected = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(health[`${col}_cents`] / 100);
    assert.equal(await text(cell(page, 'HEALTH', col)), expected, `the ${col} column`);
  }
  assert.equal(await page.locator('#envelope-table caption').textContent(), `Envelope and use per programme, ${year}`);
  // The form shows the chosen programme's envelope the English way.
  await page.locator('#envelope-programme').selectOption('HEALTH');
  assert.equal(await page.getByLabel(/^Envelope in euros/).inputValue(), '2,000,000.00');
  await expectClean(page, 'envelopes');

  await setEnvelope(page, 'HEALTH', '2,500,000.50');
  const saved = page.locator('#envelope-form .notice-success');
  await saved.waitFor();
  assert.match(await text(saved), /is now €2,500,000\.50/);
  assert.equal(await saved.getAttribute('role'), 'status');
  assert.equal(await text(cell(page, 'HEALTH', 'envelope')), '€2,500,000.50');
  assert.equal((await budgetLine(page, 'HEALTH')).envelope_cents, 250_000_050, 'the server has the new envelope');
  await expectClean(page, 'envelopes-saved');

  // Not an amount: said next to the field, nothing sent.
  await setEnvelope(page, 'HEALTH', 'two millions');
  const amount = page.locator('#envelope-amount');
  await page.locator('#envelope-amount[aria-invalid="true"]').waitFor();
  assert.match(await page.locator('#envelope-amount-error').textContent(), /Enter an amount in euros/);
  assert.ok(await amount.evaluate((el) => el === document.activeElement), 'focus moves to the amount');
  assert.equal((await budgetLine(page, 'HEALTH')).envelope_cents, 250_000_050);
  await page.context().close();
});

test('an envelope below what is in use is refused with the figures', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'admin@demo.grantflow.fr', demoPassword);
  await page.goto(`/admin/envelopes?year=${year}&programme=HEALTH`);
  await page.locator('#envelope-form').waitFor();
  const health = await budgetLine(page, 'HEALTH');
  const eur = (cents) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);

  await setEnvelope(page, 'HEALTH', '1000');
  await page.locator('#envelope-amount[aria-invalid="true"]').waitFor();
  const message = await text(page.locator('#envelope-amount-error'));
  const used = health.reserved_cents + health.committed_cents + health.paid_cents;
  assert.equal(message, `The envelope cannot be €1,000.00: ${eur(used)} is already in use (reserved ${eur(health.reserved_cents)}, committed ${eur(health.committed_cents)}, paid ${eur(health.paid_cents)}).`);
  assert.equal(await page.locator('#envelope-form .error-summary').getAttribute('role'), 'alert');
  assert.equal((await budgetLine(page, 'HEALTH')).envelope_cents, health.envelope_cents, 'nothing changed');
  await expectClean(page, 'envelopes-refused');
  await page.context().close();
});

test('in French, amounts are read and shown the French way', async () => {
  const page = await newUser(browser, server.url, { lang: 'fr' });
  await page.goto('/sign-in');
  await page.locator('#signin-email').fill('admin@demo.grantflow.fr');
  await page.locator('#signin-password').fill(demoPassword);
  await page.locator('#signin-email').press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.getByRole('link', { name: 'Enveloppes' }).click();
  await page.getByRole('heading', { level: 1, name: `Enveloppes ${year}` }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.locator('#envelope-programme').selectOption('WATER');
  assert.equal((await page.getByLabel(/^Enveloppe en euros/).inputValue()).replace(nbsp, ' '), '1 000 000,00');

  await page.locator('#envelope-amount').fill('1 250 000,75');
  assert.equal(await text(page.locator('#envelope-preview')), 'Soit 1 250 000,75 €.');
  await page.getByRole('button', { name: 'Fixer l’enveloppe' }).click();
  await page.locator('#envelope-form .notice-success').waitFor();
  assert.equal(await text(cell(page, 'WATER', 'envelope')), '1 250 000,75 €');
  assert.equal((await budgetLine(page, 'WATER')).envelope_cents, 125_000_075);
  await expectClean(page, 'envelopes-fr');

  await setEnvelope(page, 'HEALTH', '10');
  await page.locator('#envelope-amount[aria-invalid="true"]').waitFor();
  assert.match(await text(page.locator('#envelope-amount-error')), /^L’enveloppe ne peut pas être de 10,00 € : .* sont déjà utilisés \(réservés .*, engagés .*, payés .*\)\.$/);
  await expectClean(page, 'envelopes-refused-fr');
  await page.context().close();
});

test('a clerk has no link to the page and may not use it', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'clerk@demo.grantflow.fr', demoPassword);
  assert.equal(await page.locator('.nav-list a[href="/admin/envelopes"]').count(), 0);
  await page.goto('/admin/envelopes');
  await page.getByRole('heading', { level: 1, name: 'This page is not available with your account' }).waitFor();
  assert.equal(await page.locator('#envelope-form').count(), 0);
  await page.context().close();
});

test('a finance officer lands on the envelopes page after signing in', async () => {
  const password = 'Tresorerie-Paris-2026';
  execFileSync(binary, ['user', 'add', '--email', 'finance@paris.fr', '--role', 'finance', '--name', 'Agent comptable', '--db', server.db],
    { input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  const page = await newUser(browser, server.url);
  await signIn(page, 'finance@paris.fr', password);
  await page.getByRole('heading', { level: 1, name: `Envelopes ${year}` }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/admin/envelopes');
  assert.match(await page.locator('.account .role').textContent(), /finance officer/);
  assert.equal(await page.locator('.nav-list a[href="/admin/envelopes"]').getAttribute('aria-current'), 'page');
  await page.context().close();
});
