// The whole journey in a real browser, against a real `grantflow serve`:
// an association registers (a field error shown inline first), applies to
// EMERGENCY with attachments uploaded with a progress bar, submits; a
// reviewer asks for changes; the association corrects and resubmits; a
// reviewer fills the programme's assessment grid (weighted score shown as
// typed); two reviewers approve (four eyes); a clerk opens a Council session, builds
// the deliberation, adds a grant to the draft, generates its documents (the
// PDF checked with pdftotext), records the vote with its counts and the
// added grant struck out, reads the adopted act and records its
// publication; the association downloads its letter and its convention
// (pdftotext again) and attaches the signed copy, and the clerk records the
// signature; the budget dashboard shows the commitment.
// Screenshots of each main page at desktop and phone widths go to
// GF_SCREENSHOTS (the build folder's screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, demoPassword } from './support/server.mjs';
import { launch, newUser, signIn, signOut, expectClean } from './support/browser.mjs';
import { samplePdf, siretWithLuhn } from './support/data.mjs';

let server;
let browser;
const journey = {};
const association = {
  email: `asso-${Date.now()}@example.org`,
  password: 'Solidarite-Haiti-2026!',
};

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const stateOf = (page) => page.locator('#app-state').getAttribute('data-state');

async function openApplication(page, id) {
  await page.goto(`/applications/${id}`);
  await page.locator('#next-steps').waitFor();
}

async function fire(page, transition, expectedState) {
  await page.locator(`button[data-transition="${transition}"]`).click();
  await page.locator(`#app-state[data-state="${expectedState}"]`).waitFor();
}

test('an association registers; a wrong SIRET is shown next to its field', async () => {
  const page = await newUser(browser, server.url);
  journey.association = page;
  await page.goto('/register');
  await page.getByLabel(/^Name of the association/).fill('Solidarité Haïti Paris');
  await page.getByLabel(/^RNA number/).fill(`W75${String(Date.now()).slice(-7)}`);
  await page.getByLabel(/^SIRET number/).fill('12345678901234');
  await page.getByLabel(/^Address/).fill('3 rue de la Fontaine au Roi, 75011 Paris');
  await page.getByLabel(/^City/).fill('Paris');
  await page.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 189');
  await page.getByLabel(/^Your name/).fill('Marie-Claude Joseph');
  await page.getByLabel(/^E-mail address/).fill(association.email);
  await page.getByLabel(/^Password/).fill(association.password);
  await page.getByRole('button', { name: 'Register' }).click();

  const siret = page.getByLabel(/^SIRET number/);
  await assert.doesNotReject(siret.and(page.locator('[aria-invalid="true"]')).waitFor());
  const errorId = (await siret.getAttribute('aria-describedby')).split(' ').find((x) => x.endsWith('-error'));
  const message = page.locator(`#${errorId}`);
  assert.ok(await message.isVisible(), 'the error is visible next to the field');
  assert.match(await message.textContent(), /SIRET|Luhn|digit/i);
  assert.ok(await siret.evaluate((el) => el === document.activeElement), 'focus moves to the field in error');
  await expectClean(page, 'register-error');

  await siret.fill(siretWithLuhn(`${String(Date.now()).slice(-9)}0000`));
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL('**/applications');
  await page.getByRole('heading', { level: 1, name: 'My applications' }).waitFor();
  await expectClean(page, 'dashboard-empty');
});

