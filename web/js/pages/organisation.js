// The organisation page of an association's members: its profile (as a
// convention quotes it), its IBAN with a change held until the City's
// finance officers confirm it, its members, and the requests to join it.
// An account whose request to join is not yet approved sees only that.
import { get, post, del, request } from '../api.js';
import { h, field, clear, showErrors, clearErrors, announce, notice, button } from '../dom.js';
import { t, date } from '../i18n.js';
import { session } from '../state.js';

function input(name, attrs = {}) { return h('input', { type: 'text', name, ...attrs }); }

const PROFILE = [
  ['address', { autocomplete: 'street-address', maxlength: 300 }, true],
  ['postcode', { autocomplete: 'postal-code', maxlength: 20 }, false],
  ['city', { autocomplete: 'address-level2', maxlength: 100 }, true],
  ['email', { type: 'email', autocomplete: 'email', maxlength: 254 }, false],
  ['phone', { type: 'tel', autocomplete: 'tel', maxlength: 30 }, false],
  ['representative', { maxlength: 200 }, false],
  ['representative_title', { maxlength: 100 }, false],
];

function identity(org) {
  const rows = [
    ['kind', t(`orgKind.${org.kind}`)],
    ['rna', org.rna], ['siret', org.siret], ['registration_number', org.registration_number],
    ['country', org.country], ['third_party_number', org.third_party_number || t('organisation.none')],
  ].filter(([, value]) => value);
  return h('dl', { class: 'facts', id: 'organisation-identity' },
    rows.map(([key, value]) => [h('dt', {}, t(`organisation.${key}`)), h('dd', {}, value)]));
}

function profileForm(org, refresh) {
  const form = h('form', { class: 'form', novalidate: true, id: 'profile-form', 'aria-labelledby': 'profile-title' },
    PROFILE.map(([name, attrs, required]) => field({
      name, label: t(`organisation.${name}`), required,
      hint: name === 'representative_title' ? t('organisation.titleHint') : null,
      control: input(name, { ...attrs, value: org[name] }),
    })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('organisation.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const change = {};
    for (const [name] of PROFILE) change[name] = form.querySelector(`[data-field="${name}"]`).value.trim();
    try {
      await request('PATCH', `/api/v1/organizations/${org.id}`, { json: change });
      announce(t('organisation.saved'));
      await refresh(t('organisation.saved'));
    } catch (err) {
      showErrors(form, err);
    }
  });
  return form;
}

function ibanSection(org, refresh) {
  const section = h('section', { 'aria-labelledby': 'iban-title', id: 'iban-section' },
    h('h2', { id: 'iban-title' }, t('organisation.bank')),
    h('p', {}, t('organisation.ibanInForce'), ' ', h('code', { id: 'iban-in-force', class: 'iban' }, org.iban)));
  const pending = org.pending_iban_change;
  if (pending) {
    section.append(h('p', { class: 'notice notice-info', id: 'iban-pending', role: 'status' },
      t('organisation.ibanPending', { iban: pending.new_iban, date: date(pending.requested_at) })));
    return section;
  }
  const form = h('form', { class: 'form narrow', novalidate: true, id: 'iban-form' },
    field({ name: 'iban', label: t('organisation.newIban'), required: true, hint: t('organisation.newIbanHint'),
      control: input('iban', { autocomplete: 'off', spellcheck: 'false', maxlength: 64 }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('organisation.askIban'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await post(`/api/v1/organizations/${org.id}/iban-change`, { iban: form.querySelector('[data-field="iban"]').value.trim() });
      announce(t('organisation.ibanAsked'));
      await refresh(t('organisation.ibanAsked'));
    } catch (err) {
      showErrors(form, err);
    }
  });
  section.append(form);
  return section;
}

// Runs `action`; a refusal is said in the section's status box.
async function act(section, action, done, refresh) {
  try {
    await action();
    announce(done);
    await refresh(done);
  } catch (err) {
    notice(section, 'error', err.message);
  }
}

function membersSection(org, members, refresh) {
  const section = h('section', { 'aria-labelledby': 'members-title', id: 'members-section' },
    h('h2', { id: 'members-title' }, t('organisation.members')));
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'members-table' },
    h('caption', {}, t('organisation.membersCaption', { name: org.name })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('organisation.memberName')), h('th', { scope: 'col' }, t('organisation.memberEmail')),
      h('th', { scope: 'col' }, t('organisation.actions')))),
    h('tbody', {}, members.map((m) => h('tr', { 'data-user': m.id },
      h('th', { scope: 'row' }, m.name), h('td', {}, m.email),
      h('td', {}, members.length > 1
        ? button(t('organisation.remove'), {
          'aria-label': t('organisation.removeLabel', { name: m.name }),
          onclick: () => act(section, () => del(`/api/v1/organizations/${org.id}/members/${m.id}`), t('organisation.removed', { name: m.name }), refresh),
        })
        : t('organisation.lastMember'))))))));
  return section;
}

function joinSection(org, requests, refresh) {
  const section = h('section', { 'aria-labelledby': 'join-title', id: 'join-section' },
    h('h2', { id: 'join-title' }, t('organisation.joinRequests')));
  if (!requests.length) { section.append(h('p', {}, t('organisation.noJoinRequest'))); return section; }
  const decide = (r, verb, key) => button(t(`organisation.${verb}`), {
    class: verb === 'approve' ? 'button button-primary' : 'button',
    'aria-label': t(`organisation.${verb}Label`, { name: r.name }),
    onclick: () => act(section, () => post(`/api/v1/organizations/${org.id}/join-requests/${r.id}/${verb}`, {}), t(key, { name: r.name }), refresh),
  });
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'join-table' },
    h('caption', {}, t('organisation.joinCaption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('organisation.memberName')), h('th', { scope: 'col' }, t('organisation.memberEmail')),
      h('th', { scope: 'col' }, t('organisation.askedOn')), h('th', { scope: 'col' }, t('organisation.actions')))),
    h('tbody', {}, requests.map((r) => h('tr', { 'data-request': r.id },
      h('th', { scope: 'row' }, r.name), h('td', {}, r.email), h('td', {}, date(r.created_at)),
      h('td', { class: 'actions-cell' }, decide(r, 'approve', 'organisation.approved'), ' ', decide(r, 'refuse', 'organisation.refused'))))))));
  return section;
}

export async function organisationPage(root, ctx) {
  const id = session.user.organization_id;
  if (!id) {
    root.append(h('h1', {}, t('organisation.title')),
      h('p', { class: 'notice notice-info', id: 'join-pending' }, t('organisation.waitingToJoin')));
    return;
  }
  const [org, members, requests] = await Promise.all([
    get(`/api/v1/organizations/${id}`),
    get(`/api/v1/organizations/${id}/members`),
    get(`/api/v1/organizations/${id}/join-requests`),
  ]);
  if (!ctx.isCurrent()) return;
  // Re-reads everything after a change, the outcome said at the top.
  const refresh = async (message) => {
    clear(root);
    await organisationPage(root, ctx);
    if (message) notice(root, 'success', message);
  };
  root.append(
    h('h1', {}, org.name),
    identity(org),
    h('section', { 'aria-labelledby': 'profile-title' }, h('h2', { id: 'profile-title' }, t('organisation.profile')), profileForm(org, refresh)),
    ibanSection(org, refresh),
    membersSection(org, members.items, refresh),
    joinSection(org, requests.items, refresh));
}
