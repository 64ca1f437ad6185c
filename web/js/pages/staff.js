// Staff accounts (administrators): the list with role, programmes and
// whether each account is active; the invitation form; each account's
// change form (role, programmes, active) and a new invitation link. And the
// invitation page a new staff member opens from the e-mail
// (/invitation?token=…): it checks the link first, then asks for a password.
import { get, post, request } from '../api.js';
import { h, field, showErrors, clearErrors, announce, notice, button } from '../dom.js';
import { t, date } from '../i18n.js';
import { session, navigate, programmes } from '../state.js';
import { programmeTitle } from '../format.js';

const ROLES = ['reviewer', 'clerk', 'finance', 'auditor', 'admin'];

function input(type, attrs = {}) { return h('input', { type, ...attrs }); }

function roleSelect(selected) {
  return h('select', {}, ROLES.map((r) => h('option', { value: r, selected: r === selected }, t(`role.${r}`))));
}

// One checkbox per programme, in a fieldset (reviewers only).
// `short`: the codes as labels (in the table's narrow cells).
function programmeChoice(progs, chosen, idPrefix, short = false) {
  return h('fieldset', { class: 'programme-choice', 'data-field': 'programmes' },
    h('legend', {}, t('staff.programmes')),
    progs.map((p) => {
      const id = `${idPrefix}-${p.code}`;
      return h('div', { class: 'field field-check' },
        h('input', { type: 'checkbox', id, value: p.code, checked: chosen.includes(p.code) }),
        h('label', { for: id, title: programmeTitle(p) }, short ? p.code : programmeTitle(p)));
    }),
    h('p', { class: 'field-error', hidden: true }));
}

function checkedProgrammes(fieldset) {
  return [...fieldset.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
}

export async function staffPage(root) {
  const [list, progs] = await Promise.all([get('/api/v1/users'), programmes(get)]);
  const canChange = session.user.role === 'admin';
  root.append(h('h1', {}, t('staff.title')));
  const status = h('div', { class: 'live', 'aria-live': 'polite' });
  root.append(status);

  if (canChange) root.append(inviteForm(progs, status));

  const rows = list.items.map((u) => h('tr', { 'data-user': u.email },
    h('th', { scope: 'row' }, u.name),
    h('td', {}, u.email),
    h('td', { 'data-col': 'role' }, t(`role.${u.role}`)),
    h('td', {}, u.programmes.length ? u.programmes.join(', ') : '—'),
    h('td', { 'data-col': 'active' }, u.active ? t('staff.active') : t('staff.inactive')),
    h('td', {}, date(u.created_at)),
    canChange ? h('td', {}, h('details', { class: 'staff-change' },
      h('summary', { 'aria-label': t('staff.changeOf', { name: u.name }) }, t('staff.change')),
      editForm(u, progs, status))) : null));
  root.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'staff-table' },
    h('caption', {}, t('staff.caption')),
    h('thead', {}, h('tr', {},
      ['name', 'email', 'role', 'programmes', 'status', 'created'].map((k) => h('th', { scope: 'col' }, t(`staff.col.${k}`))),
      canChange ? h('th', { scope: 'col' }, t('staff.col.change')) : null)),
    h('tbody', {}, rows))));
}

function inviteForm(progs, status) {
  const role = roleSelect('reviewer');
  const choice = programmeChoice(progs, [], 'invite-programme');
  const showChoice = () => { choice.hidden = role.value !== 'reviewer'; };
  role.addEventListener('change', showChoice);
  const form = h('form', { class: 'form', novalidate: true, id: 'invite-form', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, t('staff.invite')),
    h('p', {}, t('staff.inviteIntro')),
    field({ name: 'email', label: t('staff.email'), required: true, control: input('email', { autocomplete: 'off', maxlength: 254, id: 'invite-email' }) }),
    field({ name: 'name', label: t('staff.name'), required: true, control: input('text', { autocomplete: 'off', maxlength: 200, id: 'invite-name' }) }),
    field({ name: 'role', label: t('staff.role'), required: true, control: Object.assign(role, { id: 'invite-role' }) }),
    choice,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('staff.sendInvitation'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    const body = { email: data.get('email'), name: data.get('name'), role: role.value };
    if (role.value === 'reviewer') body.programmes = checkedProgrammes(choice);
    try {
      const answer = await post('/api/v1/users', body);
      const message = answer.invitation_sent ? t('staff.invited', { email: answer.user.email }) : t('staff.invitedNoMail', { email: answer.user.email });
      navigate('/admin/users', { replace: true });
      announce(message);
    } catch (err) {
      showErrors(form, err);
    }
  });
  showChoice();
  return form;
}

function editForm(user, progs, status) {
  const key = `user-${user.id}`;
  const role = roleSelect(user.role);
  role.id = `${key}-role`;
  const active = h('input', { type: 'checkbox', id: `${key}-active`, checked: user.active });
  const choice = programmeChoice(progs, user.programmes, `${key}-programme`, true);
  const showChoice = () => { choice.hidden = role.value !== 'reviewer'; };
  role.addEventListener('change', showChoice);
  const form = h('form', { class: 'form form-inline', novalidate: true, 'aria-label': t('staff.changeOf', { name: user.name }) },
    field({ name: 'role', label: t('staff.role'), control: role }),
    field({ name: 'active', label: t('staff.activeLabel'), control: active }),
    choice,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, t('staff.save')),
      button(t('staff.resend'), {
        class: 'button button-quiet',
        'aria-label': t('staff.resendFor', { name: user.name }),
        onclick: async () => {
          try {
            await post(`/api/v1/users/${user.id}/invitation`);
            notice(status, 'success', t('staff.resent', { email: user.email }));
          } catch (err) {
            showErrors(form, err);
          }
        },
      })));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { role: role.value, active: active.checked };
    if (role.value === 'reviewer') body.programmes = checkedProgrammes(choice);
    try {
      await request('PATCH', `/api/v1/users/${user.id}`, { json: body });
      navigate('/admin/users', { replace: true });
      announce(t('staff.saved', { name: user.name }));
    } catch (err) {
      showErrors(form, err);
    }
  });
  showChoice();
  return form;
}

export async function invitationPage(root, { query }) {
  const token = query.get('token') || '';
  root.append(h('h1', {}, t('invitation.title')));
  let info;
  try {
    info = await post('/api/v1/invitations/check', { token });
  } catch (err) {
    root.append(h('p', { class: 'notice notice-error', role: 'alert', id: 'invitation-unusable' }, t('invitation.unusable')));
    return;
  }
  const form = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'invitation-form-title' },
    h('h2', { id: 'invitation-form-title' }, t('invitation.choose')),
    field({ name: 'password', label: t('invitation.password'), required: true, hint: t('invitation.passwordHint'),
      control: input('password', { autocomplete: 'new-password', id: 'invitation-password' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('invitation.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const answer = await post('/api/v1/invitations/accept', { token, password: new FormData(form).get('password') });
      navigate('/sign-in', { replace: true });
      announce(t('invitation.done', { email: answer.email }));
    } catch (err) {
      showErrors(form, err);
    }
  });
  root.append(h('p', { id: 'invitation-welcome' }, t('invitation.welcome', { name: info.name, email: info.email, role: t(`role.${info.role}`) })), form);
}
