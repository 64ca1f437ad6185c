// The audit trail (auditors, administrators): its entries, newest first, a
// page at a time, and a button that verifies the hash chain now.
import { get, query } from '../api.js';
import { h, button, announce, errorTitle } from '../dom.js';
import { t, date } from '../i18n.js';

function describe(details) {
  if (!details) return '';
  return Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

export async function auditPage(root, { query: q }) {
  const before = q.get('before');
  const page = await get(`/api/v1/audit${query({ limit: 50, before })}`);
  root.append(h('h1', {}, t('audit.title')));
  const result = h('p', { id: 'audit-verification', role: 'status', 'aria-live': 'polite' });
  const verify = button(t('audit.verify'), {
    id: 'audit-verify',
    class: 'button button-primary',
    onclick: async () => {
      result.textContent = t('audit.verifying');
      let check;
      try {
        check = await get('/api/v1/audit/verification');
      } catch (err) {
        result.className = 'notice notice-error';
        result.textContent = errorTitle(err);
        return;
      }
      result.className = check.ok ? 'notice notice-success' : 'notice notice-error';
      result.textContent = check.ok
        ? t('audit.intact', { count: check.entries_checked })
        : t('audit.broken', { seq: check.broken_seq, detail: check.detail });
      announce(result.textContent);
    },
  });
  root.append(h('div', { class: 'actions' }, verify), result);
  const rows = page.items.map((e) => h('tr', { 'data-seq': e.seq },
    h('th', { scope: 'row' }, String(e.seq)),
    h('td', {}, date(e.at)),
    h('td', {}, e.action),
    h('td', {}, e.application_id ? h('a', { href: `/applications/${e.application_id}` }, String(e.application_id)) : '—'),
    h('td', {}, `${t(`role.${e.actor_role}`)} #${e.actor_id}`),
    h('td', { class: 'details' }, [e.from && e.to ? `${e.from} → ${e.to}` : '', e.comment, describe(e.details)].filter(Boolean).join(' · '))));
  root.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'audit-table' },
    h('caption', {}, t('audit.caption')),
    h('thead', {}, h('tr', {}, ['seq', 'at', 'action', 'application', 'actor', 'details'].map((k) => h('th', { scope: 'col' }, t(`audit.col.${k}`))))),
    h('tbody', {}, rows))));
  if (page.next_before) root.append(h('p', {}, h('a', { href: `/audit?before=${page.next_before}` }, t('audit.older'))));
}
