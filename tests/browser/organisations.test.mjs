// The organisation and finance pages in a real browser, against a real
// `grantflow serve` with the demo data: an association's member edits its
// profile (a field error shown inline first) and asks for a new IBAN, which
// stays pending while the old one is in force; a second registration with
// the same RNA waits to join until the member approves it; a finance
// officer confirms the IBAN and sets the tiers number. Each page in English
// and French, with screenshots, labelled controls and no script error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, demoPassword, binary } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';

let server;
let browser;
const pages = {};
const oldIban = 'FR7610107001011234567890129';
const newIban = 'FR7630004000031234567890143';
const finance = { email: 'finance@example.org', password: 'Paiements-Ville-2026!' };
const auditor = { email: 'controle@example.org', password: 'Verification-Interne-2026!' };
const newcomer = { email: `newcomer-${Date.now()}@example.org`, password: 'Rejoindre-Eau-Vive-2026', name: 'Aminata Coulibaly' };

before(async () => {
  server = await startServer();
  browser = await launch();
  execFileSync(binary, ['user', 'add', '--db', `sqlite3://db=${server.dir}/grantflow.db timeout=10`,
    '--email', finance.email, '--role', 'finance', '--name', 'Fanny Finances'], { input: `${finance.password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  execFileSync(binary, ['user', 'add', '--db', `sqlite3://db=${server.dir}/grantflow.db timeout=10`,
    '--email', auditor.email, '--role', 'auditor', '--name', 'Aude Contrôle'], { input: `${auditor.password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a member edits the profile; a wrong postcode is shown next to its field', async () => {
  const page = await newUser(browser, server.url);
  pages.member = page;
  await signIn(page, 'eau-vive@demo.grantflow.fr', demoPassword);
  await page.getByRole('link', { name: 'My organisation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Eau Vive Bamako' }).waitFor();
  await page.getByLabel(/^Postcode/).fill('75010;--');
  await page.getByLabel(/^Legal representative/).fill('M. Moussa Keïta');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  const error = page.locator('[data-for="postcode"] .field-error');
  await error.waitFor();
  assert.match(await error.textContent(), /letters, digits/);
  assert.match(await page.locator('[data-for="representative_title"] .field-error').textContent(), /required/);
  await expectClean(page, 'organisation-profile-error');

  await page.getByLabel(/^Postcode/).fill('75010');
  await page.getByLabel(/^Title of the representative/).fill('Président');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.locator('.notice-success', { hasText: 'The profile is saved.' }).waitFor();
  assert.equal(await page.getByLabel(/^Title of the representative/).inputValue(), 'Président');
});

test('a new IBAN is held: the page says it waits and the old one stays in force', async () => {
  const page = pages.member;
  await page.getByLabel(/^New IBAN/).fill('FR76 3000 4000 0312 3456 7890 14');
  await page.getByRole('button', { name: 'Ask for the change' }).click();
  await page.locator('[data-for="iban"] .field-error').waitFor();
  await page.getByLabel(/^New IBAN/).fill('FR76 3000 4000 0312 3456 7890 143');
  await page.getByRole('button', { name: 'Ask for the change' }).click();
  await page.locator('#iban-pending').waitFor();
  assert.match(await page.locator('#iban-pending').textContent(), new RegExp(newIban));
  assert.equal(await page.locator('#iban-in-force').textContent(), oldIban);
  await expectClean(page, 'organisation-iban-pending');
});

test('registration asks the kind of organisation and shows the identifiers it has', async () => {
  const page = await newUser(browser, server.url);
  await page.goto('/register');
  const kind = page.getByLabel(/^Kind of organisation/);
  assert.equal(await kind.inputValue(), 'association');
  assert.ok(await page.getByLabel(/^RNA number/).isVisible());
  await kind.selectOption('foreign_partner');
  assert.ok(!(await page.getByLabel(/^RNA number/).isVisible()), 'no French identifiers for a foreign partner');
  assert.ok(!(await page.getByLabel(/^SIRET number/).isVisible()));
  assert.ok(await page.getByLabel(/^National registration number/).isVisible());
  await expectClean(page, 'register-foreign-partner');
  await kind.selectOption('company');
  assert.ok(await page.getByLabel(/^SIRET number/).isVisible());
  assert.ok(!(await page.getByLabel(/^RNA number/).isVisible()));
  await page.locator('#lang-switch').click();
  await page.getByLabel(/^Type d'organisation/).waitFor();
  await expectClean(page, 'register-kinds-fr');
});

test('a second registration of a known RNA waits to join until a member approves it', async () => {
  const page = await newUser(browser, server.url);
  await page.goto('/register');
  await page.getByLabel(/^Name of the association/).fill('Eau Vive');
  await page.getByLabel(/^RNA number/).fill('W751234568');
  await page.getByLabel(/^Address/).fill("4 rue de l'Aqueduc");
  await page.getByLabel(/^City/).fill('Paris');
  await page.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 189');
  await page.getByLabel(/^Your name/).fill(newcomer.name);
  await page.getByLabel(/^E-mail address/).fill(newcomer.email);
  await page.getByLabel(/^Password/).fill(newcomer.password);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL('**/organisation');
  await page.locator('#join-pending').waitFor();
  assert.equal(await page.getByText('Eau Vive Bamako').count(), 0, 'nothing of the organisation before approval');
  await expectClean(page, 'organisation-waiting');

  const member = pages.member;
  await member.reload();
  await member.locator('#join-table').waitFor();
  await expectClean(member, 'organisation-join-request');
  await member.getByRole('button', { name: `Approve ${newcomer.name}` }).click();
  await member.locator('.notice-success', { hasText: `${newcomer.name} is now a member.` }).waitFor();
  assert.equal(await member.locator('#members-table tbody tr').count(), 2);

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Eau Vive Bamako' }).waitFor();

  await member.getByRole('button', { name: `Remove ${newcomer.name}` }).click();
  await member.locator('.notice-success', { hasText: `${newcomer.name} is no longer a member.` }).waitFor();
  assert.equal(await member.locator('#members-table tbody tr').count(), 1);
  assert.equal(await member.getByRole('button', { name: /^Remove/ }).count(), 0, 'the last member cannot be removed');
});

test('an auditor reads the pending IBAN change, masked, and can decide nothing', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, auditor.email, auditor.password);
  await page.waitForURL('**/audit'); // an auditor's home
  await page.getByRole('link', { name: 'IBAN changes' }).click();
  await page.waitForURL('**/finance/iban-changes');
  const row = page.locator('#iban-changes-table tbody tr', { hasText: 'Eau Vive Bamako' });
  await row.waitFor();
  const text = await row.textContent();
  assert.ok(!text.includes(newIban) && !text.includes(oldIban), `IBANs masked for an auditor: ${text}`);
  assert.ok(text.replace(/\s/g, '').includes(newIban.slice(-4)), 'the last digits are shown');
  assert.equal(await page.getByRole('button', { name: /Confirm|Reject/ }).count(), 0);
  assert.equal(await page.locator('#tiers-section').count(), 0, 'no tiers number to set');
  await expectClean(page, 'finance-iban-changes-auditor');
  await page.close();
});

test('a finance officer confirms the IBAN and sets the tiers number', async () => {
  const page = await newUser(browser, server.url);
  pages.finance = page;
  await signIn(page, finance.email, finance.password);
  await page.waitForURL('**/admin/envelopes'); // a finance officer's home
  await page.getByRole('link', { name: 'IBAN changes' }).click();
  await page.waitForURL('**/finance/iban-changes');
  await page.getByRole('heading', { level: 1, name: 'IBAN changes and tiers numbers' }).waitFor();
  const row = page.locator('#iban-changes-table tbody tr', { hasText: 'Eau Vive Bamako' });
  assert.match(await row.textContent(), new RegExp(`${oldIban}.*${newIban}`));
  await expectClean(page, 'finance-iban-changes');
  await page.getByRole('button', { name: 'Confirm the new IBAN of Eau Vive Bamako' }).click();
  await page.locator('#no-iban-change').waitFor();

  const tiers = page.getByLabel('Tiers number of Eau Vive Bamako');
  await tiers.fill('2175');
  await page.locator('form[data-organisation]', { has: tiers }).getByRole('button', { name: 'Save' }).click();
  await page.locator('.field-error', { hasText: 'capital letter' }).waitFor();
  await page.getByLabel('Tiers number of Eau Vive Bamako').fill('D02175');
  await page.locator('form[data-organisation]', { has: page.getByLabel('Tiers number of Eau Vive Bamako') })
    .getByRole('button', { name: 'Save' }).click();
  await page.locator('.notice-success', { hasText: 'The tiers number of Eau Vive Bamako is saved.' }).waitFor();
  await expectClean(page, 'finance-tiers');

  const member = pages.member;
  await member.reload();
  await member.locator('#iban-form').waitFor();
  assert.equal(await member.locator('#iban-in-force').textContent(), newIban);
  assert.match(await member.locator('#organisation-identity').textContent(), /D02175/);
});

test('both pages in French', async () => {
  const member = pages.member;
  await member.locator('#lang-switch').click();
  await member.getByRole('heading', { level: 2, name: 'Coordonnées bancaires' }).waitFor();
  await member.getByLabel(/^Qualité du représentant/).waitFor();
  await expectClean(member, 'organisation-fr');

  const page = pages.finance;
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: "Changements d'IBAN et numéros de tiers" }).waitFor();
  await page.getByText("Aucun changement d'IBAN en attente.").waitFor();
  await expectClean(page, 'finance-fr');
});
