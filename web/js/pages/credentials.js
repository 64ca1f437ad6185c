// Credentials: the account page (password change, e-mail confirmation and
// a new link), asking for a password reset, choosing a new password from
// the mailed link, and confirming an e-mail address from its link.
import { get, post } from '../api.js';
import { h, field, showErrors, clearErrors, notice, button } from '../dom.js';
import { t } from '../i18n.js';
import { session } from '../state.js';

function password(attrs) { return h('input', { type: 'password', maxlength: 256, ...attrs }); }

// A live region that says what a form did (role=status), in place.
function resultBox() { return h('div', { class: 'result', 'aria-live': 'polite' }); }

function verificationSection() {
  const user = session.user;
  const section = h('section', { class: 'card', 'aria-labelledby': 'verify-title', id: 'email-status' },
    h('h2', { id: 'verify-title' }, t('account.emailTitle')));
  const result = resultBox();
  if (user.email_verified) {
    section.append(h('p', { class: 'email-state' }, t('account.emailVerified', { email: user.email })));
    return section;
  }
  section.append(
    h('p', { class: 'email-state' }, t('account.emailUnverified', { email: user.email })),
    button(t('account.resend'), {
      id: 'resend-verification',
      onclick: async () => {
        try {
          await post('/api/v1/email-verification');
          notice(result, 'success', t('account.resent'));
        } catch (err) {
          notice(result, 'error', err.status === 429 ? t('error.tooMany') : err.message);
        }
      },
    }),
    result);
  return section;
}

function passwordSection() {
  const result = resultBox();
  const form = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'password-title' },
    field({ name: 'current_password', label: t('account.current'), required: true, control: password({ autocomplete: 'current-password', id: 'current-password' }) }),
    field({ name: 'new_password', label: t('account.new'), required: true, hint: t('register.passwordHint'), control: password({ autocomplete: 'new-password', minlength: 12, id: 'new-password' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('account.change'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    try {
      await post('/api/v1/session/password', { current_password: data.get('current_password'), new_password: data.get('new_password') });
      form.reset();
      notice(result, 'success', t('account.changed'));
    } catch (err) {
      showErrors(form, err);
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, t('account.passwordTitle')),
    h('p', {}, t('account.passwordIntro')), result, form);
}

export async function accountPage(root) {
  // The session's view of the account may be older than a confirmation.
  session.user = (await get('/api/v1/session')).user;
  root.append(h('h1', {}, t('account.title')),
    h('p', {}, session.user.name, ' · ', session.user.email),
    verificationSection(), passwordSection());
}

export async function forgotPasswordPage(root) {
  const result = resultBox();
  const form = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'forgot-title' },
    field({ name: 'email', label: t('signIn.email'), required: true, control: h('input', { type: 'email', autocomplete: 'username', maxlength: 254, id: 'forgot-email' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('forgot.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await post('/api/v1/password-reset', { email: new FormData(form).get('email').trim() });
      notice(result, 'success', t('forgot.sent'));
    } catch (err) {
      if (err.status === 503) notice(result, 'error', t('forgot.noMail'));
      else showErrors(form, err);
    }
  });
  root.append(h('h1', { id: 'forgot-title' }, t('forgot.title')), h('p', {}, t('forgot.intro')), result, form,
    h('p', {}, h('a', { href: '/sign-in' }, t('forgot.back'))));
}

export async function resetPasswordPage(root, { query }) {
  const token = query.get('token') || '';
  const result = resultBox();
  const form = h('form', { class: 'form narrow', novalidate: true, 'aria-labelledby': 'reset-title' },
    field({ name: 'new_password', label: t('account.new'), required: true, hint: t('register.passwordHint'), control: password({ autocomplete: 'new-password', minlength: 12, id: 'reset-password' }) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary' }, t('reset.submit'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await post('/api/v1/password-reset/confirm', { token, new_password: new FormData(form).get('new_password') });
      session.user = null;
      form.remove();
      notice(result, 'success', t('reset.done'));
      result.append(h('p', {}, h('a', { href: '/sign-in' }, t('nav.signIn'))));
    } catch (err) {
      if (err.status === 404) {
        notice(result, 'error', t('reset.unusable'));
        result.append(h('p', {}, h('a', { href: '/forgot-password' }, t('reset.askAgain'))));
      } else {
        showErrors(form, err);
      }
    }
  });
  root.append(h('h1', { id: 'reset-title' }, t('reset.title')), result, form);
}

export async function verifyEmailPage(root, { query }) {
  const result = resultBox();
  root.append(h('h1', {}, t('verify.title')), result);
  try {
    await post('/api/v1/email-verification/confirm', { token: query.get('token') || '' });
    if (session.user) session.user = { ...session.user, email_verified: true };
    notice(result, 'success', t('verify.done'));
    result.append(h('p', {}, h('a', { href: session.user ? '/applications' : '/sign-in' },
      session.user ? t('nav.myApplications') : t('nav.signIn'))));
  } catch (err) {
    if (err.status !== 404) throw err;
    notice(result, 'error', t('verify.unusable'));
    result.append(h('p', {}, h('a', { href: '/account' }, t('verify.askAgain'))));
  }
}

// The dashboard's notice for an account that has not confirmed its address.
export function unverifiedNotice() {
  if (!session.user || session.user.email_verified) return null;
  return h('div', { class: 'notice notice-info', role: 'status', id: 'unverified-notice' },
    t('dashboard.unverified'), ' ', h('a', { href: '/account' }, t('dashboard.unverifiedLink')));
}
