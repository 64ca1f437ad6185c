// An association's applications and their states, its coming deadlines
// (final reports, changes to answer, calls closing on its drafts), the calls
// for applications open today with their closing days, and the programmes
// it may apply to now.
import { all, get } from '../api.js';
import { h } from '../dom.js';
import { t, money, date } from '../i18n.js';
import { programmes } from '../state.js';
import { stateLabel, programmeTitle } from '../format.js';
import { unverifiedNotice } from './credentials.js';
import { deadlinesSection } from './deadlines.js';

// A programme run by calls takes applications only while one is open; one
// that runs all year round, any day.
function applyItem(p, call) {
  if (p.intake === 'calls' && !call) {
    return h('li', { 'data-programme': p.code, class: 'programme-closed' },
      h('span', {}, programmeTitle(p)), ' — ', h('span', { class: 'hint' }, t('dashboard.noCall')));
  }
  return h('li', {},
    h('a', { href: `/applications/new?programme=${encodeURIComponent(p.code)}`, class: 'button', 'data-programme': p.code },
      t('dashboard.applyTo', { programme: programmeTitle(p) })),
    call ? h('span', { class: 'hint' }, ' ', t('dashboard.until', { date: date(call.closes_on) })) : null);
}

export async function dashboardPage(root) {
  const [items, progs, { items: openCalls }, coming] = await Promise.all([
    all('/api/v1/applications'), programmes(get), get('/api/v1/calls?open=true'),
    deadlinesSection({ id: 'coming-deadlines', titleKey: 'deadlines.coming', emptyKey: 'deadlines.noneComing', within: 'P60D' })]);
  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  const callOf = Object.fromEntries(openCalls.map((c) => [c.programme, c]));
  root.append(h('h1', {}, t('dashboard.title')), coming);
  const calls = h('section', { 'aria-labelledby': 'calls-title', class: 'card', id: 'open-calls' },
    h('h2', { id: 'calls-title' }, t('dashboard.openCalls')));
  if (!openCalls.length) calls.append(h('p', {}, t('dashboard.noOpenCall')));
  else {
    calls.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, t('dashboard.openCalls')),
      h('thead', {}, h('tr', {}, ['callCol', 'programme', 'closes'].map((k) => h('th', { scope: 'col' }, t(`dashboard.${k}`))))),
      h('tbody', {}, openCalls.map((c) => h('tr', { 'data-call': c.id },
        h('th', { scope: 'row' }, c.title),
        h('td', {}, byCode[c.programme] ? programmeTitle(byCode[c.programme]) : c.programme),
        h('td', { 'data-closes': c.closes_on }, date(c.closes_on))))))));
  }
  root.append(calls);
  const unverified = unverifiedNotice();
  if (unverified) root.append(unverified);
  root.append(h('section', { 'aria-labelledby': 'new-title', class: 'card' },
    h('h2', { id: 'new-title' }, t('dashboard.apply')),
    h('ul', { class: 'programme-list' }, progs.map((p) => applyItem(p, callOf[p.code])))));
  const section = h('section', { 'aria-labelledby': 'mine-title' }, h('h2', { id: 'mine-title' }, t('dashboard.mine')));
  root.append(section);
  if (!items.length) { section.append(h('p', {}, t('dashboard.none'))); return; }
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, t('dashboard.mine')),
    h('thead', {}, h('tr', {}, ['reference', 'titleCol', 'programme', 'amount', 'state', 'since'].map((k) => h('th', { scope: 'col' }, t(`dashboard.${k}`))))),
    h('tbody', {}, items.map((a) => h('tr', { 'data-id': a.id },
      h('td', {}, h('a', { href: `/applications/${a.id}` }, a.reference)),
      h('td', {}, a.title),
      h('td', {}, byCode[a.programme] ? programmeTitle(byCode[a.programme]) : a.programme),
      h('td', { class: 'num' }, money(a.amount_requested_cents)),
      h('td', {}, h('span', { class: `badge state-${a.state}` }, stateLabel(a.state, a.state_label))),
      h('td', {}, date(a.state_entered_at))))))));
}
