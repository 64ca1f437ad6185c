// The grantflow web front-end: one page (index.html), client-side routes
// that match server/static_files.cpp's kWebPages, every datum through the
// public API (js/api.js).
import { get, del, ApiError } from './js/api.js';
import { h, clear, announce, button } from './js/dom.js';
import { t, setLang, currentLang, languages } from './js/i18n.js';
import { session, onNavigate, navigate, homeFor, forgetCaches } from './js/state.js';
import { signInPage, registerPage } from './js/pages/account.js';
import { dashboardPage } from './js/pages/dashboard.js';
import { applicationFormPage } from './js/pages/application_form.js';
import { applicationPage } from './js/pages/application.js';
import { reviewQueuePage } from './js/pages/review_queue.js';
import { councilPage, councilSessionPage, deliberationPage } from './js/pages/council.js';
import { budgetPage } from './js/pages/budget.js';
import { envelopesPage } from './js/pages/envelopes.js';
import { organisationPage } from './js/pages/organisation.js';
import { financePage, tiersPage } from './js/pages/finance.js';
import { statisticsPage } from './js/pages/statistics.js';
import { callsPage } from './js/pages/calls.js';
import { workflowsPage } from './js/pages/workflows.js';
import { staffPage, invitationPage } from './js/pages/staff.js';
import { auditPage } from './js/pages/audit.js';
import { accountPage, forgotPasswordPage, resetPasswordPage, verifyEmailPage } from './js/pages/credentials.js';

// [pattern, page, roles allowed (empty: anyone signed in; null: signed out too)]
const routes = [
  [/^\/sign-in$/, signInPage, null],
  [/^\/register$/, registerPage, null],
  [/^\/forgot-password$/, forgotPasswordPage, null],
  [/^\/reset-password$/, resetPasswordPage, null],
  [/^\/verify-email$/, verifyEmailPage, null],
  [/^\/account$/, accountPage, []],
  [/^\/applications$/, dashboardPage, ['applicant']],
  [/^\/applications\/new$/, applicationFormPage, ['applicant']],
  [/^\/applications\/(\d+)$/, applicationPage, []],
  [/^\/applications\/(\d+)\/edit$/, applicationFormPage, ['applicant']],
  [/^\/review$/, reviewQueuePage, ['reviewer', 'clerk', 'finance', 'auditor', 'admin']],
  [/^\/council$/, councilPage, ['clerk', 'admin']],
  [/^\/council\/(\d+)$/, councilSessionPage, ['clerk', 'admin']],
  [/^\/council\/tiers-numbers$/, tiersPage, ['clerk', 'admin']],
  [/^\/deliberations\/(\d+)$/, deliberationPage, ['clerk', 'admin', 'reviewer']],
  [/^\/budget$/, budgetPage, ['reviewer', 'clerk', 'admin']],
  [/^\/admin\/envelopes$/, envelopesPage, ['finance', 'admin']],
  [/^\/organisation$/, organisationPage, ['applicant']],
  [/^\/finance\/iban-changes$/, financePage, ['finance', 'admin', 'auditor']],
  [/^\/statistics$/, statisticsPage, ['reviewer', 'clerk', 'finance', 'auditor', 'admin']],
  [/^\/admin\/calls$/, callsPage, ['admin']],
  [/^\/admin\/workflows$/, workflowsPage, ['admin', 'auditor']],
  [/^\/budget$/, budgetPage, ['reviewer', 'clerk', 'finance', 'auditor', 'admin']],
  [/^\/admin\/users$/, staffPage, ['admin', 'auditor']],
  [/^\/invitation$/, invitationPage, null],
  [/^\/audit$/, auditPage, ['auditor', 'admin']],
];

const main = document.getElementById('main');
let renderId = 0;

