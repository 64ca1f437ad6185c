// Budget dashboard (reviewers, clerks): per programme and year, the
// envelope against reserved, committed and paid, as an SVG bar chart with
// the figures in a table beside it (the table is the text alternative).
import { get, query } from '../api.js';
import { h, s, field } from '../dom.js';
import { t, money } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { programmeTitle } from '../format.js';

const PARTS = ['paid', 'committed', 'reserved'];

export async function budgetPage(root, { query: q }) {
  const thisYear = new Date().getUTCFullYear();
  const year = Number(q.get('year')) || thisYear;
  const [budget, progs] = await Promise.all([get(`/api/v1/budget${query({ year })}`), programmes(get)]);
  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  const title = (code) => (byCode[code] ? programmeTitle(byCode[code]) : code);
  root.append(h('h1', {}, t('budget.title', { year })));
  const yearSelect = h('select', { name: 'year' }, [thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => h('option', { value: y, selected: y === year }, String(y))));
  const form = h('form', { class: 'filters' }, field({ name: 'year', label: t('budget.year'), control: yearSelect }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('budget.show'))));
  form.addEventListener('submit', (e) => { e.preventDefault(); navigate(`/budget?year=${yearSelect.value}`); });
  root.append(form);
  if (!budget.programmes.length) { root.append(h('p', {}, t('budget.none'))); return; }

  const rowH = 34; const labelW = 190; const chartW = 440; const figuresW = 250; const pad = 8;
  const height = pad * 2 + budget.programmes.length * (rowH + 14) + 24;
  const maxEnvelope = Math.max(1, ...budget.programmes.map((p) => Math.max(p.envelope_cents, p.paid_cents + p.committed_cents + p.reserved_cents)));
  const scale = (cents) => (cents / maxEnvelope) * chartW;
  const svg = s('svg', { class: 'budget-chart', viewBox: `0 0 ${labelW + chartW + figuresW + pad * 2} ${height}`, role: 'img', 'aria-labelledby': 'budget-chart-title', id: 'budget-chart' },
    s('title', { id: 'budget-chart-title' }, t('budget.chartTitle', { year })));
  budget.programmes.forEach((p, i) => {
    const y = pad + i * (rowH + 14);
    const g = s('g', { class: 'budget-row', 'data-programme': p.code });
    g.append(s('text', { x: 0, y: y + rowH / 2, 'dominant-baseline': 'central', class: 'bar-label' }, title(p.code).slice(0, 24)));
    g.append(s('rect', { x: labelW, y, width: Math.max(1, scale(p.envelope_cents)), height: rowH, class: 'bar-envelope' }, s('title', {}, `${t('budget.envelope')} ${money(p.envelope_cents)}`)));
    let x = labelW;
    for (const part of PARTS) {
      const w = scale(p[`${part}_cents`]);
      if (w > 0) g.append(s('rect', { x, y: y + 6, width: w, height: rowH - 12, class: `bar-${part}` }, s('title', {}, `${t(`budget.${part}`)} ${money(p[`${part}_cents`])}`)));
      x += w;
    }
    // The figures beside the bar: used (reserved + committed + paid) of the envelope.
    const used = p.reserved_cents + p.committed_cents + p.paid_cents;
    g.append(s('text', { x: labelW + chartW + 12, y: y + rowH / 2 - 8, 'dominant-baseline': 'central', class: 'bar-figure' },
      t('budget.usedOf', { used: money(used), envelope: money(p.envelope_cents) })));
    g.append(s('text', { x: labelW + chartW + 12, y: y + rowH / 2 + 9, 'dominant-baseline': 'central', class: 'bar-figure-detail' },
      `${t('budget.committed')} ${money(p.committed_cents)} · ${t('budget.reserved')} ${money(p.reserved_cents)}`));
    svg.append(g);
  });
  const legendY = height - 16;
  ['envelope', ...PARTS].forEach((part, i) => {
    svg.append(s('rect', { x: labelW + i * 130, y: legendY - 8, width: 14, height: 14, class: `bar-${part}` }),
      s('text', { x: labelW + i * 130 + 20, y: legendY, 'dominant-baseline': 'central', class: 'legend' }, t(`budget.${part}`)));
  });

  const table = h('table', { class: 'table budget-table', id: 'budget-table' },
    h('caption', {}, t('budget.tableCaption', { year })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('budget.programme')),
      ['envelope', 'reserved', 'committed', 'paid', 'available'].map((k) => h('th', { scope: 'col', class: 'num' }, t(`budget.${k}`))))),
    h('tbody', {}, budget.programmes.map((p) => h('tr', { 'data-programme': p.code },
      h('th', { scope: 'row' }, title(p.code)),
      ['envelope', 'reserved', 'committed', 'paid', 'available'].map((k) => h('td', { class: 'num', 'data-col': k }, money(p[`${k}_cents`])))))));
  root.append(h('div', { class: 'budget-layout' }, h('figure', { class: 'chart', tabindex: '0', 'aria-label': t('budget.chartTitle', { year }) }, svg), h('div', { class: 'table-wrap' }, table)));
}
