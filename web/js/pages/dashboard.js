// An association's applications and their states.
import { all, get } from '../api.js';
import { h } from '../dom.js';
import { t, money, date } from '../i18n.js';
import { programmes } from '../state.js';
import { stateLabel, programmeTitle } from '../format.js';
import { unverifiedNotice } from './credentials.js';

export async function dashboardPage(root) {
  const [items, progs] = await Promise.all([all('/api/v1/applications'), programmes(get)]);
  const byCode = Object.fromEntries(progs.map((p) => [p.code, p]));
  root.append(h('h1', {}, t('dashboard.title')));
  const unverified = unverifiedNotice();
  if (unverified) root.append(unverified);
  root.append(h('section', { 'aria-labelledby': 'new-title', class: 'card' },
    h('h2', { id: 'new-title' }, t('dashboard.apply')),
    h('ul', { class: 'programme-list' }, progs.map((p) => h('li', {},
      h('a', { href: `/applications/new?programme=${encodeURIComponent(p.code)}`, class: 'button', 'data-programme': p.code },
        t('dashboard.applyTo', { programme: programmeTitle(p) })))))));
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
