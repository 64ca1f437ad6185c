// Calls for applications in a real browser, against a real `grantflow
// serve` with the demo data (whose programmes run by calls each have a call
// open all this year): an administrator moves the demo WATER call to last
// year and opens a new one from today, funding next year; an association
// sees it on its dashboard with its closing day, may apply to WATER, and
// is told no call is open for a programme without one; its draft's call
// closing is among its coming deadlines, and a reviewer's week lists the
// demo's EMERGENCY file to review. Every page in English and in French,
// with screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoPassword } from './support/server.mjs';
import { launch, newUser, signIn, signOut, expectClean } from './support/browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Days in Paris, as the server judges them: "YYYY-MM-DD".
const parisDay = (offsetDays = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
  .format(new Date(Date.now() + offsetDays * 86_400_000));
const thisYear = Number(parisDay().slice(0, 4));
const closing = parisDay(30);
const newTitle = `Eau ${thisYear + 1}`;

async function switchLanguage(page, heading) {
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

test('an administrator changes a call and opens a new one', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'admin@demo.grantflow.fr', demoPassword);
  await page.locator('a[href="/admin/calls"]').click();
  await page.getByRole('heading', { level: 1, name: 'Calls for applications' }).waitFor();
  const rows = page.locator('#calls-table tbody tr');
  assert.equal(await rows.count(), 3, 'the demo opened a call for each programme run by calls');
  await expectClean(page, 'admin-calls');

  // An overlapping call is refused, the reason next to the fields.
  await page.locator('#open-call-form').getByLabel(/^Programme/).selectOption('WATER');
  await page.locator('#open-call-form').getByLabel(/^Opening day/).fill(parisDay());
  await page.locator('#open-call-form').getByLabel(/^Closing day/).fill(closing);
  await page.locator('#open-call-form').getByLabel(/^Budget year/).fill(String(thisYear + 1));
  await page.locator('#open-call-form').getByLabel(/^Title/).fill(newTitle);
  await page.locator('#open-call').click();
  const summary = page.locator('#open-call-form .error-summary');
  await summary.waitFor();
  assert.match(await page.locator('#open-call-form').textContent(), /overlaps call/);

  // Move the demo WATER call to last year, then open the new one.
  const demoWater = page.locator('#calls-table tbody tr', { hasText: `WATER ${thisYear}` });
  const demoId = await demoWater.getAttribute('data-id');
  await page.locator('#change-call-form').getByLabel(/^Call/).selectOption(demoId);
  await page.locator('#change-call-form').getByLabel(/^Opening day/).fill(`${thisYear - 1}-06-01`);
  await page.locator('#change-call-form').getByLabel(/^Closing day/).fill(`${thisYear - 1}-06-30`);
  await page.locator('#change-call').click();
  await page.locator('#calls-table tbody tr', { hasText: `WATER ${thisYear}` }).locator('.call-closed').waitFor();

  await page.locator('#open-call-form').getByLabel(/^Programme/).selectOption('WATER');
  await page.locator('#open-call-form').getByLabel(/^Opening day/).fill(parisDay());
  await page.locator('#open-call-form').getByLabel(/^Closing day/).fill(closing);
  await page.locator('#open-call-form').getByLabel(/^Budget year/).fill(String(thisYear + 1));
  await page.locator('#open-call-form').getByLabel(/^Title/).fill(newTitle);
  await page.locator('#open-call').click();
  const created = page.locator('#calls-table tbody tr', { hasText: newTitle });
  await created.waitFor();
  assert.equal(await created.locator('.call-open').count(), 1, 'the new call is open today');
  assert.equal(await rows.count(), 4);
  await expectClean(page, 'admin-calls-opened');

  await switchLanguage(page, 'Appels à projets');
  await page.getByRole('heading', { level: 2, name: 'Ouvrir un appel' }).waitFor();
  await expectClean(page, 'admin-calls-fr');
  await signOut(page);
  await page.context().close();
});

