// Values between the API's representation and the forms'.
import { t, tOr, money, date } from './i18n.js';

// "25 000,50" or "25000.5" -> 2500050 cents; null when not a number.
export function eurosToCents(text) {
  const s = String(text).replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (s === '') return null;
  const m = s.match(/^(\d{1,13})(?:\.(\d{1,2}))?$/);
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

export function centsToEuros(cents) {
  if (cents === null || cents === undefined) return '';
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return rest ? `${whole}.${String(rest).padStart(2, '0')}` : String(whole);
}

export const stateLabel = (state, fallback) => tOr(`state.${state}`, fallback || state);
export const transitionLabel = (name, fallback) => tOr(`transition.${name}`, fallback || name);
export const fieldLabel = (programme, f) => tOr(`field.${programme}.${f.name}`, tOr(`field.${f.name}`, f.label || f.name));
export const programmeTitle = (p) => tOr(`programme.${p.code}`, p.title);
export const enumLabel = (value) => tOr(`enum.${value}`, value);

export function countryName(code) {
  if (!code) return '—';
  try {
    const names = new Intl.DisplayNames([document.documentElement.lang || 'fr'], { type: 'region' });
    return `${names.of(code)} (${code})`;
  } catch {
    return code;
  }
}

// The value of a programme field as text.
export function fieldValue(f, value) {
  if (value === undefined || value === null || value === '') return '—';
  switch (f.type) {
    case 'money': return money(value);
    case 'bool': return value ? t('common.yes') : t('common.no');
    case 'enum': return enumLabel(value);
    case 'country': return countryName(value);
    case 'date': return date(value);
    default: return String(value);
  }
}

// Days since an ISO time.
export function ageDays(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  return Math.max(0, Math.floor(ms / 86400000));
}

// 'overdue', 'soon' (within 48 h) or null.
// Whether the application's final report is due and not received.
export function reportOverdue(app) {
  return Boolean(app.report_due_at && !app.report_received_at && new Date(app.report_due_at).getTime() < Date.now());
}

export function deadlineStatus(app) {
  if (!app.deadline_at) return null;
  const left = new Date(app.deadline_at).getTime() - Date.now();
  if (left < 0) return 'overdue';
  if (left < 48 * 3600 * 1000) return 'soon';
  return null;
}
