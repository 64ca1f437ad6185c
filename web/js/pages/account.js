// Sign in, and registration of an association (organisation + first account).
import { post } from '../api.js';
import { h, field, showErrors, clearErrors, announce } from '../dom.js';
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
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'register-title' },
    h('fieldset', {}, h('legend', {}, t('register.organisation')),
      org('name', 'orgName', input('text', { autocomplete: 'organization', maxlength: 200 }), { required: true }),
      org('rna', 'rna', input('text', { inputmode: 'text', pattern: 'W[0-9]{9}', placeholder: 'W751234567' }), { required: true, hint: t('register.rnaHint') }),
      org('siret', 'siret', input('text', { inputmode: 'numeric', pattern: '[0-9]{14}' }), { required: true, hint: t('register.siretHint') }),
      org('address', 'address', input('text', { autocomplete: 'street-address', maxlength: 300 }), { required: true }),
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
      name: v('organization.name'), rna: v('organization.rna'), siret: v('organization.siret'),
      address: v('organization.address'), city: v('organization.city'),
      country: v('organization.country').toUpperCase(), iban: v('organization.iban'),
    };
    const since = v('organization.active_in_paris_since');
    if (since) organization.active_in_paris_since = since;
    const user = { name: v('user.name'), email: v('user.email'), password: form.querySelector('[data-field="user.password"]').value };
    try {
      await post('/api/v1/register', { organization, user });
      const answer = await post('/api/v1/session', { email: user.email, password: user.password });
      session.user = answer.user;
      announce(t('register.done'));
      navigate('/applications');
    } catch (err) {
      showErrors(form, err);
    }
  });
  root.append(h('h1', { id: 'register-title' }, t('register.title')), h('p', {}, t('register.intro')), form);
}