test('an association sees the open call and its closing day on its dashboard', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'sante-sahel@demo.grantflow.fr', demoPassword);
  await page.getByRole('heading', { level: 1, name: 'My applications' }).waitFor();
  const open = page.locator('#open-calls');
  const row = open.locator('tr', { hasText: newTitle });
  await row.waitFor();
  assert.equal(await row.locator('[data-closes]').getAttribute('data-closes'), closing);
  assert.equal(await page.locator('a[data-programme="WATER"]').count(), 1, 'WATER is open: an application can start');
  assert.equal(await page.locator('a[data-programme="EMERGENCY"]').count(), 1, 'EMERGENCY runs all year round');
  await expectClean(page, 'dashboard-calls');

  // The form names the call the new application answers.
  await page.locator('a[data-programme="WATER"]').click();
  await page.getByRole('heading', { level: 1, name: 'New application' }).waitFor();
  assert.match(await page.locator('#form-call').textContent(), new RegExp(newTitle));

  await page.goto('/applications');
  await page.getByRole('heading', { level: 1, name: 'My applications' }).waitFor();
  await switchLanguage(page, 'Mes demandes');
  await page.getByRole('heading', { level: 2, name: 'Appels à projets ouverts aujourd’hui' }).waitFor();
  await expectClean(page, 'dashboard-calls-fr');
  await signOut(page);
  await page.context().close();
});

test('a reviewer sees the call of each application', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'reviewer1@demo.grantflow.fr', demoPassword);
  await page.goto('/review?programme=HEALTH');
  await page.locator('#queue-table').waitFor();
  const calls = await page.locator('#queue-table td[data-col="call"]').allTextContents();
  assert.ok(calls.length > 0 && calls.every((c) => c === `HEALTH ${thisYear}`), `every HEALTH file shows its call: ${calls}`);
  await page.locator('#queue-table tbody tr a').first().click();
  await page.locator('#app-call').waitFor();
  assert.match(await page.locator('#app-call').textContent(), new RegExp(`HEALTH ${thisYear}`));
  await expectClean(page, 'application-call');
  await switchLanguage(page, await page.locator('h1').textContent());
  await page.getByText('Appel à projets', { exact: true }).waitFor();
  await expectClean(page, 'application-call-fr');
  await signOut(page);
  await page.context().close();
});

test('an association sees its coming deadlines and a reviewer the week', async () => {
  // A WATER draft answers the call opened above, which closes in 30 days.
  const page = await newUser(browser, server.url);
  await signIn(page, 'sante-sahel@demo.grantflow.fr', demoPassword);
  await page.getByRole('heading', { level: 1, name: 'My applications' }).waitFor();
  await page.locator('a[data-programme="WATER"]').click();
  await page.getByRole('heading', { level: 1, name: 'New application' }).waitFor();
  await page.getByLabel(/^Title of the project/).fill('Latrines des écoles de Kayes');
  await page.getByLabel(/^Amount requested/).fill('40000');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.waitForURL(/\/applications\/\d+\?saved=1$/);
  const id = new URL(page.url()).pathname.split('/').pop();

  await page.goto('/applications');
  const coming = page.locator('#coming-deadlines');
  await coming.getByRole('heading', { level: 2, name: 'My coming deadlines' }).waitFor();
  const row = coming.locator(`tr[data-application="${id}"]`);
  assert.equal(await row.getAttribute('data-kind'), 'call_close');
  assert.equal((await row.locator('[data-due]').getAttribute('data-due')).slice(0, 10), closing,
    'due when the call closes: midnight in Paris after its closing day, in UTC the evening before');
  assert.match(await row.textContent(), /The call closes: submit the draft/);
  await expectClean(page, 'dashboard-deadlines');
  await switchLanguage(page, 'Mes demandes');
  await coming.getByRole('heading', { level: 2, name: 'Mes prochaines échéances' }).waitFor();
  assert.match(await row.textContent(), /Clôture de l’appel à projets/);
  assert.match(await row.textContent(), /Clore le brouillon/);
  await expectClean(page, 'dashboard-deadlines-fr');
  await signOut(page);
  await page.context().close();

  // The demo's EMERGENCY file in the queue must be reviewed within 5 days.
  const reviewer = await newUser(browser, server.url);
  await signIn(reviewer, 'reviewer1@demo.grantflow.fr', demoPassword);
  await reviewer.goto('/review');
  const week = reviewer.locator('#week-deadlines');
  await week.getByRole('heading', { level: 2, name: 'Falling due this week' }).waitFor();
  const due = week.locator('tr', { hasText: 'Reconstruction après le cyclone Pam' });
  assert.equal(await due.getAttribute('data-kind'), 'deadline');
  assert.match(await due.textContent(), /Escalate/);
  assert.equal(await week.locator(`tr[data-application="${id}"]`).count(), 0, 'the draft closes in 30 days, not this week');
  await expectClean(reviewer, 'review-week');
  await switchLanguage(reviewer, 'Demandes à instruire');
  await week.getByRole('heading', { level: 2, name: 'Échéances de la semaine' }).waitFor();
  assert.match(await due.textContent(), /Signaler le retard/);
  await expectClean(reviewer, 'review-week-fr');
  await signOut(reviewer);
  await reviewer.context().close();
});
