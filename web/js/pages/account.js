// Sign in, and registration of an organisation (organisation + first
// account; an organisation already known: a request to join it; where
// addresses are confirmed by mail, a page saying to check one's mail).
import { post } from '../api.js';
import { h, clear, field, showErrors, clearErrors, announce } from '../dom.js';
import { t } from '../i18n.js';
import { session, navigate, homeFor } from '../state.js';

function input(type, attrs = {}) { return h('input', { type, ...attrs }); }

export async function signInPage(root, { query }) {
  if (session.user) { navigate(homeFor(session.user), { replace: true }); return; }
  const form = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'signin-title' },
    field({ name: 'email', label: t('signIn.email'), required: true, control: input('email', { autocomplete: 'username', id: 'signin-email' }) }),
    field({ name: 'password', label: t('signIn.password'), required: true, control: input('password', { autocomplete: 'current-password', id: 'signin-password' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('signIn.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    try {
      const answer = await post('/api/v1/session', { email: data.get('email'), password: data.get('password') });
      session.user = answer.user;
      announce(t('signIn.welcome', { name: answer.user.name }));
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(answer.user));
    } catch (err) {
      showErrors(form, err);
    }
  });
  root.append(
    h('h1', { id: 'signin-title' }, t('signIn.title')),
    h('p', {}, t('signIn.intro')),
    form,
    h('p', {}, h('a', { href: '/forgot-password' }, t('signIn.forgotLink'))),
    h('p', {}, t('signIn.noAccount'), ' ', h('a', { href: '/register' }, t('signIn.registerLink'))));
}

export async function registerPage(root) {
  const org = (name, key, control, opts = {}) => field({ name: `organization.${name}`, label: t(`register.${key}`), control, ...opts });
  // The kind of organisation says which identifiers it has (the server's rules).
  const kindSelect = h('select', {}, ['association', 'company', 'public_body', 'foreign_partner'].map((k) => h('option', { value: k }, t(`orgKind.${k}`))));
  const rnaField = org('rna', 'rna', input('text', { inputmode: 'text', pattern: 'W[0-9]{9}', placeholder: 'W751234567' }), { hint: t('register.rnaHint') });
  const siretField = org('siret', 'siret', input('text', { inputmode: 'numeric', pattern: '[0-9]{14}' }), { hint: t('register.siretHint') });
  const numberField = org('registration_number', 'registrationNumber', input('text', { maxlength: 50 }), { hint: t('register.registrationNumberHint') });
  const showIdentifiers = () => {
    const kind = kindSelect.value;
    rnaField.hidden = kind !== 'association';
    siretField.hidden = kind === 'foreign_partner';
    numberField.hidden = kind !== 'foreign_partner';
    siretField.querySelector('.hint').textContent = t(kind === 'association' ? 'register.siretHint' : 'register.siretRequiredHint');
  };
  kindSelect.addEventListener('change', showIdentifiers);
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'register-title' },
    h('fieldset', {}, h('legend', {}, t('register.organisation')),
      org('kind', 'kind', kindSelect, { required: true }),
      org('name', 'orgName', input('text', { autocomplete: 'organization', maxlength: 200 }), { required: true }),
      rnaField, siretField, numberField,
      org('address', 'address', input('text', { autocomplete: 'street-address', maxlength: 300 }), { required: true }),
      org('postcode', 'postcode', input('text', { autocomplete: 'postal-code', maxlength: 20 })),
      org('city', 'city', input('text', { autocomplete: 'address-level2', maxlength: 100 }), { required: true }),
      org('country', 'country', input('text', { autocomplete: 'country', maxlength: 2, value: 'FR' }), { required: true, hint: t('register.countryHint') }),
      org('iban', 'iban', input('text', { autocomplete: 'off', spellcheck: 'false' }), { required: true, hint: t('register.ibanHint') }),
      org('active_in_paris_since', 'since', input('date'), { hint: t('register.sinceHint') })),
    h('fieldset', {}, h('legend', {}, t('register.account')),
      field({ name: 'user.name', label: t('register.userName'), required: true, control: input('text', { autocomplete: 'name', maxlength: 200 }) }),
      field({ name: 'user.email', label: t('register.email'), required: true, control: input('email', { autocomplete: 'email' }) }),
      field({ name: 'user.password', label: t('register.password'), required: true, hint: t('register.passwordHint'), control: input('password', { autocomplete: 'new-password', minlength: 12 }) })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('register.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const v = (name) => form.querySelector(`[data-field="${name}"]`).value.trim();
    const organization = {
      kind: kindSelect.value, name: v('organization.name'),
      address: v('organization.address'), city: v('organization.city'),
      country: v('organization.country').toUpperCase(), iban: v('organization.iban'),
    };
    // Only the identifiers of the kind chosen, and only when given.
    for (const [name, wrapper] of [['rna', rnaField], ['siret', siretField], ['registration_number', numberField], ['postcode', null]]) {
      const value = v(`organization.${name}`);
      if (value && !(wrapper && wrapper.hidden)) organization[name] = value;
    }
    const since = v('organization.active_in_paris_since');
    if (since) organization.active_in_paris_since = since;
    const user = { name: v('user.name'), email: v('user.email'), password: form.querySelector('[data-field="user.password"]').value };
    try {
      const registered = await post('/api/v1/register', { organization, user });
      if (registered.status === 'check_email') { checkEmailView(root, user.email); return; }
      const answer = await post('/api/v1/session', { email: user.email, password: user.password });
      session.user = answer.user;
      // A known organisation: the account waits for a member or the City to let it in.
      const joining = registered.status === 'join_requested';
      announce(t(joining ? 'register.joinRequested' : 'register.done'));
      navigate(joining ? '/organisation' : '/applications');
    } catch (err) {
      showErrors(form, err);
    }
  });
  showIdentifiers();
  root.append(h('h1', { id: 'register-title' }, t('register.title')), h('p', {}, t('register.intro')), form);
}

// After a registration where the server confirms addresses by mail: the
// same page whether the address was new or had an account (its owner is
// told by mail), so nothing here says which.
function checkEmailView(root, email) {
  clear(root);
  root.append(
    h('h1', { id: 'check-email-title', tabindex: '-1' }, t('register.checkEmailTitle')),
    h('div', { class: 'notice notice-info', role: 'status', id: 'check-email' },
      h('p', {}, t('register.checkEmail', { email })),
      h('p', {}, t('register.checkEmailMissing'))),
    h('p', {}, h('a', { href: '/sign-in' }, t('nav.signIn'))));
  root.querySelector('#check-email-title').focus();
}
