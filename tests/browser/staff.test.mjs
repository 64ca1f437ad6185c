// Staff accounts in a real browser, against a real `grantflow serve` that
// mails through the test SMTP relay (tests/tools/smtp_sink): an
// administrator invites a clerk on /admin/users; the link from the e-mail
// opens the invitation page, where the clerk chooses a password and then
// signs in. The audit page shows the invitation and verifies the chain.
// Every new page is checked in English and in French (labels, no script
// error, nothing sticking out at phone width) and photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, demoPassword } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';
import { startSink, mailedToken } from './support/mail.mjs';

let server;
let browser;
let sink;
const clerk = { email: `clerk-${Date.now()}@paris.example.fr`, password: 'Greffe-du-Conseil-2026' };

before(async () => {
  const work = path.join(process.env.GF_WORK_DIR || '/tmp', `staff-mail-${process.pid}`);
  sink = await startSink(path.join(work, 'mail'));
  server = await startServer({ serveArgs: sink.serveArgs });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

test('an administrator invites a clerk, who chooses a password from the e-mailed link and signs in', async () => {
  const admin = await newUser(browser, server.url);
  await signIn(admin, 'admin@demo.grantflow.fr', demoPassword);
  await admin.getByRole('link', { name: 'Staff accounts' }).click();
  await admin.locator('#staff-table').waitFor();
  assert.ok(await admin.locator('tr[data-user="clerk@demo.grantflow.fr"]').isVisible());
  await expectClean(admin, 'staff-users');

  // A wrong address is shown next to its field.
  await admin.getByLabel(/^E-mail address/).fill('not-an-address');
  await admin.getByLabel(/^Full name/).fill('Camille Durand');
  await admin.locator('#invite-role').selectOption('clerk');
  await admin.getByRole('button', { name: 'Send the invitation' }).click();
  await admin.locator('#invite-email[aria-invalid="true"]').waitFor();

  await admin.getByLabel(/^E-mail address/).fill(clerk.email);
  await admin.getByRole('button', { name: 'Send the invitation' }).click();
  const row = admin.locator(`tr[data-user="${clerk.email}"]`);
  await row.waitFor();
  assert.equal(await row.locator('[data-col="role"]').textContent(), 'clerk');

  const page = await newUser(browser, server.url);
  await page.goto(`/invitation?token=${await mailedToken(sink, clerk.email, '/invitation')}`);
  await page.locator('#invitation-welcome').waitFor();
  assert.match(await page.locator('#invitation-welcome').textContent(), /Camille Durand/);
  await expectClean(page, 'invitation');
  await page.getByLabel(/^Password/).fill('short');
  await page.getByRole('button', { name: 'Set my password' }).click();
  await page.locator('#invitation-password[aria-invalid="true"]').waitFor();
  await page.getByLabel(/^Password/).fill(clerk.password);
  await page.getByRole('button', { name: 'Set my password' }).click();
  await page.waitForURL('**/sign-in');
  await signIn(page, clerk.email, clerk.password);
  await page.waitForURL('**/council');

  // The link works once.
  const again = await newUser(browser, server.url);
  await again.goto(`/invitation?token=${await mailedToken(sink, clerk.email, '/invitation')}`);
  await again.locator('#invitation-unusable').waitFor();
});

test('the administrator deactivates the account from the page; the audit page shows it and verifies the chain', async () => {
  const admin = await newUser(browser, server.url);
  await signIn(admin, 'admin@demo.grantflow.fr', demoPassword);
  await admin.goto('/admin/users');
  const row = admin.locator(`tr[data-user="${clerk.email}"]`);
  await row.locator('summary').click();
  await row.locator('input[type=checkbox][id$="-active"]').uncheck();
  await row.getByRole('button', { name: 'Save' }).click();
  await admin.locator(`tr[data-user="${clerk.email}"] [data-col="active"]`, { hasText: 'Deactivated' }).waitFor();

  await admin.getByRole('link', { name: 'Audit trail' }).click();
  await admin.locator('#audit-table').waitFor();
  assert.match(await admin.locator('#audit-table tbody tr').first().textContent(), /user_changed/);
  await admin.getByRole('button', { name: 'Verify the chain' }).click();
  await admin.locator('#audit-verification', { hasText: 'intact' }).waitFor();
  await expectClean(admin, 'audit');
});

test('the new pages in French', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'admin@demo.grantflow.fr', demoPassword);
  await page.goto('/admin/users');
  await page.locator('#staff-table').waitFor();
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { name: 'Comptes du personnel' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Envoyer l’invitation' }).isVisible());
  await expectClean(page, 'staff-users-fr');
  await page.goto('/audit');
  await page.getByRole('heading', { name: 'Journal d’audit' }).waitFor();
  await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
  await page.locator('#audit-verification', { hasText: 'intact' }).waitFor();
  await expectClean(page, 'audit-fr');

  const visitor = await newUser(browser, server.url, { lang: 'fr' });
  await visitor.goto('/invitation?token=0000');
  await visitor.locator('#invitation-unusable', { hasText: 'Ce lien a expiré' }).waitFor();
  await expectClean(visitor, 'invitation-fr');
});
