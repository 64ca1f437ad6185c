// The finance officers' page: IBAN changes asked for by organisations, to
// confirm (the new IBAN is in force from then on) or reject, and the City's
// tiers number of each organisation. Auditors read the pending changes
// (IBANs masked by the server) and change nothing. The clerks' page of tiers
// numbers (each article of a deliberation names it) is the same table alone.
import { get, post, request } from '../api.js';
import { session } from '../state.js';
import { h, field, clear, showErrors, clearErrors, announce, notice, button } from '../dom.js';
import { t, date } from '../i18n.js';

async function act(section, action, done, refresh) {
  try {
    await action();
    announce(done);
    await refresh(done);
  } catch (err) {
    notice(section, 'error', err.message);
  }
}

function changesSection(changes, refresh, canDecide) {
  const section = h('section', { 'aria-labelledby': 'changes-title', id: 'iban-changes' },
    h('h2', { id: 'changes-title' }, t('finance.pending')));
  if (!changes.length) { section.append(h('p', { id: 'no-iban-change' }, t('finance.noChange'))); return section; }
  const decide = (c, verb, key) => button(t(`finance.${verb}`), {
    class: verb === 'confirm' ? 'button button-primary' : 'button',
    'aria-label': t(`finance.${verb}Label`, { name: c.organization_name }),
    onclick: () => act(section, () => post(`/api/v1/iban-changes/${c.id}/${verb}`, {}), t(key, { name: c.organization_name }), refresh),
  });
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'iban-changes-table' },
    h('caption', {}, t('finance.changesCaption')),
    h('thead', {}, h('tr', {}, ['organisation', 'oldIban', 'newIban', 'askedOn', ...(canDecide ? ['actions'] : [])].map((k) => h('th', { scope: 'col' }, t(`finance.${k}`))))),
    h('tbody', {}, changes.map((c) => h('tr', { 'data-change': c.id },
      h('th', { scope: 'row' }, c.organization_name),
      h('td', {}, h('code', { class: 'iban' }, c.old_iban)), h('td', {}, h('code', { class: 'iban' }, c.new_iban)),
      h('td', {}, date(c.requested_at)),
      canDecide ? h('td', { class: 'actions-cell' }, decide(c, 'confirm', 'finance.confirmed'), ' ', decide(c, 'reject', 'finance.rejected')) : null))))));
  return section;
}

function tiersForm(org, refresh) {
  const form = h('form', { class: 'inline-form', novalidate: true, 'data-organisation': org.id },
    field({ name: 'third_party_number', label: t('finance.tiersOf', { name: org.name }),
      control: h('input', { type: 'text', value: org.third_party_number, maxlength: 10, id: `tiers-${org.id}` }) }),
    h('button', { type: 'submit', class: 'button' }, t('finance.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await request('PUT', `/api/v1/organizations/${org.id}/third-party-number`,
        { json: { third_party_number: form.querySelector('input').value.trim() } });
      announce(t('finance.tiersSaved', { name: org.name }));
      await refresh(t('finance.tiersSaved', { name: org.name }));
    } catch (err) {
      showErrors(form, err);
    }
  });
  return form;
}

function tiersSection(organisations, refresh) {
  return h('section', { 'aria-labelledby': 'tiers-title', id: 'tiers-section' },
    h('h2', { id: 'tiers-title' }, t('finance.tiers')),
    h('p', {}, t('finance.tiersHint')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'tiers-table' },
      h('caption', {}, t('finance.tiersCaption')),
      h('thead', {}, h('tr', {}, ['organisation', 'kind', 'tiersNumber'].map((k) => h('th', { scope: 'col' }, t(`finance.${k}`))))),
      h('tbody', {}, organisations.map((o) => h('tr', { 'data-organisation': o.id },
        h('th', { scope: 'row' }, o.name), h('td', {}, t(`orgKind.${o.kind}`)),
        h('td', {}, tiersForm(o, refresh))))))));
}

export async function financePage(root, ctx) {
  const canDecide = session.user.role !== 'auditor';
  const [changes, organisations] = await Promise.all([get('/api/v1/iban-changes'), canDecide ? get('/api/v1/organizations') : { items: [] }]);
  if (!ctx.isCurrent()) return;
  const refresh = async (message) => {
    clear(root);
    await financePage(root, ctx);
    if (message) notice(root, 'success', message);
  };
  root.append(h('h1', {}, t('finance.title')), h('p', {}, t(canDecide ? 'finance.intro' : 'finance.introAuditor')),
    changesSection(changes.items, refresh, canDecide));
  if (canDecide) root.append(tiersSection(organisations.items, refresh));
}

export async function tiersPage(root, ctx) {
  const organisations = await get('/api/v1/organizations');
  if (!ctx.isCurrent()) return;
  const refresh = async (message) => {
    clear(root);
    await tiersPage(root, ctx);
    if (message) notice(root, 'success', message);
  };
  root.append(h('p', { class: 'breadcrumb' }, h('a', { href: '/council' }, t('council.title'))),
    h('h1', {}, t('council.tiersTitle')), h('p', {}, t('council.tiersIntro')),
    tiersSection(organisations.items, refresh));
}
