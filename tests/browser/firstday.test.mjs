// A City's first day in a real browser: a database made by `grantflow init`
// alone (no demo), one administrator added with `grantflow user add`, and a
// server that mails through the test SMTP relay. The administrator sets the
// HEALTH envelope, invites a reviewer and a clerk (who choose their
// passwords from the mailed links) and opens a call; an association
// registers, confirms its address from the mailed link and applies within
// the call; the reviewer approves, and the envelopes page shows the money
// reserved. Each page passes the shared checks in English and French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, binary } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';
import { startSink, mailedToken } from './support/mail.mjs';
import { samplePdf, siretWithLuhn } from './support/data.mjs';

let server;
let browser;
let sink;
const admin = { email: 'admin@paris.example.fr', password: 'Premier-Jour-Ville-2026' };
const reviewer = { email: 'awa.diallo@paris.example.fr', password: 'Instruction-Sante-2026', name: 'Awa Diallo' };
const clerk = { email: 'greffe@paris.example.fr', password: 'Seance-du-Conseil-2026', name: 'Paul Greffe' };
const association = { email: 'contact@sante-bamako.example.org', password: 'Sante-Bamako-2026!' };
const day = (offset) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
  .format(new Date(Date.now() + offset * 86_400_000));
const year = Number(day(0).slice(0, 4));
const application = {};

