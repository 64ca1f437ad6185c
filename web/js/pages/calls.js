// Calls for applications (administrators): every call with its days, the
// form to open one for a programme run by calls, and the form to change a
// call's title or days. The server holds the rules (days inclusive, Paris
// time; no overlap within a programme) and names the field at fault.
import { get, post, patch } from '../api.js';
import { h, field, showErrors, clearErrors, announce } from '../dom.js';
import { t, date } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { programmeTitle } from '../format.js';

export async function callsPage(root) {
  const [progs, { items: calls }] = await Promise.all([programmes(get), get('/api/v1/calls')]);
  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  const byCalls = progs.filter((p) => p.intake === 'calls');
  root.append(h('h1', {}, t('calls.title')), h('p', { class: 'lead' }, t('calls.lead')));

  const list = h('section', { 'aria-labelledby': 'calls-list-title' }, h('h2', { id: 'calls-list-title' }, t('calls.list')));
  root.append(list);
  if (!calls.length) list.append(h('p', { id: 'calls-none' }, t('calls.none')));
  else {
    list.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'calls-table' },
      h('caption', { class: 'visually-hidden' }, t('calls.list')),
      h('thead', {}, h('tr', {}, ['titleCol', 'programme', 'opens', 'closes', 'year', 'status'].map((k) => h('th', { scope: 'col' }, t(`calls.col.${k}`))))),
      h('tbody', {}, calls.map((c) => h('tr', { 'data-id': c.id },
        h('th', { scope: 'row' }, c.title),
        h('td', {}, byCode[c.programme] ? programmeTitle(byCode[c.programme]) : c.programme),
        h('td', {}, date(c.opens_on)),
        h('td', {}, date(c.closes_on)),
        h('td', { class: 'num' }, String(c.year)),
        h('td', {}, h('span', { class: `badge ${c.open ? 'call-open' : 'call-closed'}` }, t(c.open ? 'calls.open' : 'calls.notOpen')))))))));
  }

  // Open a call.
  const thisYear = new Date().getFullYear();
  const programme = h('select', {}, byCalls.map((p) => h('option', { value: p.code }, programmeTitle(p))));
  const opens = h('input', { type: 'date' });
  const closes = h('input', { type: 'date' });
  const year = h('input', { type: 'number', min: 2000, max: 2200, step: 1, value: String(thisYear), class: 'short' });
  const title = h('input', { type: 'text', maxlength: 200 });
  const openForm = h('form', { class: 'form card', novalidate: true, id: 'open-call-form', 'aria-labelledby': 'open-call-title' },
    h('h2', { id: 'open-call-title' }, t('calls.openTitle')),
    field({ name: 'programme', label: t('calls.programme'), control: programme, required: true, hint: t('calls.programmeHint') }),
    field({ name: 'opens_on', label: t('calls.opensOn'), control: opens, required: true, hint: t('calls.daysHint') }),
    field({ name: 'closes_on', label: t('calls.closesOn'), control: closes, required: true }),
    field({ name: 'year', label: t('calls.year'), control: year, required: true, hint: t('calls.yearHint') }),
    field({ name: 'title', label: t('calls.titleField'), control: title, hint: t('calls.titleHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'open-call' }, t('calls.openButton'))));
  openForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(openForm);
    const body = { opens_on: opens.value, closes_on: closes.value, year: Number(year.value) };
    if (title.value.trim()) body.title = title.value.trim();
    try {
      const call = await post(`/api/v1/programmes/${encodeURIComponent(programme.value)}/calls`, body);
      announce(t('calls.opened', { title: call.title }));
      navigate('/admin/calls', { replace: true });
    } catch (err) {
      showErrors(openForm, err);
    }
  });
  root.append(openForm);

  // Change a call.
  if (!calls.length) return;
  const which = h('select', {}, calls.map((c) => h('option', { value: c.id }, c.title)));
  const newTitle = h('input', { type: 'text', maxlength: 200 });
  const newOpens = h('input', { type: 'date' });
  const newCloses = h('input', { type: 'date' });
  const fill = () => {
    const c = calls.find((x) => String(x.id) === which.value);
    newTitle.value = c.title;
    newOpens.value = c.opens_on;
    newCloses.value = c.closes_on;
  };
  which.addEventListener('change', fill);
  fill();
  const changeForm = h('form', { class: 'form card', novalidate: true, id: 'change-call-form', 'aria-labelledby': 'change-call-title' },
    h('h2', { id: 'change-call-title' }, t('calls.changeTitle')),
    field({ name: 'call', label: t('calls.which'), control: which }),
    field({ name: 'title', label: t('calls.titleField'), control: newTitle, required: true }),
    field({ name: 'opens_on', label: t('calls.opensOn'), control: newOpens, required: true, hint: t('calls.daysHint') }),
    field({ name: 'closes_on', label: t('calls.closesOn'), control: newCloses, required: true }),
    h('p', { class: 'hint' }, t('calls.changeHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'change-call' }, t('calls.changeButton'))));
  changeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(changeForm);
    try {
      const call = await patch(`/api/v1/calls/${which.value}`,
        { title: newTitle.value.trim(), opens_on: newOpens.value, closes_on: newCloses.value });
      announce(t('calls.changed', { title: call.title }));
      navigate('/admin/calls', { replace: true });
    } catch (err) {
      showErrors(changeForm, err);
    }
  });
  root.append(changeForm);
}
