// The statistics page in a real browser, against a real `grantflow serve`
// with the demo data: a clerk sees every grouping as an SVG chart
// (role="img", <title>, <desc>) with a table of the same figures beside
// it, in English and in French; the figures are the API's; the XLSX link
// downloads the workbook; an association is not offered the page.
// Screenshots at desktop and phone widths go to GF_SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoPassword } from './support/server.mjs';
import { launch, newUser, signIn, expectClean } from './support/browser.mjs';

let server;
let browser;
const GROUPINGS = ['programme', 'region', 'country', 'year', 'state'];

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Each grouping with figures: the chart is an accessible image and the
// table beside it has one row per group of the chart.
async function checkChartsHaveTheirTables(page) {
  let shown = 0;
  for (const grouping of GROUPINGS) {
    const section = page.locator(`#statistics-${grouping}`);
    await section.waitFor();
    const chart = section.locator(`svg#statistics-chart-${grouping}`);
    if (await chart.count() === 0) continue;
    shown += 1;
    assert.equal(await chart.getAttribute('role'), 'img', `${grouping}: the chart is an image`);
    const labelledBy = (await chart.getAttribute('aria-labelledby')).split(' ');
    assert.equal(labelledBy.length, 2, `${grouping}: named by its title and described by its desc`);
    assert.ok((await chart.locator('title').first().textContent()).length > 10);
    assert.ok((await chart.locator('desc').textContent()).length > 10);
    const table = section.locator(`table#statistics-table-${grouping}`);
    assert.ok((await table.locator('caption').textContent()).length > 5, `${grouping}: the table has a caption`);
    const groups = await chart.locator('g[data-key]').count();
    assert.ok(groups > 0);
    assert.equal(await table.locator('tbody tr').count(), groups, `${grouping}: a table row per bar group`);
    assert.equal(await table.locator('tbody th[scope="row"]').count(), groups);
  }
  return shown;
}

test('a clerk reads every grouping as a chart with its table, figures from the API', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'clerk@demo.grantflow.fr', demoPassword);
  await page.getByRole('link', { name: 'Statistics' }).click();
  await page.waitForURL((u) => u.pathname === '/statistics');
  await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
  const shown = await checkChartsHaveTheirTables(page);
  assert.ok(shown >= 4, `the demo data fill the charts (${shown} shown)`);

  const year = new Date().getUTCFullYear();
  const api = await (await page.request.get(`/api/v1/statistics?year=${year}&group_by=programme`)).json();
  for (const row of api.rows) {
    const tr = page.locator(`#statistics-table-programme tr[data-key="${row.key}"]`);
    assert.equal(await tr.locator('td[data-col="applications"]').textContent(), String(row.applications));
  }
  const totalRequested = api.total.requested_cents / 100;
  const footer = await page.locator('#statistics-table-programme tfoot td[data-col="requested"]').textContent();
  assert.equal(Number(footer.replace(/[^\d.]/g, '')), totalRequested, 'the total is the API\'s');
  // The seed's targets: HEALTH €2M, WATER €1M a year, shown against what was granted.
  const health = page.locator('#statistics-table-programme tr[data-key="HEALTH"] td[data-col="target"]');
  if (await health.count()) assert.match(await health.textContent(), /2,000,000/);

  const link = page.locator('#statistics-xlsx');
  const xlsx = await page.request.get(await link.getAttribute('href'));
  assert.equal(xlsx.status(), 200);
  assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');
  await expectClean(page, 'statistics');

  // Every year, one programme: the same page narrows and keeps its tables.
  await page.getByLabel('Year', { exact: true }).selectOption('all');
  await page.getByLabel('Programme', { exact: true }).selectOption('EMERGENCY');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL((u) => u.pathname === '/statistics' && u.search === '?year=all&programme=EMERGENCY');
  await page.locator('#statistics-programme').waitFor();
  const rows = page.locator('#statistics-table-programme tbody tr');
  if (await rows.count()) assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.key)), ['EMERGENCY']);
  await page.context().close();
});

test('the page in French: headings, captions and regions in French', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'clerk@demo.grantflow.fr', demoPassword);
  await page.goto('/statistics');
  await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { level: 1, name: 'Statistiques' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { level: 2, name: 'Par région du monde' }).waitFor();
  const caption = page.locator('#statistics-table-region caption');
  if (await caption.count()) {
    assert.match(await caption.textContent(), /^Chiffres par région/);
    const regions = await page.locator('#statistics-table-region tbody th').allTextContents();
    assert.ok(regions.every((r) => !/Sub-Saharan|Americas|Other or unknown/.test(r)), `French region names: ${regions}`);
  }
  assert.ok(await checkChartsHaveTheirTables(page) >= 4);
  assert.match(await page.locator('#statistics-xlsx').textContent(), /Télécharger/);
  await expectClean(page, 'statistics-fr');
  await page.context().close();
});

test('an association is not offered the statistics', async () => {
  const page = await newUser(browser, server.url);
  await signIn(page, 'sante-sahel@demo.grantflow.fr', demoPassword);
  assert.equal(await page.getByRole('link', { name: 'Statistics' }).count(), 0);
  const answer = await page.request.get('/api/v1/statistics');
  assert.equal(answer.status(), 403);
  await page.context().close();
});
