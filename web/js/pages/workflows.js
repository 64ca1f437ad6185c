// Workflow versions (administrators; auditors read): every programme's
// published versions, and a candidate definition (a file or pasted JSON)
// compared with the version in force — states and transitions added,
// removed or changed — before an administrator publishes it.
import { get, post, ApiError } from '../api.js';
import { h, clear, field, button, announce, errorTitle } from '../dom.js';
import { t, date } from '../i18n.js';
import { session } from '../state.js';

function versionsTable(items) {
  const versionList = (p) => h('ul', { class: 'plain-list' }, p.versions.map((v) => h('li', {},
    t('workflows.versionLine', { version: v.version, date: date(v.published_at), by: v.published_by }))));
  const row = (p) => h('tr', { 'data-programme': p.programme },
    h('th', { scope: 'row' }, `${p.title} (${p.programme})`),
    h('td', { class: 'num', 'data-col': 'in-force' }, String(p.version_in_force)),
    h('td', {}, versionList(p)));
  return h('table', { class: 'table', id: 'workflow-versions' },
    h('caption', {}, t('workflows.versionsCaption')),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('workflows.programme')),
      h('th', { scope: 'col', class: 'num' }, t('workflows.inForce')),
      h('th', { scope: 'col' }, t('workflows.history')))),
    h('tbody', {}, items.map(row)));
}

function aspectsText(change) {
  if (change.change !== 'changed') return '';
  return change.aspects.map((a) => t('workflows.aspect', { aspect: t(`workflows.aspect.${a.aspect}`), before: a.before, after: a.after })).join(' ; ');
}

function changesTable(id, captionKey, changes) {
  if (!changes.length) return h('p', { id }, t(`${captionKey}None`));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id },
    h('caption', {}, t(captionKey)),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('workflows.name')),
      h('th', { scope: 'col' }, t('workflows.change')),
      h('th', { scope: 'col' }, t('workflows.details')))),
    h('tbody', {}, changes.map((c) => h('tr', { 'data-name': c.name, 'data-change': c.change },
      h('th', { scope: 'row' }, c.name),
      h('td', {}, t(`workflows.change.${c.change}`)),
      h('td', {}, aspectsText(c)))))));
}

function problemList(error) {
  return h('div', { class: 'notice notice-error', role: 'alert', id: 'workflow-problems' },
    h('p', {}, error instanceof ApiError ? errorTitle(error) : t('error.generic')),
    error instanceof ApiError && error.errors.length
      ? h('ul', {}, error.errors.map((e) => h('li', {}, e.field ? `${e.field} — ${e.message}` : e.message)))
      : h('p', {}, error.message));
}

export async function workflowsPage(root) {
  const mayPublish = session.user?.role === 'admin';
  const list = await get('/api/v1/workflows');
  root.append(h('h1', {}, t('workflows.title')));
  const listSlot = h('div', { class: 'table-wrap' }, versionsTable(list.items));
  root.append(listSlot);

  root.append(h('h2', {}, t('workflows.candidateTitle')));
  root.append(h('p', {}, t('workflows.candidateIntro')));
  const file = h('input', { type: 'file', accept: '.json,application/json' });
  const text = h('textarea', { rows: 12, spellcheck: 'false', class: 'code' });
  file.addEventListener('change', async () => { if (file.files[0]) text.value = await file.files[0].text(); });
  const result = h('div', { id: 'workflow-result', 'aria-live': 'polite' });
  let shown = null;  // the text whose diff is on screen: what Publish sends

  // In the page only while a valid candidate's diff is shown.
  const publishButton = mayPublish ? button(t('workflows.publish'), { id: 'workflow-publish' }) : null;
  const actions = h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('workflows.compare')));
  const form = h('form', { class: 'workflow-form', id: 'workflow-form' },
    field({ name: 'file', label: t('workflows.file'), control: file }),
    field({ name: 'definition', label: t('workflows.paste'), control: text, hint: t('workflows.pasteHint') }),
    actions);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(result);
    shown = null;
    publishButton?.remove();
    try {
      const diff = await post('/api/v1/workflows/diff', { definition: text.value });
      shown = text.value;
      const heading = diff.from_version
        ? t('workflows.diffTitle', { programme: diff.programme, from: diff.from_version, to: diff.to_version })
        : t('workflows.diffTitleNew', { programme: diff.programme, to: diff.to_version });
      result.append(h('h3', {}, heading),
        changesTable('workflow-states', 'workflows.states', diff.states),
        changesTable('workflow-transitions', 'workflows.transitions', diff.transitions));
      if (publishButton) actions.append(publishButton);
      announce(heading);
    } catch (err) {
      result.append(problemList(err));
    }
  });
  if (publishButton) {
    publishButton.addEventListener('click', async () => {
      if (shown === null) return;
      try {
        const v = await post('/api/v1/workflows', { definition: shown });
        publishButton.remove();
        const message = t('workflows.published', { programme: v.programme, version: v.version });
        clear(result).append(h('p', { class: 'notice notice-success', role: 'status', id: 'workflow-published' }, message));
        clear(listSlot).append(versionsTable((await get('/api/v1/workflows')).items));
        announce(message);
      } catch (err) {
        clear(result).append(problemList(err));
      }
    });
  }
  root.append(form, result);
}