function navLinks(user) {
  if (!user) return [['/sign-in', 'nav.signIn'], ['/register', 'nav.register']];
  const links = [];
  if (user.role === 'applicant') links.push(['/applications', 'nav.myApplications'], ['/applications/new', 'nav.newApplication']);
  if (['reviewer', 'clerk', 'finance', 'auditor', 'admin'].includes(user.role)) links.push(['/review', 'nav.queue']);
  if (['clerk', 'admin'].includes(user.role)) links.push(['/council', 'nav.council']);
  if (['reviewer', 'clerk', 'admin'].includes(user.role)) links.push(['/budget', 'nav.budget']);
  if (['finance', 'admin'].includes(user.role)) links.push(['/admin/envelopes', 'nav.envelopes']);
  if (user.role === 'applicant') links.push(['/organisation', 'nav.organisation']);
  if (['finance', 'admin', 'auditor'].includes(user.role)) links.push(['/finance/iban-changes', 'nav.finance']);
  if (['reviewer', 'clerk', 'finance', 'auditor', 'admin'].includes(user.role)) links.push(['/statistics', 'nav.statistics']);
  if (user.role === 'admin') links.push(['/admin/calls', 'nav.calls']);
  if (['admin', 'auditor'].includes(user.role)) links.push(['/admin/workflows', 'nav.workflows']);
  if (['reviewer', 'clerk', 'finance', 'auditor', 'admin'].includes(user.role)) links.push(['/budget', 'nav.budget']);
  if (['admin', 'auditor'].includes(user.role)) links.push(['/admin/users', 'nav.staff']);
  if (['auditor', 'admin'].includes(user.role)) links.push(['/audit', 'nav.audit']);
  links.push(['/account', 'nav.account']);
  return links;
}

function renderHeader() {
  const header = clear(document.getElementById('site-header'));
  const user = session.user;
  const path = location.pathname;
  const nav = h('nav', { 'aria-label': t('nav.label') },
    h('ul', { class: 'nav-list' }, navLinks(user).map(([href, key]) =>
      h('li', {}, h('a', { href, 'aria-current': path === href ? 'page' : null }, t(key))))));
  const other = languages().find((l) => l !== currentLang());
  const langButton = button(t('lang.switch'), {
    class: 'button button-quiet', id: 'lang-switch', lang: other,
    'aria-label': t('lang.switchLabel'),
    onclick: () => { setLang(other); render(); announce(t('lang.changed')); },
  });
  const account = user
    ? h('div', { class: 'account' },
      h('span', { class: 'who' }, user.name, h('span', { class: 'role' }, ` · ${t(`role.${user.role}`)}`)),
      button(t('nav.signOut'), { class: 'button button-quiet', id: 'sign-out', onclick: signOut }))
    : null;
  header.append(h('div', { class: 'header-inner' },
    h('a', { class: 'brand', href: user ? homeFor(user) : '/sign-in' }, h('span', { 'aria-hidden': 'true', class: 'brand-mark' }, '◆'), ' grantflow'),
    nav, h('div', { class: 'header-tools' }, account, langButton)));
  document.getElementById('skip-link').textContent = t('nav.skip');
}

async function signOut() {
  try { await del('/api/v1/session'); } catch { /* already signed out */ }
  session.user = null;
  forgetCaches();
  navigate('/sign-in');
  announce(t('signIn.signedOut'));
}

export async function render() {
  const id = ++renderId;
  document.documentElement.lang = currentLang();
  renderHeader();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') { navigate(homeFor(session.user), { replace: true }); return; }
  const route = routes.find(([re]) => re.test(path));
  clear(main);
  if (!route) {
    main.append(h('h1', { tabindex: '-1' }, t('error.pageNotFound')));
    focusHeading();
    return;
  }
  const [re, page, roles] = route;
  if (roles && !session.user) { navigate(`/sign-in?next=${encodeURIComponent(path + location.search)}`, { replace: true }); return; }
  if (roles && roles.length && !roles.includes(session.user.role)) {
    main.append(h('h1', { tabindex: '-1' }, t('error.forbiddenPage')));
    focusHeading();
    return;
  }
  const params = path.match(re).slice(1);
  const container = h('div', { class: 'page' });
  main.append(container);
  try {
    await page(container, { params, query: new URLSearchParams(location.search), path, isCurrent: () => id === renderId });
  } catch (e) {
    if (id !== renderId) return;
    if (e instanceof ApiError && e.status === 401) { session.user = null; navigate('/sign-in', { replace: true }); return; }
    clear(container);
    container.append(h('h1', { tabindex: '-1' }, e instanceof ApiError && e.status === 404 ? t('error.notFound') : t('error.generic')),
      h('p', { class: 'notice notice-error', role: 'alert' }, e.message));
  }
  if (id === renderId) focusHeading();
}

let firstRender = true;
function focusHeading() {
  if (firstRender) { firstRender = false; return; }
  const h1 = main.querySelector('h1');
  if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus(); }
  document.title = `${h1 ? h1.textContent : ''} · grantflow`;
}

onNavigate(render);
window.addEventListener('popstate', render);
// Same-origin links to pages go through the router.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/static/') || a.hasAttribute('download')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

async function start() {
  try {
    session.user = (await get('/api/v1/session')).user;
  } catch {
    session.user = null;
  }
  await render();
  document.title = `${main.querySelector('h1')?.textContent || ''} · grantflow`;
}
start();