test('it applies to EMERGENCY, uploads attachments with a progress bar and submits', async () => {
  const page = journey.association;
  await page.locator('a[data-programme="EMERGENCY"]').click();
  await page.getByRole('heading', { level: 1, name: 'New application' }).waitFor();
  // Types, limits and required marks are shown before anything is sent.
  const description = page.getByLabel(/^The crisis and the needs on the ground/);
  assert.equal(await description.getAttribute('aria-required'), 'true');
  assert.match(await page.locator('[data-for="fields.crisis_description"] .hint').textContent(), /50.*4000/);
  assert.equal(await page.getByLabel(/^Duration \(months\)/).getAttribute('max'), '12');
  await expectClean(page, 'application-form');

  await page.getByLabel(/^Title of the project/).fill('Cholera response in Port-au-Prince');
  await page.getByLabel(/^Amount requested/).fill('60000');
  await page.getByLabel(/^Type of crisis/).selectOption('epidemic');
  await page.getByLabel(/^Country of the action/).fill('HT');
  await description.fill('A cholera outbreak after the floods: clean water, rehydration salts and field clinics are needed now.');
  await page.getByLabel(/^Partner on the ground/).fill('Comité de santé de Cité Soleil');
  await page.getByLabel(/^People helped/).fill('12000');
  await page.getByLabel(/^Start of the action/).fill('2026-12-01');
  await page.getByLabel(/^Duration \(months\)/).fill('6');
  await page.getByLabel(/^What the grant will pay for/).fill('Water purification units, oral rehydration salts and two mobile clinics for six months.');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.waitForURL(/\/applications\/\d+\?saved=1$/);
  journey.id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal(await stateOf(page), 'draft');
  journey.reference = (await page.locator('.facts dd').first().textContent()).trim();

  // Two attachments first; the progress bar moves while the file goes up
  // (the upload is throttled to 4 MB/s so that it takes a moment).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4_000_000 });
  for (const [kind, name] of [['statutes', 'statuts.pdf'], ['budget', 'budget-action.pdf']]) {
    await page.locator('#upload-kind').selectOption(kind);
    await page.locator('#upload-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: samplePdf(name, 2_500_000) });
    await page.evaluate(() => {
      window.gfProgress = [];
      const bar = document.getElementById('upload-progress');
      new MutationObserver(() => window.gfProgress.push(Number(bar.value))).observe(bar, { attributes: true });
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator(`#attachment-list tr[data-kind="${kind}"]`).waitFor();
    const progress = await page.evaluate(() => window.gfProgress);
    assert.ok(progress.some((v) => v > 0 && v < 100) && progress.at(-1) === 100, `the progress bar moved to 100% (${progress})`);
  }
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const rows = page.locator('#attachment-list tbody tr');
  assert.equal(await rows.count(), 2);
  const firstRow = await rows.first().textContent();
  assert.match(firstRow, /application\/pdf/);
  assert.match(firstRow, /MB/);
  await expectClean(page, 'application-draft');

  // Submitting without the bank details: the workflow's reason is shown.
  await page.locator('button[data-transition="submit"]').click();
  const refusal = page.locator('#transition-error');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Bank details/i);

  await page.locator('#upload-kind').selectOption('bank_details');
  await page.locator('#upload-file').setInputFiles({ name: 'rib.pdf', mimeType: 'application/pdf', buffer: samplePdf('rib', 20_000) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#attachment-list tr[data-kind="bank_details"]').waitFor();
  await fire(page, 'submit', 'submitted');
  await expectClean(page, 'application-submitted');
});

test('a reviewer asks for changes with a reason, using the queue and the decision form', async () => {
  const page = await newUser(browser, server.url);
  journey.reviewer1 = page;
  await signIn(page, 'reviewer1@demo.grantflow.fr', demoPassword);
  await page.goto('/review?programme=EMERGENCY&state=submitted');
  await page.locator('#queue-table').waitFor();
  const row = page.locator(`#queue-table tr[data-id="${journey.id}"]`);
  assert.equal(await row.count(), 1, 'the new application is in the queue');
  // The organisation's name replaces its number once fetched.
  await assert.doesNotReject(row.filter({ hasText: 'Solidarité Haïti Paris' }).waitFor());
  await expectClean(page, 'review-queue');

  await row.getByRole('link').click();
  await page.locator('#decision-form').waitFor();
  await expectClean(page, 'application-reviewer');
  await page.getByLabel(/^Ask for changes/).check();
  await page.locator('#decision-submit').click();
  // A reason is required: said next to the comment.
  await page.locator('#decision-comment[aria-invalid="true"]').waitFor();
  await page.locator('#decision-comment').fill('Please lower the amount to €45,000: the second clinic is funded by the WHO.');
  await page.locator('#decision-submit').click();
  await page.locator('#app-state[data-state="changes_requested"]').waitFor();
});

test('the association reads the reason, corrects, answers and resubmits', async () => {
  const page = journey.association;
  await page.goto('/applications');
  const row = page.locator(`tr[data-id="${journey.id}"]`);
  assert.match(await row.textContent(), /Changes requested/);
  await expectClean(page, 'dashboard');
  await row.getByRole('link').click();
  await page.locator('#messages').waitFor();
  assert.match(await page.locator('#messages').textContent(), /lower the amount to €45,000/);
  // The association sees nothing of the reviewers' assessment.
  assert.equal(await page.locator('#assessment').count(), 0);

  await page.locator('#edit-link').click();
  await page.getByLabel(/^Amount requested/).fill('45000');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.waitForURL(/\?saved=1$/);
  assert.match(await page.locator('.facts').textContent(), /45,000/);

  await page.locator('#message-body').fill('Done: the amount is now €45,000.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('#messages .message').nth(1).waitFor();
  await fire(page, 'submit', 'submitted');
});

test('two different reviewers approve (four eyes); bulk actions act on the selection', async () => {
  const page = journey.reviewer1;
  await page.goto('/review?programme=EMERGENCY');
  await page.locator(`#queue-table tr[data-id="${journey.id}"] .select-row`).check();
  await page.locator('#bulk-action').selectOption('start_review');
  await page.getByRole('button', { name: 'Apply to the selection' }).click();
  await page.locator('#bulk-report .ok').waitFor();
  await openApplication(page, journey.id);
  assert.equal(await stateOf(page), 'under_review');
  // The programme's grid: every criterion scored, the weighted score shown
  // as it is typed, then kept and shown beside the other reviewer's.
  await page.locator('#assessment-form').waitFor();
  await page.locator('#assessment-save').click();
  await page.locator('#assess-relevance[aria-invalid="true"]').waitFor();
  for (const [criterion, score] of [['relevance', '4'], ['feasibility', '3'], ['local_partnership', '5']]) {
    await page.locator(`#assess-${criterion}`).selectOption(score);
  }
  assert.match(await page.locator('#assessment-preview').textContent(), /Score every criterion/);
  await page.locator('#assess-sustainability').selectOption('2');
  assert.equal(await page.locator('#assessment-preview').textContent(), 'Your weighted score: 3.75 / 5 (75.00 %)');
  await page.locator('#assess-relevance-comment').fill('Cholera response where the need is greatest.');
  await page.locator('#assessment-save').click();
  await page.locator('#assessment-table').waitFor();
  assert.match(await page.locator('#assessment-table').textContent(), /3\.75 \/ 5 \(75\.00 %\)/);
  assert.match(await page.locator('#assessment-mean').textContent(), /3\.75 \/ 5/);
  await expectClean(page, 'application-assessment');
  await fire(page, 'approve_first', 'pre_approved');
  // The first reviewer may not confirm their own approval.
  await page.locator('button[data-transition="approve"]').click();
  await page.locator('#transition-error').waitFor();
  assert.equal(await stateOf(page), 'pre_approved');

  const second = await newUser(browser, server.url);
  await signIn(second, 'reviewer2@demo.grantflow.fr', demoPassword);
  await openApplication(second, journey.id);
  await fire(second, 'approve', 'approved');
  await expectClean(second, 'application-approved');
  await second.context().close();
});

test('another association cannot open this application by its URL', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'sante-sahel@demo.grantflow.fr', demoPassword);
  await page.goto(`/applications/${journey.id}`);
  await page.getByRole('heading', { level: 1, name: 'Not found, or not visible to you.' }).waitFor();
  assert.doesNotMatch(await page.locator('main').textContent(), /Cholera/);
  await page.context().close();
});

test('a clerk opens a session, builds the deliberation, generates the documents, records the vote and closes the session', async () => {
  const page = await newUser(browser, server.url);
  journey.clerk = page;
  await signIn(page, 'clerk@demo.grantflow.fr', demoPassword);
  await page.goto('/council');
  await page.locator('#session-form').waitFor();
  await expectClean(page, 'council-sessions');
  // The act names the association's tiers number: the clerk sets it first.
  await page.locator('#tiers-link').click();
  const tiers = page.getByLabel('Tiers number of Solidarité Haïti Paris');
  await tiers.waitFor();
  await expectClean(page, 'council-tiers');
  await tiers.fill('D04321');
  await page.locator('form[data-organisation]', { has: tiers }).getByRole('button', { name: 'Save' }).click();
  await page.locator('.notice-success', { hasText: 'The tiers number of Solidarité Haïti Paris is saved.' }).waitFor();
  await page.goto('/council');
  await page.locator('#session-form').waitFor();
  await page.getByLabel(/^Date of the session/).fill('2026-12-15');
  await page.getByLabel(/^Title/).fill('Conseil de Paris, séance des 15 et 16 décembre 2026');
  await page.getByLabel(/^Rapporteur/).fill('M. Arnaud Ngatcha');
  await page.getByRole('button', { name: 'Open the session' }).click();
  await page.waitForURL(/\/council\/\d+$/);
  const sessionUrl = page.url();
  // The session page says who reports; the clerk names the commission there.
  assert.equal(await page.locator('#report-rapporteur').inputValue(), 'M. Arnaud Ngatcha');
  await page.locator('#report-commission').fill('3e Commission');
  await page.locator('#session-report-save').click();
  await page.waitForFunction(() => document.getElementById('announcer')?.textContent
    === 'The rapporteur and the commission are saved.');
  await page.locator('#build-programme').selectOption('EMERGENCY');
  const pick = page.locator(`#pick-${journey.id}`);
  await pick.waitFor();
  await pick.check();
  // The reviewers' mean score beside each approved grant.
  assert.match(await page.locator(`#assessed-${journey.id}`).textContent(), /score 3\.75 \/ 5/);
  assert.match(await page.locator('#running-total').textContent(), /45,000/);
  await expectClean(page, 'council-build');
  await page.getByRole('button', { name: 'Create the deliberation' }).click();
  await page.waitForURL(/\/deliberations\/\d+$/);

  // The draft is edited: another approved grant of the programme goes in.
  await page.locator('#add-grant').waitFor();
  await page.getByRole('button', { name: 'Add to the deliberation' }).click();
  await page.locator('#grants-table tbody tr').nth(1).waitFor();
  const other = await page.locator('#grants-table tbody tr').nth(1).getAttribute('data-id');
  assert.notEqual(other, String(journey.id));
  await expectClean(page, 'deliberation-draft');

  await page.locator('#generate').click();
  await page.locator('#pdf-download').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#job-progress').getAttribute('value'), '100');
  await expectClean(page, 'deliberation');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#pdf-download').click()]);
  const pdf = path.join(server.dir, 'deliberation.pdf');
  await download.saveAs(pdf);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /Solidarité Haïti Paris/);
  assert.match(text, /45 000/);
  assert.match(text, /Sur le rapport présenté par M\. Arnaud Ngatcha au nom de la 3e\s+Commission,/);
  assert.match(text, /Délégation générale aux relations internationales/);
  assert.match(text, /numéro de tiers : D04321/);
  assert.match(text, /PROJET DE DÉLIBÉRATION/);
  assert.match(text, /déplacés/, 'the added grant is in the draft');

  // The vote as it happened: the counts, the added grant struck out.
  await page.locator('#count-for').fill('120');
  await page.locator('#count-against').fill('30');
  await page.locator('#count-abstentions').fill('10');
  await page.locator('#count-not_taking_part').fill('3');
  await page.getByLabel('Adopted').check();
  await page.locator(`#article-${other}`).selectOption('struck');
  await page.getByRole('button', { name: 'Record the vote' }).click();
  await page.locator('#deliberation-state[data-state="amended"]').waitFor();
  assert.equal(await page.locator(`#grants-table tr[data-id="${other}"]`).getAttribute('data-outcome'), 'struck');
  await expectClean(page, 'deliberation-voted');

  // The adopted act: no longer a draft, the struck grant out, the vote in.
  const [adoptedDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#pdf-download').click()]);
  const act = path.join(server.dir, 'deliberation-adoptee.pdf');
  await adoptedDownload.saveAs(act);
  const actText = execFileSync('pdftotext', [act, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.doesNotMatch(actText, /PROJET/);
  assert.match(actText, /Solidarité Haïti Paris/);
  assert.doesNotMatch(actText, /déplacés/, 'the struck grant is not in the act');
  assert.match(actText, /Votants : 160, Pour : 120, Contre : 30, Abstentions : 10, Ne prennent pas part au vote : 3/);

  // Published in the days after the vote, whenever the test runs.
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  await page.locator('#posted-on').fill(day(1));
  await page.locator('#transmitted-on').fill(day(2));
  await page.locator('#received-on').fill(day(2));
  await page.getByRole('button', { name: 'Record the publication' }).click();
  await page.locator('#publication-dates').waitFor();
  await expectClean(page, 'deliberation-published');
  await openApplication(page, journey.id);
  assert.equal(await stateOf(page), 'voted');

  // Every deliberation of the session is voted: the clerk closes it.
  await page.goto(sessionUrl);
  await page.locator('#session-state[data-state="open"]').waitFor();
  await page.locator('#session-toggle').click();
  await page.locator('#session-state[data-state="closed"]').waitFor();
  assert.equal(await page.locator('#session-toggle').textContent(), 'Reopen the session');
});

test('the association downloads its letter and its convention and attaches the signed copy; the clerk records the signature', async () => {
  const page = journey.association;
  await openApplication(page, journey.id);
  await page.locator('#grant-documents').waitFor();
  await expectClean(page, 'application-voted');
  for (const [link, file, pattern] of [['#grant-letter', 'letter.pdf', /Madame, Monsieur/], ['#grant-convention', 'convention.pdf', /CONVENTION/]]) {
    const response = await page.request.get(await page.locator(link).getAttribute('href'));
    assert.equal(response.status(), 200);
    const pdf = path.join(server.dir, file);
    writeFileSync(pdf, await response.body());
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /Solidarité Haïti Paris/);
    assert.match(text, /45 000/);
    assert.match(text, pattern);
  }
  assert.match(await page.locator('#grant-documents').textContent(), /attach the signed copy/);
  await page.locator('#upload-kind').selectOption('signed_agreement');
  await page.locator('#upload-file').setInputFiles({ name: 'convention-signee.pdf', mimeType: 'application/pdf', buffer: samplePdf('convention signée', 20_000) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#attachment-list tr[data-kind="signed_agreement"]').waitFor();

  const clerk = journey.clerk;
  await openApplication(clerk, journey.id);
  await clerk.locator('#agreement-form').waitFor();
  await expectClean(clerk, 'application-agreement');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  await clerk.getByLabel(/^Day the agreement was signed/).fill(today);
  await clerk.getByRole('button', { name: 'Record the signature' }).click();
  await clerk.locator('#app-state[data-state="agreement_signed"]').waitFor();
  assert.match(await clerk.locator('#grant-signed').textContent(), /Agreement signed on/);
});

test('a finance officer pays the grant, and the association sees the payment', async () => {
  const finance = await newUser(browser, server.url);
  await signIn(finance, 'finance@demo.grantflow.fr', demoPassword);
  await openApplication(finance, journey.id);
  await finance.locator('#payment-form').waitFor();
  assert.equal(await finance.locator('#pay-instalments tbody tr[data-status="due"]').count(), 1);
  await expectClean(finance, 'application-payments');
  await finance.getByLabel(/^Reference in the finance system/).fill('MDT-2026-0412');
  await finance.getByRole('button', { name: 'Record the payment' }).click();
  await finance.locator('#app-state[data-state="paid"]').waitFor();
  assert.match(await finance.locator('#pay-list').textContent(), /MDT-2026-0412/);
  assert.match(await finance.locator('#pay-paid').textContent(), /45,000/);
  assert.equal(await finance.locator('#payment-form').count(), 0, 'nothing more is due');
  await finance.context().close();

  const page = journey.association;
  await openApplication(page, journey.id);
  await page.locator('#pay-list').waitFor();
  assert.match(await page.locator('#pay-list').textContent(), /MDT-2026-0412/);
  assert.equal(await page.locator('#payment-form').count(), 0, 'only finance records payments');
  assert.match(await page.locator('#app-report-due').textContent(), /\d/, 'the final report is due once paid');
  await expectClean(page, 'application-paid');
});

test('the association files its final report and a reviewer accepts it', async () => {
  const page = journey.association;
  await openApplication(page, journey.id);
  await page.locator('#upload-kind').selectOption('final_report');
  await page.locator('#upload-file').setInputFiles({ name: 'rapport-final.pdf', mimeType: 'application/pdf', buffer: samplePdf('rapport final', 20_000) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#attachment-list tr[data-kind="final_report"]').waitFor();
  await fire(page, 'receive_report', 'report_received');
  assert.equal(await page.locator('#app-report-due').count(), 0, 'received: no longer due');

  const reviewer = journey.reviewer1;
  await openApplication(reviewer, journey.id);
  await expectClean(reviewer, 'application-report');
  await fire(reviewer, 'accept_report', 'report_accepted');
});

test('the budget dashboard shows the amount paid', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'clerk@demo.grantflow.fr', demoPassword);
  await page.goto('/budget');
  const row = page.locator('#budget-table tr[data-programme="EMERGENCY"]');
  await row.waitFor();
  assert.match(await row.locator('td[data-col="paid"]').textContent(), /45,000/);
  assert.ok(await page.locator('#budget-chart rect.bar-envelope').count() >= 1);
  await expectClean(page, 'budget');
  await page.context().close();
});

test('the language switch is remembered, and the pages work with the keyboard alone', async () => {
  const page = await newUser(browser, server.url, { lang: null });
  await page.goto('/sign-in');
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await expectClean(page, 'sign-in-fr');
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await expectClean(page, 'sign-in');

  // Keyboard only: the skip link comes first, then the form is usable.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  await page.locator('#signin-email').focus();
  await page.keyboard.type('reviewer2@demo.grantflow.fr');
  await page.keyboard.press('Tab');
  await page.keyboard.type(demoPassword);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/review');
  const outline = await page.evaluate(() => {
    const link = document.querySelector('.nav-list a');
    link.focus();
    return getComputedStyle(link).outlineStyle;
  });
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: 'Demandes à instruire' }).waitFor();
  await signOut(page);
  await page.context().close();
});
