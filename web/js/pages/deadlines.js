// What falls due soon (GET /api/v1/deadlines), as a section of a page: an
// association's coming deadlines on its dashboard, the week of reviewers and
// finance officers on the queue. The server scopes the list to the caller.
import { get } from '../api.js';
import { h } from '../dom.js';
import { t, date } from '../i18n.js';
import { stateLabel, transitionLabel } from '../format.js';

function what(item) {
  if (item.kind === 'report') return t('deadlines.kind.report');
  if (item.kind === 'call_close') return t('deadlines.kind.call_close');
  return t('deadlines.kind.deadline', { state: stateLabel(item.state, item.state_label) });
}

// `id` names the section; `titleKey` and `emptyKey` its heading and the
// sentence shown when nothing falls due; `within` the window (ISO 8601).
export async function deadlinesSection({ id, titleKey, emptyKey, within }) {
  const { items } = await get(`/api/v1/deadlines?within=${encodeURIComponent(within)}`);
  const section = h('section', { 'aria-labelledby': `${id}-title`, class: 'card', id },
    h('h2', { id: `${id}-title` }, t(titleKey)));
  if (!items.length) {
    section.append(h('p', {}, t(emptyKey)));
    return section;
  }
  section.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, t(titleKey)),
    h('thead', {}, h('tr', {}, ['due', 'application', 'what', 'then'].map((k) => h('th', { scope: 'col' }, t(`deadlines.${k}`))))),
    h('tbody', {}, items.map((item) => h('tr', { 'data-application': item.application_id, 'data-kind': item.kind },
      h('td', { 'data-due': item.due_at }, date(item.due_at)),
      h('td', {}, h('a', { href: `/applications/${item.application_id}` }, item.reference), ' ', item.title),
      h('td', {}, what(item)),
      h('td', {}, item.then ? transitionLabel(item.then, item.then_label) : '—')))))));
  return section;
}
