// Envelopes (administrators, finance officers): per programme, the yearly
// envelope and its use (reserved, committed, paid), and a form to set an
// envelope in euros typed the page's language's way. The server refuses an
// envelope below what is in use (409): the refusal is shown next to the
// amount with the programme's figures, read again from the budget.
import { get, request, query, ApiError } from '../api.js';
import { h, field, notice, showErrors, clearErrors, announce } from '../dom.js';
import { t, money, amount, currentLang } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { programmeTitle, eurosToCents } from '../format.js';

const COLUMNS = ['envelope', 'reserved', 'committed', 'paid', 'available'];
const FIRST_YEAR = 2000;
const LAST_YEAR = 2200;

// "2 000 000,50" (French: spaces group, comma or point for the cents) or
// "2,000,000.50" (English: commas group); null when empty, NaN when not euros.
export function typedEurosToCents(text, lang = currentLang()) {
  return eurosToCents(lang === 'en' ? String(text).replace(/,/g, '') : text);
}

const lineOf = (budget, code) => budget.programmes.find((p) => p.code === code)
  || { code, envelope_cents: 0, reserved_cents: 0, committed_cents: 0, paid_cents: 0, available_cents: 0 };

function fillRow(row, line) {
  for (const k of COLUMNS) row.querySelector(`td[data-col="${k}"]`).textContent = money(line[`${k}_cents`]);
}

export async function envelopesPage(root, { query: q }) {
  const thisYear = new Date().getUTCFullYear();
  const asked = Number(q.get('year'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= LAST_YEAR ? asked : thisYear;
  const budgetOf = () => get(`/api/v1/budget${query({ year })}`);
  const [budget, progs] = await Promise.all([budgetOf(), programmes(get)]);
  const title = (p) => programmeTitle(p);

  root.append(h('h1', {}, t('envelopes.title', { year })), h('p', { class: 'muted' }, t('envelopes.intro')));

  const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year])].sort();
  const yearSelect = h('select', { name: 'year' }, years.map((y) => h('option', { value: y, selected: y === year }, String(y))));
  const yearForm = h('form', { class: 'filters' }, field({ name: 'year', label: t('budget.year'), control: yearSelect }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('budget.show'))));
  yearForm.addEventListener('submit', (e) => { e.preventDefault(); navigate(`/admin/envelopes?year=${yearSelect.value}`); });
  root.append(yearForm);

  const rows = new Map(progs.map((p) => [p.code, h('tr', { 'data-programme': p.code },
    h('th', { scope: 'row' }, title(p)),
    COLUMNS.map((k) => h('td', { class: 'num', 'data-col': k })))]));
  for (const [code, row] of rows) fillRow(row, lineOf(budget, code));
  root.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table budget-table', id: 'envelope-table' },
    h('caption', {}, t('envelopes.tableCaption', { year })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('budget.programme')),
      COLUMNS.map((k) => h('th', { scope: 'col', class: 'num' }, t(`budget.${k}`))))),
    h('tbody', {}, [...rows.values()]))));

  // The form: a programme, its amount prefilled in the page's format.
  const chosen = progs.some((p) => p.code === q.get('programme')) ? q.get('programme') : progs[0]?.code;
  const programmeSelect = h('select', { id: 'envelope-programme' },
    progs.map((p) => h('option', { value: p.code, selected: p.code === chosen }, title(p))));
  const amountInput = h('input', { id: 'envelope-amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', maxlength: 24 });
  const preview = h('p', { class: 'hint', id: 'envelope-preview', 'aria-live': 'polite' });
  const showPreview = () => {
    const cents = typedEurosToCents(amountInput.value);
    preview.textContent = Number.isInteger(cents) ? t('envelopes.preview', { amount: money(cents) }) : '';
  };
  const prefill = () => {
    amountInput.value = amount(lineOf(budget, programmeSelect.value).envelope_cents);
    showPreview();
  };
  programmeSelect.addEventListener('change', prefill);
  amountInput.addEventListener('input', showPreview);
  prefill();

  const form = h('form', { class: 'form', id: 'envelope-form', novalidate: true },
    field({ name: 'programme', label: t('budget.programme'), control: programmeSelect, required: true }),
    field({ name: 'amount_cents', label: t('envelopes.amount'), control: amountInput, required: true,
      hint: t('envelopes.amountHint', { example: amount(123456789) }) }),
    preview,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-primary', id: 'envelope-submit' }, t('envelopes.submit'))));
  root.append(h('section', { class: 'card', 'aria-labelledby': 'envelope-form-title' },
    h('h2', { id: 'envelope-form-title' }, t('envelopes.setTitle', { year })), form));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    form.querySelector(':scope > .notice')?.remove();
    const code = programmeSelect.value;
    const cents = typedEurosToCents(amountInput.value);
    if (!Number.isInteger(cents)) {
      showErrors(form, new ApiError(422, { errors: [{ field: 'amount_cents', message: t('envelopes.amountInvalid', { example: amount(123456789) }) }] }));
      return;
    }
    try {
      const { body: line } = await request('PUT', `/api/v1/programmes/${encodeURIComponent(code)}/envelopes/${year}`, { json: { amount_cents: cents } });
      fillRow(rows.get(code), line);
      budget.programmes = [...budget.programmes.filter((p) => p.code !== code), line];
      amountInput.value = amount(line.envelope_cents);
      showPreview();
      const name = title(progs.find((p) => p.code === code));
      notice(form, 'success', t('envelopes.saved', { programme: name, year, amount: money(line.envelope_cents) }));
      announce(t('envelopes.saved', { programme: name, year, amount: money(line.envelope_cents) }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status !== 409) { showErrors(form, err); return; }
      // Below what is in use: the figures as they are now, in this language.
      const fresh = await budgetOf();
      Object.assign(budget, fresh);
      const now = lineOf(fresh, code);
      fillRow(rows.get(code), now);
      const used = now.reserved_cents + now.committed_cents + now.paid_cents;
      showErrors(form, new ApiError(422, { errors: [{ field: 'amount_cents',
        message: t('envelopes.belowUse', { asked: money(cents), used: money(used), reserved: money(now.reserved_cents), committed: money(now.committed_cents), paid: money(now.paid_cents) }) }] }));
    }
  });
}
