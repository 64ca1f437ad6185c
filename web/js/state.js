// What every page shares: the signed-in user (null when signed out) and
// navigation without reloading. Set by app.js.
export const session = { user: null };

let navigateHandler = () => {};
export function onNavigate(fn) { navigateHandler = fn; }
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  navigateHandler();
}

export function homeFor(user) {
  if (!user) return '/sign-in';
  if (user.role === 'applicant') return '/applications';
  if (user.role === 'clerk') return '/council';
  if (user.role === 'finance') return '/admin/envelopes';
  return '/review';
}

// Programmes, fetched once per session and language-independent.
let programmesCache = null;
export async function programmes(get) {
  if (!programmesCache) programmesCache = (await get('/api/v1/programmes')).items;
  return programmesCache;
}
export function forgetCaches() { programmesCache = null; }
