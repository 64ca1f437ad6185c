// Statistics (staff): applications and amounts requested, granted and paid
// per programme (with each programme's yearly target), region, country,
// year and state. Each grouping is an SVG bar chart (role="img" with a
// <title> and a <desc>) with the same figures in a table beside it, the
// chart's text alternative; the XLSX export holds the same tables.
import { get, query } from '../api.js';
import { h, s, field } from '../dom.js';
import { t, money, currentLang } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { programmeTitle, stateLabel } from '../format.js';

const GROUPINGS = ['programme', 'region', 'country', 'year', 'state'];
const AMOUNTS = ['requested', 'granted', 'paid'];

function countryLabel(code) {
  if (!code) return t('statistics.unknownCountry');
  try {
    return new Intl.DisplayNames([currentLang()], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}

function labelOf(grouping, row, byCode) {
  switch (grouping) {
    case 'programme': return byCode[row.key] ? programmeTitle(byCode[row.key]) : row.label;
    case 'region': return currentLang() === 'fr' ? row.label_fr : row.label;
    case 'country': return countryLabel(row.key);
    case 'state': return stateLabel(row.key, row.label);
    default: return row.label;
  }
}

// Horizontal bars, three per group (requested, granted, paid) and, where
// the programme has one, its yearly target as a dashed mark.
function chart(grouping, stats, label, scope) {
  const id = `statistics-chart-${grouping}`;
  const rowH = 42; const labelW = 200; const chartW = 460; const pad = 8;
  const height = pad * 2 + stats.rows.length * (rowH + 10) + 28;
  const max = Math.max(1, ...stats.rows.flatMap((r) => [r.requested_cents, r.granted_cents, r.paid_cents, r.target_cents || 0]));
  const scale = (cents) => (cents / max) * chartW;
  const svg = s('svg', { class: 'budget-chart statistics-chart', viewBox: `0 0 ${labelW + chartW + pad * 2 + 10} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, id },
    s('title', { id: `${id}-title` }, t(`statistics.chart.${grouping}`, { scope })),
    s('desc', { id: `${id}-desc` }, t('statistics.chartDesc', { count: stats.rows.length, requested: money(stats.total.requested_cents), granted: money(stats.total.granted_cents), paid: money(stats.total.paid_cents) })));
  stats.rows.forEach((r, i) => {
    const y = pad + i * (rowH + 10);
    const g = s('g', { 'data-key': r.key });
    g.append(s('text', { x: 0, y: y + rowH / 2, 'dominant-baseline': 'central', class: 'bar-label' }, label(r).slice(0, 26)));
    AMOUNTS.forEach((part, k) => {
      const cents = r[`${part}_cents`];
      g.append(s('rect', { x: labelW, y: y + k * (rowH / 3), width: Math.max(1, scale(cents)), height: rowH / 3 - 2, class: `bar-stat-${part}` },
        s('title', {}, `${t(`statistics.${part}`)} ${money(cents)}`)));
    });
    if (r.target_cents !== null) {
      const x = labelW + scale(r.target_cents);
      g.append(s('line', { x1: x, x2: x, y1: y - 3, y2: y + rowH + 1, class: 'bar-target' },
        s('title', {}, `${t('statistics.target')} ${money(r.target_cents)}`)));
    }
    svg.append(g);
  });
  const legendY = height - 14;
  [...AMOUNTS, 'target'].forEach((part, i) => {
    svg.append(s('rect', { x: labelW + i * 115, y: legendY - 7, width: 14, height: 14, class: part === 'target' ? 'bar-target-key' : `bar-stat-${part}` }),
      s('text', { x: labelW + i * 115 + 20, y: legendY, 'dominant-baseline': 'central', class: 'legend' }, t(`statistics.${part}`)));
  });
  return svg;
}

function table(grouping, stats, label, scope) {
  const withTarget = stats.rows.some((r) => r.target_cents !== null);
  const columns = ['applications', ...AMOUNTS, ...(withTarget ? ['target'] : [])];
  const cell = (r, k) => (k === 'applications' ? String(r.applications) : money(r[`${k}_cents`]));
  return h('table', { class: 'table budget-table', id: `statistics-table-${grouping}` },
    h('caption', {}, t(`statistics.table.${grouping}`, { scope })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(`statistics.group.${grouping}`)),
      columns.map((k) => h('th', { scope: 'col', class: 'num' }, t(`statistics.${k}`))))),
    h('tbody', {}, stats.rows.map((r) => h('tr', { 'data-key': r.key },
      h('th', { scope: 'row' }, label(r)),
      columns.map((k) => h('td', { class: 'num', 'data-col': k }, cell(r, k)))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('statistics.total')),
      columns.map((k) => h('td', { class: 'num', 'data-col': k }, k === 'target' ? '' : cell(stats.total, k))))));
}

export async function statisticsPage(root, { query: q }) {
  const thisYear = new Date().getUTCFullYear();
  const yearText = q.get('year');
  const year = yearText === 'all' ? null : Number(yearText) || thisYear;
  const programme = q.get('programme') || '';
  const params = { year, programme };
  const [progs, ...tables] = await Promise.all([
    programmes(get),
    ...GROUPINGS.map((g) => get(`/api/v1/statistics${query({ ...params, group_by: g })}`)),
  ]);
  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  const scope = [programme && byCode[programme] ? programmeTitle(byCode[programme]) : '', year ? String(year) : t('statistics.allYears')].filter(Boolean).join(', ');
  root.append(h('h1', {}, t('statistics.title')));

  const yearSelect = h('select', { name: 'year' },
    h('option', { value: 'all', selected: year === null }, t('statistics.allYears')),
    [thisYear - 3, thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => h('option', { value: y, selected: y === year }, String(y))));
  const programmeSelect = h('select', { name: 'programme' },
    h('option', { value: '', selected: !programme }, t('statistics.allProgrammes')),
    progs.map((p) => h('option', { value: p.code, selected: p.code === programme }, programmeTitle(p))));
  const form = h('form', { class: 'filters' },
    field({ name: 'year', label: t('statistics.year'), control: yearSelect }),
    field({ name: 'programme', label: t('statistics.programme'), control: programmeSelect }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('statistics.show'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/statistics${query({ year: yearSelect.value, programme: programmeSelect.value })}`);
  });
  root.append(form);
  root.append(h('p', {}, h('a', { href: `/api/v1/statistics.xlsx${query(params)}`, download: '', class: 'button button-quiet', id: 'statistics-xlsx' }, t('statistics.download'))));
  root.append(h('p', { class: 'hint' }, t('statistics.explain')));

  GROUPINGS.forEach((grouping, i) => {
    const stats = tables[i];
    const label = (r) => labelOf(grouping, r, byCode);
    const section = h('section', { class: 'statistics-section', id: `statistics-${grouping}`, 'aria-labelledby': `statistics-${grouping}-heading` },
      h('h2', { id: `statistics-${grouping}-heading` }, t(`statistics.heading.${grouping}`)));
    if (!stats.rows.length) {
      section.append(h('p', {}, t('statistics.none')));
    } else {
      section.append(h('div', { class: 'budget-layout' },
        h('figure', { class: 'chart', tabindex: '0', 'aria-label': t(`statistics.chart.${grouping}`, { scope }) }, chart(grouping, stats, label, scope)),
        h('div', { class: 'table-wrap' }, table(grouping, stats, label, scope))));
    }
    root.append(section);
  });
}
