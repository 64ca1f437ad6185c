// The administration's workflow page in a real browser: the bundled
// programmes published as the version their files carry, a candidate definition (chosen as a
// file) compared with the version in force, its publication, a refused
// definition with its problems listed, and the page in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, demoPassword, sourceDir } from './support/server.mjs';
import { launch, newUser, signIn, signOut, expectClean } from './support/browser.mjs';

let server;
let browser;
let page;

const emergency = readFileSync(path.join(sourceDir, 'workflows', 'emergency.json'), 'utf8');
// The version a fresh database publishes, and the candidates' after it.
const bundled = Number(/"version": (\d+)/.exec(emergency)[1]);
const [next, later] = [bundled + 1, bundled + 2];
function replaced(text, from, to) {
  assert.ok(text.includes(from), `test pattern not found: ${from}`);
  return text.replace(from, to);
}
// Clerks may also start a review; `version` as given.
function candidate(version) {
  return replaced(replaced(emergency, `"version": ${bundled}`, `"version": ${version}`),
    '"to": "under_review",\n     "roles": ["reviewer"]', '"to": "under_review",\n     "roles": ["reviewer", "clerk"]');
}

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const inForce = (code) => page.locator(`#workflow-versions tr[data-programme="${code}"] td[data-col="in-force"]`).textContent();

test('an administrator sees every programme published as its file says', async () => {
  page = await newUser(browser, server.url);
  await signIn(page, 'admin@demo.grantflow.fr', demoPassword);
  await page.locator('.nav-list a[href="/admin/workflows"]').click();
  await page.getByRole('heading', { level: 1, name: 'Workflow versions' }).waitFor();
  assert.equal(await page.locator('#workflow-versions tbody tr').count(), 4);
  assert.equal(await inForce('EMERGENCY'), String(bundled));
  assert.match(await page.locator('#workflow-versions caption').textContent(), /Published versions/);
  assert.match(await page.locator('#workflow-versions tr[data-programme="EMERGENCY"]').textContent(), /workflows folder/);
  await expectClean(page, 'workflows');
});

test('a candidate chosen as a file is compared with the version in force, then published', async () => {
  await page.getByLabel('Definition file (.json)').setInputFiles({
    name: 'emergency-v2.json', mimeType: 'application/json', buffer: Buffer.from(candidate(next)),
  });
  await page.waitForFunction((n) => document.querySelector('textarea[name="definition"]').value.includes(`"version": ${n}`), next);
  await page.getByRole('button', { name: 'Show the changes' }).click();
  await page.getByRole('heading', { level: 3, name: `Changes to EMERGENCY: version ${bundled} → ${next}` }).waitFor();
  const row = page.locator('#workflow-transitions tr[data-name="start_review"]');
  assert.equal(await row.getAttribute('data-change'), 'changed');
  assert.match(await row.textContent(), /roles: reviewer → reviewer, clerk/);
  assert.equal(await page.locator('#workflow-transitions tbody tr').count(), 1);
  assert.match(await page.locator('#workflow-states').textContent(), /No state changes/);
  assert.equal(await inForce('EMERGENCY'), String(bundled), 'a diff publishes nothing');
  await expectClean(page, 'workflows-diff');

  await page.getByRole('button', { name: 'Publish this version' }).click();
  await page.locator('#workflow-published').waitFor();
  assert.match(await page.locator('#workflow-published').textContent(), new RegExp(`Version ${next} of EMERGENCY is published`));
  assert.equal(await inForce('EMERGENCY'), String(next));
  assert.equal(await page.getByRole('button', { name: 'Publish this version' }).count(), 0);
});

test('a definition with problems is refused, each problem listed', async () => {
  await page.getByLabel('Definition (JSON)').fill(replaced(candidate(later), '"to": "paid"', '"to": "payed"'));
  await page.getByRole('button', { name: 'Show the changes' }).click();
  await page.locator('#workflow-problems').waitFor();
  assert.equal(await page.locator('#workflow-problems').getAttribute('role'), 'alert');
  assert.match(await page.locator('#workflow-problems').textContent(), /\$\.transitions\[\d+\]\.to — line \d+: unknown state `payed`/);
  assert.equal(await page.getByRole('button', { name: 'Publish this version' }).count(), 0);
  await expectClean(page, 'workflows-refused');
});

test('the page in French', async () => {
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: 'Versions des circuits' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await inForce('EMERGENCY'), String(next));
  await page.getByLabel('Définition (JSON)').fill(candidate(later).replace('"label": "Start the review"', '"label": "Commencer l\'instruction"'));
  await page.getByRole('button', { name: 'Afficher les changements' }).click();
  await page.getByRole('heading', { level: 3, name: `Changements de EMERGENCY : version ${next} → ${later}` }).waitFor();
  const row = page.locator('#workflow-transitions tr[data-name="start_review"]');
  assert.match(await row.textContent(), /modifié/);
  assert.match(await row.textContent(), /libellé : Start the review → Commencer l'instruction/);
  assert.match(await page.locator('#workflow-transitions caption').textContent(), /Transitions/);
  await expectClean(page, 'workflows-fr');
  await signOut(page);
  await page.context().close();
});