before(async () => {
  sink = await startSink(path.join(process.env.GF_WORK_DIR || '/tmp', `firstday-mail-${process.pid}`));
  server = await startServer({ demo: false, serveArgs: sink.serveArgs });
  execFileSync(binary, ['user', 'add', '--db', server.db, '--email', admin.email, '--role', 'admin',
    '--name', 'Claire Admin'], { input: `${admin.password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

async function fire(page, transition, expectedState) {
  await page.locator(`button[data-transition="${transition}"]`).click();
  await page.locator(`#app-state[data-state="${expectedState}"]`).waitFor();
}

async function invite(page, who, role) {
  await page.locator('#invite-email').fill(who.email);
  await page.locator('#invite-name').fill(who.name);
  await page.locator('#invite-role').selectOption(role);
  if (role === 'reviewer') await page.locator('#invite-programme-HEALTH').check();
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.locator(`tr[data-user="${who.email}"]`).waitFor();
}

async function accept(who) {
  const page = await newUser(browser, server.url);
  await page.goto(`/invitation?token=${await mailedToken(sink, who.email, '/invitation')}`);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: 'Set my password' }).click();
  await page.waitForURL('**/sign-in');
  await signIn(page, who.email, who.password);
  return page;
}

test('the administrator sets the envelope, invites the staff and opens a call', async () => {
  const page = await newUser(browser, server.url);
  application.admin = page;
  await signIn(page, admin.email, admin.password);
  await page.goto('/admin/envelopes');
  await page.getByRole('heading', { level: 1, name: `Envelopes ${year}` }).waitFor();
  await page.locator('#envelope-programme').selectOption('HEALTH');
  await page.locator('#envelope-amount').fill('2000000');
  await page.locator('#envelope-submit').click();
  await page.locator('#envelope-table tr[data-programme="HEALTH"] td[data-col="envelope"]', { hasText: '€2,000,000.00' }).waitFor();

  await page.goto('/admin/users');
  await page.locator('#staff-table').waitFor();
  await invite(page, reviewer, 'reviewer');
  await invite(page, clerk, 'clerk');
  assert.match(await page.locator(`tr[data-user="${reviewer.email}"]`).textContent(), /HEALTH/);

  await page.goto('/admin/calls');
  await page.getByRole('heading', { level: 1, name: 'Calls for applications' }).waitFor();
  assert.equal(await page.locator('#calls-table tbody tr').count(), 0, 'a fresh install has no call');
  const form = page.locator('#open-call-form');
  await form.getByLabel(/^Programme/).selectOption('HEALTH');
  await form.getByLabel(/^Opening day/).fill(day(-1));
  await form.getByLabel(/^Closing day/).fill(day(30));
  await form.getByLabel(/^Budget year/).fill(String(year));
  await page.locator('#open-call').click();
  await page.locator('#calls-table tbody tr').first().waitFor();
  await expectClean(page, 'firstday-calls');

  application.reviewer = await accept(reviewer);
  const clerkPage = await accept(clerk);
  await clerkPage.waitForURL('**/council');
  await clerkPage.close();
});

test('an association registers, confirms its address from the mail and applies within the call', async () => {
  const page = await newUser(browser, server.url);
  await page.goto('/register');
  await page.getByLabel(/^Name of the association/).fill('Santé Bamako Solidarité');
  await page.getByLabel(/^RNA number/).fill('W751234560');
  await page.getByLabel(/^SIRET number/).fill(siretWithLuhn('4420000000001'));
  await page.getByLabel(/^Address/).fill('8 rue de la Solidarité, 75019 Paris');
  await page.getByLabel(/^City/).fill('Paris');
  await page.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 189');
  await page.getByLabel(/^Your name/).fill('Fatoumata Traoré');
  await page.getByLabel(/^E-mail address/).fill(association.email);
  await page.getByLabel(/^Password/).fill(association.password);
  await page.getByRole('button', { name: 'Register' }).click();
  // The same page whether or not the address had an account: the mail tells.
  await page.locator('#check-email').waitFor();
  assert.ok((await page.locator('#check-email').innerText()).includes(association.email));
  await expectClean(page, 'firstday-check-email');

  await page.goto(`/verify-email?token=${await mailedToken(sink, association.email, '/verify-email')}`);
  await page.getByText('Your e-mail address is confirmed.').waitFor();
  await expectClean(page, 'firstday-email-confirmed');

  await signIn(page, association.email, association.password);
  await page.waitForURL('**/applications');
  await page.locator('a[data-programme="HEALTH"]').click();
  await page.getByRole('heading', { level: 1, name: 'New application' }).waitFor();
  await page.getByLabel(/^Title of the project/).fill('Dépistage du VIH à Bamako');
  await page.getByLabel(/^Amount requested/).fill('45000');
  await page.getByLabel(/^Theme/).selectOption('hiv_aids');
  await page.getByLabel(/^Partner city/).fill('Bamako');
  await page.getByLabel(/^Country of the project/).fill('ML');
  await page.getByLabel(/^Expected number of beneficiaries/).fill('12000');
  await page.getByLabel(/^Project start date/).fill(day(60));
  await page.getByLabel(/^Duration \(months\)/).fill('18');
  await page.getByLabel(/^Project summary/).fill('Dépistage du VIH et accompagnement des patients dans trois centres de santé communautaires de Bamako.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.waitForURL(/\/applications\/\d+\?saved=1$/);
  application.id = Number(new URL(page.url()).pathname.split('/').pop());
  for (const kind of ['statutes', 'budget', 'bank_details', 'activity_report']) {
    await page.locator('#upload-kind').selectOption(kind);
    await page.locator('#upload-file').setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(kind) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator(`#attachment-list tr[data-kind="${kind}"]`).waitFor();
  }
  await fire(page, 'submit', 'submitted');
  await expectClean(page, 'firstday-submitted');
});

test('the invited reviewer approves it against the envelope', async () => {
  const page = application.reviewer;
  await page.goto(`/applications/${application.id}`);
  await page.locator('#next-steps').waitFor();
  await fire(page, 'start_review', 'under_review');
  await fire(page, 'approve', 'approved');

  const adminPage = application.admin;
  await adminPage.goto('/admin/envelopes');
  await adminPage.locator('#envelope-table tr[data-programme="HEALTH"] td[data-col="reserved"]', { hasText: '€45,000.00' }).waitFor();
  await expectClean(adminPage, 'firstday-envelopes');
});
