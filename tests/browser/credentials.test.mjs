// Credentials in a real browser, against a real `grantflow serve` (the demo
// data, no SMTP relay: e-mail verification is off there): an association
// changes its password on its account page (a wrong current one shown next
// to its field first); the forgot-password page answers; the reset and
// verification pages refuse an unusable link. Each page in English and in
// French passes expectClean (labels, overflow, script errors, axe-core in
// both languages), with screenshots at desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoPassword } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';

let server;
let browser;
const applicant = 'sante-sahel@demo.grantflow.fr';
const newPassword = 'Nouveau-Sahel-2027!';

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an association changes its password on its account page', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, applicant, demoPassword);
  await page.getByRole('link', { name: 'My account' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  assert.match(await page.locator('#email-status').textContent(), /is confirmed/);

  await page.getByLabel(/^Current password/).fill('not-the-password');
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByRole('button', { name: 'Change the password' }).click();
  const current = page.getByLabel(/^Current password/);
  await current.and(page.locator('[aria-invalid="true"]')).waitFor();
  assert.ok(await current.evaluate((el) => el === document.activeElement), 'focus moves to the field in error');
  await expectClean(page, 'account-password-error');

  await current.fill(demoPassword);
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByRole('button', { name: 'Change the password' }).click();
  await page.getByText('Your password is changed.').waitFor();
  await expectClean(page, 'account');

  // The new password opens a new session.
  const again = await newUser(browser, server.url);
  await signIn(again, applicant, newPassword);
  await again.getByRole('heading', { level: 1, name: 'My applications' }).waitFor();
});

test('the account page in French', async () => {
  const page = await newUser(browser, server.url, { lang: 'fr' });
  await page.goto('/sign-in');
  await page.getByLabel(/^Adresse/).fill(applicant);
  await page.getByLabel(/^Mot de passe/).fill(newPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto('/account');
  await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Changer de mot de passe' }).waitFor();
  assert.match(await page.locator('#email-status').textContent(), /est confirmée/);
  await expectClean(page, 'account-fr');
});

test('the sign-in page leads to the forgot-password page, which answers', async () => {
  const page = await newUser(browser, server.url);
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Forgot your password' }).waitFor();

  const email = page.getByLabel(/^E-mail address/);
  await email.fill('not an e-mail');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await email.and(page.locator('[aria-invalid="true"]')).waitFor();

  // This server sends no e-mail: the page says whom to ask instead.
  await email.fill(applicant);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.getByText('This server sends no e-mail').waitFor();
  // The 503 behind that answer is expected; the browser logs it as an error.
  page.problems = page.problems.filter((p) => !/status of 503/.test(p));
  await expectClean(page, 'forgot-password');

  const fr = await newUser(browser, server.url, { lang: 'fr' });
  await fr.goto('/forgot-password');
  await fr.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
  await fr.getByLabel(/^Adresse/).fill(applicant);
  await fr.getByRole('button', { name: 'Envoyer le lien' }).click();
  await fr.getByText('Ce serveur n’envoie pas de courriel').waitFor();
  fr.problems = fr.problems.filter((p) => !/status of 503/.test(p));
  await expectClean(fr, 'forgot-password-fr');
});

test('the reset page refuses an unusable link and offers a new one', async () => {
  for (const [lang, heading, field, submit, refusal] of [
    ['en', 'Choose a new password', /^New password/, 'Save the new password', 'This link cannot be used'],
    ['fr', 'Choisir un nouveau mot de passe', /^Nouveau mot de passe/, 'Enregistrer le nouveau mot de passe', 'Ce lien ne peut pas servir'],
  ]) {
    const page = await newUser(browser, server.url, { lang });
    await page.goto(`/reset-password?token=${'0'.repeat(64)}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByLabel(field).fill(newPassword);
    await page.getByRole('button', { name: submit }).click();
    await page.getByRole('alert').filter({ hasText: refusal }).waitFor();
    assert.equal(await page.locator('a[href="/forgot-password"]').count(), 1);
    await expectClean(page, `reset-password-unusable-${lang}`);
  }
});

test('the verification page refuses an unusable link', async () => {
  for (const [lang, heading, refusal] of [
    ['en', 'Confirm your e-mail address', 'This link cannot be used'],
    ['fr', 'Confirmer votre adresse électronique', 'Ce lien ne peut pas servir'],
  ]) {
    const page = await newUser(browser, server.url, { lang });
    await page.goto(`/verify-email?token=${'0'.repeat(64)}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByRole('alert').filter({ hasText: refusal }).waitFor();
    await expectClean(page, `verify-email-unusable-${lang}`);
  }
});
