// The assessment grid of an application, for the staff only (the
// association never sees it): every reviewer's scores side by side with
// their weighted scores, the mean and the spread, and, for a reviewer of
// the programme while the review is open, the form of their own assessment
// with its weighted score computed as they type. The grid (criteria,
// weights, scale, labels in both languages) comes from the API.
import { request } from '../api.js';
import { h, field, showErrors, clearErrors, announce } from '../dom.js';
import { t, money, currentLang } from '../i18n.js';
import { eurosToCents, centsToEuros } from '../format.js';

const criterionLabel = (c) => c.labels[currentLang()] || c.labels.en || c.name;

// A score with two decimals in the page's language: "3,75" / "3.75".
export function scoreText(value) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(currentLang() === 'fr' ? 'fr-FR' : 'en-GB',
    { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

// sum(score x weight) / sum(weights), rounded half up to two decimals, as the server does.
function weighted(grid, scores) {
  let sum = 0;
  let weights = 0;
  for (const c of grid.criteria) {
    if (scores[c.name] === undefined) return null;
    sum += scores[c.name] * c.weight;
    weights += c.weight;
  }
  const span = grid.scale.max - grid.scale.min;
  return {
    score: Math.floor((200 * sum + weights) / (2 * weights)) / 100,
    percent: Math.floor((20000 * (sum - grid.scale.min * weights) + span * weights) / (2 * span * weights)) / 100,
  };
}

export function assessmentSection(id, sheet, user, app, refresh) {
  const grid = sheet.grid;
  const section = h('section', { class: 'card', 'aria-labelledby': 'assess-title', id: 'assessment' },
    h('h2', { id: 'assess-title' }, t('assess.title')),
    h('p', { class: 'hint' }, t('assess.private')));
  if (sheet.items.length) section.append(comparison(grid, sheet));
  else section.append(h('p', { id: 'assessment-none' }, t('assess.none')));
  if (sheet.editable) section.append(form(id, grid, sheet.items.find((a) => a.reviewer_id === user.id), app, refresh));
  return section;
}

// Criteria in rows, reviewers in columns.
function comparison(grid, sheet) {
  const items = sheet.items;
  const head = h('tr', {}, h('th', { scope: 'col' }, t('assess.criterion')),
    items.map((a) => h('th', { scope: 'col', class: 'num' }, a.reviewer_name)));
  const rows = grid.criteria.map((c) => h('tr', { 'data-criterion': c.name },
    h('th', { scope: 'row' }, criterionLabel(c), h('span', { class: 'muted' }, ` (${t('assess.weight', { weight: c.weight })})`)),
    items.map((a) => {
      const s = a.scores[c.name];
      return h('td', { class: 'num' }, s ? `${s.score} / ${grid.scale.max}` : '—',
        s?.comment ? h('p', { class: 'comment' }, s.comment) : null);
    })));
  const line = (key, cells, attrs = {}) => h('tr', attrs, h('th', { scope: 'row' }, t(key)), cells);
  const table = h('table', { class: 'table', id: 'assessment-table' },
    h('caption', {}, t('assess.caption')),
    h('thead', {}, head),
    h('tbody', {}, rows,
      line('assess.weighted', items.map((a) => h('td', { class: 'num', 'data-reviewer': a.reviewer_id },
        `${scoreText(a.weighted_score)} / ${grid.scale.max} (${scoreText(a.weighted_percent)} %)`)), { class: 'total' }),
      line('assess.proposed', items.map((a) => h('td', { class: 'num' }, money(a.proposed_amount_cents)))),
      line('assess.comment', items.map((a) => h('td', {}, a.comment || '—')))));
  return h('div', {},
    h('div', { class: 'table-wrap' }, table),
    h('p', { id: 'assessment-mean' }, t('assess.mean', {
      score: scoreText(sheet.mean_score), max: grid.scale.max, percent: scoreText(sheet.mean_percent),
    }), items.length > 1 ? ` · ${t('assess.spread', { spread: scoreText(sheet.spread) })}` : ''));
}

function form(id, grid, mine, app, refresh) {
  const range = [];
  for (let n = grid.scale.min; n <= grid.scale.max; n += 1) range.push(n);
  const controls = grid.criteria.map((c) => {
    const current = mine?.scores[c.name];
    const select = h('select', { id: `assess-${c.name}` }, h('option', { value: '' }, t('assess.choose')),
      range.map((n) => h('option', { value: n, selected: current?.score === n }, `${n} / ${grid.scale.max}`)));
    const note = h('input', { type: 'text', id: `assess-${c.name}-comment`, maxlength: 2000, value: current?.comment || '' });
    return { c, select, note };
  });
  const proposed = h('input', { type: 'text', inputmode: 'decimal', id: 'assess-proposed', value: mine?.proposed_amount_cents ? centsToEuros(mine.proposed_amount_cents) : '' });
  const comment = h('textarea', { rows: 3, maxlength: 2000, id: 'assess-comment' }, mine?.comment || '');
  const preview = h('output', { id: 'assessment-preview', 'aria-live': 'polite' });
  const scores = () => Object.fromEntries(controls.filter((x) => x.select.value !== '')
    .map((x) => [x.c.name, Number(x.select.value)]));
  const update = () => {
    const w = weighted(grid, scores());
    preview.textContent = w
      ? t('assess.preview', { score: scoreText(w.score), max: grid.scale.max, percent: scoreText(w.percent) })
      : t('assess.previewIncomplete');
  };
  const f = h('form', { class: 'form', novalidate: true, id: 'assessment-form' },
    h('h3', {}, mine ? t('assess.editYours') : t('assess.yours')),
    controls.map(({ c, select, note }) => h('fieldset', { class: 'criterion' },
      h('legend', {}, criterionLabel(c), h('span', { class: 'muted' }, ` (${t('assess.weight', { weight: c.weight })})`)),
      field({ name: `scores.${c.name}`, label: t('assess.score'), control: select, required: true }),
      field({ name: `scores.${c.name}.comment`, label: t('assess.criterionComment'), control: note }))),
    h('p', { class: 'assessment-preview' }, preview),
    field({ name: 'proposed_amount_cents', label: t('assess.proposedLabel'), control: proposed,
      hint: t('assess.proposedHint', { requested: money(app.amount_requested_cents) }) }),
    field({ name: 'comment', label: t('assess.comment'), control: comment }),
    h('button', { type: 'submit', class: 'button button-primary', id: 'assessment-save' }, t('assess.save')));
  controls.forEach((x) => x.select.addEventListener('change', update));
  update();
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(f);
    const missing = controls.filter((x) => x.select.value === '')
      .map((x) => ({ field: `scores.${x.c.name}`, message: t('assess.scoreMissing') }));
    const cents = eurosToCents(proposed.value);
    if (Number.isNaN(cents)) missing.push({ field: 'proposed_amount_cents', message: t('assess.badAmount') });
    if (missing.length) { showErrors(f, { status: 422, errors: missing }); return; }
    const body = {
      scores: Object.fromEntries(controls.map((x) => [x.c.name, { score: Number(x.select.value), comment: x.note.value.trim() }])),
      proposed_amount_cents: cents,
      comment: comment.value.trim(),
    };
    try {
      await request('PUT', `/api/v1/applications/${id}/assessment`, { json: body });
      announce(t('assess.saved'));
      refresh();
    } catch (err) { showErrors(f, err); }
  });
  return f;
}
