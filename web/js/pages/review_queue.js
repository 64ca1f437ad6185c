// The reviewers' queue: the applications of their programmes, filtered by
// programme, state, country, amount and age, searched (q), sorted, with
// deadline markers, and actions on several applications at once.
import { get, post, all, ApiError } from '../api.js';
import { h, field, clear, announce, button, errorTitle } from '../dom.js';
import { t, money, date } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { stateLabel, transitionLabel, programmeTitle, countryName, ageDays, deadlineStatus, reportOverdue, eurosToCents } from '../format.js';
import { deadlinesSection } from './deadlines.js';

const BULK = ['start_review', 'approve_first', 'approve', 'request_changes', 'reject'];
const NEEDS_REASON = new Set(['request_changes', 'reject']);
const orgNames = new Map();

async function organisationName(id) {
  if (!orgNames.has(id)) orgNames.set(id, get(`/api/v1/organizations/${id}`).then((o) => o.name).catch(() => `#${id}`));
  return orgNames.get(id);
}

export async function reviewQueuePage(root, { query }) {
  const progs = await programmes(get);
  const states = [...new Map(progs.flatMap((p) => p.states).map((st) => [st.name, st])).values()];
  const q = (k) => query.get(k) || '';
  root.append(h('h1', {}, t('queue.title')),
    await deadlinesSection({ id: 'week-deadlines', titleKey: 'deadlines.week', emptyKey: 'deadlines.noneThisWeek', within: 'P7D' }));

  const select = (name, options, value) => h('select', { name }, h('option', { value: '' }, t('queue.any')),
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('queue.filters'), id: 'queue-filters' },
    field({ name: 'q', label: t('queue.search'), control: h('input', { type: 'search', name: 'q', value: q('q') }) }),
    field({ name: 'programme', label: t('queue.programme'), control: select('programme', progs.map((p) => [p.code, programmeTitle(p)]), q('programme')) }),
    field({ name: 'state', label: t('queue.state'), control: select('state', states.map((st) => [st.name, stateLabel(st.name, st.label)]), q('state')) }),
    field({ name: 'country', label: t('queue.country'), control: h('input', { type: 'text', name: 'country', maxlength: 2, value: q('country'), class: 'short' }), hint: t('hint.country') }),
    field({ name: 'min', label: t('queue.min'), control: h('input', { type: 'text', inputmode: 'decimal', name: 'min', value: q('min') }) }),
    field({ name: 'max', label: t('queue.max'), control: h('input', { type: 'text', inputmode: 'decimal', name: 'max', value: q('max') }) }),
    field({ name: 'age', label: t('queue.age'), control: h('input', { type: 'number', min: 0, name: 'age', value: q('age') }), hint: t('queue.ageHint') }),
    field({ name: 'sort', label: t('queue.sort'), control: h('select', { name: 'sort' }, ['newest', 'oldest', 'amount_desc', 'amount_asc', 'deadline'].map((k) =>
      h('option', { value: k, selected: (q('sort') || 'newest') === k }, t(`queue.sort.${k}`)))) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('queue.apply')),
      h('a', { href: '/review', class: 'button button-quiet' }, t('queue.reset'))));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (String(v).trim()) params.set(k, String(v).trim());
    navigate(`/review${params.toString() ? `?${params}` : ''}`);
  });
  root.append(filters);

  const min = eurosToCents(q('min'));
  const max = eurosToCents(q('max'));
  let items;
  const results = h('section', { 'aria-labelledby': 'results-title' }, h('h2', { id: 'results-title' }, t('queue.results')));
  root.append(results);
  try {
    items = await all('/api/v1/applications', {
      q: q('q'), programme: q('programme'), state: q('state'), country: q('country').toUpperCase(),
      min_amount_cents: Number.isFinite(min) ? min : undefined, max_amount_cents: Number.isFinite(max) ? max : undefined,
    });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 401) throw err;
    results.append(h('p', { class: 'notice notice-error', role: 'alert' }, errorTitle(err), ' ', err.message));
    return;
  }
  const age = Number(q('age'));
  if (q('age') && Number.isFinite(age)) items = items.filter((a) => ageDays(a.state_entered_at) >= age);
  const sorters = {
    newest: (a, b) => b.id - a.id,
    oldest: (a, b) => a.id - b.id,
    amount_desc: (a, b) => b.amount_requested_cents - a.amount_requested_cents,
    amount_asc: (a, b) => a.amount_requested_cents - b.amount_requested_cents,
    deadline: (a, b) => (a.deadline_at || '9999').localeCompare(b.deadline_at || '9999'),
  };
  items.sort(sorters[q('sort')] || sorters.newest);
  const soon = items.filter((a) => deadlineStatus(a));
  results.append(h('p', { role: 'status', id: 'queue-count' }, t('queue.count', { count: items.length }),
    soon.length ? ` ${t('queue.soonCount', { count: soon.length })}` : ''));
  if (!items.length) return;

  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': t('queue.selectAll') });
  const rows = items.map((a) => {
    const box = h('input', { type: 'checkbox', value: a.id, class: 'select-row', 'aria-label': t('queue.select', { reference: a.reference }) });
    const dl = deadlineStatus(a);
    const orgCell = h('td', {}, `#${a.organization_id}`);
    organisationName(a.organization_id).then((n) => { orgCell.textContent = n; });
    return h('tr', { 'data-id': a.id, 'data-reference': a.reference, class: dl ? `row-${dl}` : '' },
      h('td', {}, box),
      h('td', {}, h('a', { href: `/applications/${a.id}` }, a.reference)),
      h('td', {}, a.title), orgCell,
      h('td', {}, byCode[a.programme] ? programmeTitle(byCode[a.programme]) : a.programme),
      h('td', { 'data-col': 'call' }, a.call ? a.call.title : '—'),
      h('td', {}, a.fields?.country ? countryName(a.fields.country) : '—'),
      h('td', { class: 'num' }, money(a.amount_requested_cents)),
      h('td', {}, h('span', { class: `badge state-${a.state}` }, stateLabel(a.state, a.state_label)),
        reportOverdue(a) ? h('span', { class: 'badge report-overdue', 'data-report-overdue': 'true' }, t('report.overdue')) : null),
      h('td', { class: 'num' }, t('queue.days', { days: ageDays(a.state_entered_at) })),
      h('td', {}, a.deadline_at ? h('span', { class: dl ? `deadline deadline-${dl}` : '' }, dl ? h('span', { 'aria-hidden': 'true' }, '⚑ ') : null, date(a.deadline_at), dl ? ` · ${t(`deadline.${dl}`)}` : '') : '—'));
  });
  selectAll.addEventListener('change', () => rows.forEach((r) => { r.querySelector('.select-row').checked = selectAll.checked; }));
  results.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'queue-table' },
    h('caption', { class: 'visually-hidden' }, t('queue.results')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, selectAll),
      ['reference', 'titleCol', 'organisation', 'programme', 'call', 'country', 'amount', 'state', 'age', 'deadline'].map((k) => h('th', { scope: 'col' }, t(`queue.col.${k}`))))),
    h('tbody', {}, rows))));

  // Bulk actions.
  const action = h('select', { id: 'bulk-action' }, BULK.map((n) => h('option', { value: n }, transitionLabel(n))));
  const reason = h('textarea', { rows: 2, id: 'bulk-reason', maxlength: 4000 });
  const report = h('div', { id: 'bulk-report', 'aria-live': 'polite' });
  const bulk = h('form', { class: 'form bulk', id: 'bulk-form', novalidate: true },
    h('h2', {}, t('queue.bulk')),
    field({ name: 'action', label: t('queue.bulkAction'), control: action }),
    field({ name: 'reason', label: t('queue.bulkReason'), control: reason, hint: t('queue.bulkReasonHint') }),
    h('button', { type: 'submit', class: 'button button-primary' }, t('queue.bulkApply')), report);
  bulk.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(report);
    const ids = rows.filter((r) => r.querySelector('.select-row').checked).map((r) => r.dataset.id);
    if (!ids.length) { report.append(h('p', { class: 'notice notice-error', role: 'alert' }, t('queue.noneSelected'))); return; }
    if (NEEDS_REASON.has(action.value) && !reason.value.trim()) { report.append(h('p', { class: 'notice notice-error', role: 'alert' }, t('app.reasonNeeded'))); reason.focus(); return; }
    const list = h('ul', { class: 'bulk-results' });
    report.append(list);
    let ok = 0;
    for (const id of ids) {
      const row = rows.find((r) => r.dataset.id === id);
      try {
        const app = await get(`/api/v1/applications/${id}`);
        if (!app.transitions.some((tr) => tr.name === action.value)) throw new Error(t('queue.notAvailable'));
        await post(`/api/v1/applications/${id}/transitions`, { name: action.value, version: app.version, comment: reason.value.trim() });
        ok += 1;
        list.append(h('li', { class: 'ok' }, `${row.dataset.reference} : ${t('queue.bulkDone')}`));
      } catch (err) {
        const detail = err instanceof ApiError ? [errorTitle(err), ...err.errors.map((x) => x.message)].join(' ') : err.message;
        list.append(h('li', { class: 'failed' }, `${row.dataset.reference} : ${detail}`));
      }
    }
    announce(t('queue.bulkSummary', { ok, total: ids.length }));
    report.prepend(h('p', { role: 'status' }, t('queue.bulkSummary', { ok, total: ids.length })),
      button(t('queue.refresh'), { onclick: () => navigate(location.pathname + location.search, { replace: true }) }));
  });
  results.append(bulk);
}
