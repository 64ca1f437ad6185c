// Translations: every visible string comes from i18n/{fr,en}.js through t().
// The language is remembered in localStorage ("gf.lang"); French by default.
import fr from '../i18n/fr.js';
import en from '../i18n/en.js';

const catalogs = { fr, en };
const KEY = 'gf.lang';
let lang = 'fr';
try {
  const stored = localStorage.getItem(KEY);
  if (stored && catalogs[stored]) lang = stored;
} catch { /* storage unavailable: stay in French */ }

export function currentLang() { return lang; }
export function languages() { return Object.keys(catalogs); }

export function setLang(next) {
  if (!catalogs[next]) return;
  lang = next;
  try { localStorage.setItem(KEY, next); } catch { /* ignore */ }
  document.documentElement.lang = next;
}

// t('key', {name: 'x'}) -> the string with {name} replaced; the key itself
// when missing (visible in tests, never silent).
export function t(key, params = {}) {
  let s = catalogs[lang][key];
  if (s === undefined) s = catalogs.en[key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// A translated label if the catalogue has one, else the server's (English) text.
export function tOr(key, fallback) {
  const s = catalogs[lang][key];
  return s === undefined ? fallback : s;
}

const locales = { fr: 'fr-FR', en: 'en-GB' };

export function money(cents) {
  if (cents === null || cents === undefined) return '—';
  return new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR' })
    .format(cents / 100);
}

// An amount of euros without the sign, as a form shows it: "2 000 000,50"
// in French, "2,000,000.50" in English.
export function amount(cents) {
  if (cents === null || cents === undefined) return '';
  return new Intl.NumberFormat(locales[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(cents / 100);
}

export function date(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: iso.length > 10 ? 'short' : undefined, timeZone: 'UTC' }).format(d);
}

export function bytes(n) {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  return `${new Intl.NumberFormat(locales[lang], { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}
