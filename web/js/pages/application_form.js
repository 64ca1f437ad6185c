// New or edited application: the form is generated from the programme's
// field schema (GET /api/v1/programmes), with types, limits and required
// marks shown before anything is sent. Saving creates the draft (POST) or
// updates it (PATCH with If-Match: the version read).
import { get, post, patch } from '../api.js';
import { h, field, showErrors, clearErrors, announce, notice } from '../dom.js';
import { t, money, date } from '../i18n.js';
import { programmes, navigate } from '../state.js';
import { eurosToCents, centsToEuros, fieldLabel, programmeTitle, enumLabel } from '../format.js';

function limitsHint(f) {
  const parts = [];
  const has = (v) => v !== null && v !== undefined;
  if (f.type === 'text' || f.type === 'longtext') {
    if (has(f.min) && has(f.max)) parts.push(t('hint.lengthBetween', { min: f.min, max: f.max }));
    else if (has(f.max)) parts.push(t('hint.lengthMax', { max: f.max }));
    else if (has(f.min)) parts.push(t('hint.lengthMin', { min: f.min }));
  } else if (f.type === 'money') {
    if (has(f.min) && has(f.max)) parts.push(t('hint.between', { min: money(f.min), max: money(f.max) }));
    else if (has(f.max)) parts.push(t('hint.max', { max: money(f.max) }));
    parts.push(t('hint.euros'));
  } else if (f.type === 'number') {
    if (has(f.min) && has(f.max)) parts.push(t('hint.between', { min: f.min, max: f.max }));
    else if (has(f.min)) parts.push(t('hint.min', { min: f.min }));
  } else if (f.type === 'country') parts.push(t('hint.country'));
  else if (f.type === 'date') parts.push(t('hint.date'));
  return parts.join(' ');
}

function controlFor(f, value) {
  const has = (v) => v !== null && v !== undefined;
  switch (f.type) {
    case 'longtext':
      return h('textarea', { rows: 5, minlength: f.min ?? null, maxlength: f.max ?? null, value: value ?? '' });
    case 'text':
      return h('input', { type: 'text', minlength: f.min ?? null, maxlength: f.max ?? null, value: value ?? '' });
    case 'money':
      return h('input', { type: 'text', inputmode: 'decimal', value: has(value) ? centsToEuros(value) : '' });
    case 'number':
      return h('input', { type: 'number', min: f.min ?? null, max: f.max ?? null, step: 1, value: has(value) ? String(value) : '' });
    case 'enum':
      return h('select', {}, h('option', { value: '' }, t('form.choose')),
        (f.values || []).map((v) => h('option', { value: v, selected: v === value }, enumLabel(v))));
    case 'country':
      return h('input', { type: 'text', maxlength: 2, pattern: '[A-Za-z]{2}', autocomplete: 'off', value: value ?? '', class: 'short' });
    case 'date':
      return h('input', { type: 'date', value: value ?? '' });
    case 'bool':
      return h('input', { type: 'checkbox', checked: Boolean(value) });
    default:
      return h('input', { type: 'text', value: value ?? '' });
  }
}

// The value of a generated control in the API's form; undefined when empty.
function readControl(f, control, errors) {
  if (f.type === 'bool') return control.checked;
  const raw = control.value.trim();
  if (raw === '') return undefined;
  if (f.type === 'money') {
    const cents = eurosToCents(raw);
    if (Number.isNaN(cents)) { errors.push({ field: `fields.${f.name}`, message: t('form.notAmount') }); return undefined; }
    return cents;
  }
  if (f.type === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) { errors.push({ field: `fields.${f.name}`, message: t('form.notNumber') }); return undefined; }
    return n;
  }
  if (f.type === 'country') return raw.toUpperCase();
  return raw;
}

export async function applicationFormPage(root, { params, query }) {
  const editing = params.length > 0;
  const progs = await programmes(get);
  let app = null;
  let code = query.get('programme');
  if (editing) {
    app = await get(`/api/v1/applications/${params[0]}`);
    code = app.programme;
  }
  const programme = progs.find((p) => p.code === code);
  root.append(h('h1', {}, editing ? t('form.editTitle', { reference: app.reference }) : t('form.newTitle')));
  if (!programme) {
    root.append(h('p', {}, t('form.pickProgramme')),
      h('ul', { class: 'programme-list' }, progs.map((p) => h('li', {},
        h('a', { class: 'button', href: `/applications/new?programme=${encodeURIComponent(p.code)}` }, programmeTitle(p))))));
    return;
  }
  if (editing && !app.editable) {
    notice(root, 'info', t('form.notEditable'));
    return;
  }
  // A programme run by calls: a new draft answers the call open today.
  let call = app?.call ?? null;
  if (!editing && programme.intake === 'calls') {
    call = (await get('/api/v1/calls?open=true')).items.find((c) => c.programme === programme.code) ?? null;
    if (!call) {
      notice(root, 'info', t('form.noCall', { programme: programmeTitle(programme) }));
      return;
    }
  }
  root.append(h('p', { class: 'lead' }, t('form.programme'), ' ', h('strong', {}, programmeTitle(programme))),
    call ? h('p', { id: 'form-call' }, t('form.call', { title: call.title, date: date(call.closes_on) })) : null,
    h('p', { class: 'hint' }, t('form.requiredNote')));

  const controls = {};
  const form = h('form', { class: 'form', novalidate: true, id: 'application-form' });
  const title = h('input', { type: 'text', maxlength: 200, value: app?.title ?? '' });
  const amount = h('input', { type: 'text', inputmode: 'decimal', value: app ? centsToEuros(app.amount_requested_cents) : '' });
  form.append(h('fieldset', {}, h('legend', {}, t('form.general')),
    field({ name: 'title', label: t('form.title'), required: true, control: title, hint: t('hint.lengthMax', { max: 200 }) }),
    field({ name: 'amount_requested_cents', label: t('form.amount'), required: true, control: amount, hint: t('hint.euros') })));
  const specific = h('fieldset', {}, h('legend', {}, t('form.details')));
  for (const f of programme.fields) {
    const control = controlFor(f, app?.fields?.[f.name]);
    controls[f.name] = control;
    specific.append(field({ name: `fields.${f.name}`, label: fieldLabel(programme.code, f), required: f.required, control, hint: limitsHint(f) }));
  }
  form.append(specific);
  form.append(h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'button button-primary', id: 'save-draft' }, t('form.saveDraft')),
    h('a', { class: 'button button-quiet', href: app ? `/applications/${app.id}` : '/applications' }, t('common.cancel'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const errors = [];
    const fields = {};
    for (const f of programme.fields) {
      const v = readControl(f, controls[f.name], errors);
      if (v !== undefined) fields[f.name] = v;
      else if (editing && app.fields && f.name in app.fields) fields[f.name] = null;
    }
    const cents = eurosToCents(amount.value);
    if (cents === null || Number.isNaN(cents)) errors.push({ field: 'amount_requested_cents', message: t('form.notAmount') });
    if (!title.value.trim()) errors.push({ field: 'title', message: t('form.missing') });
    if (errors.length) { showErrors(form, { status: 422, errors, problem: {} }); return; }
    const body = { title: title.value.trim(), amount_requested_cents: cents, fields };
    try {
      let saved;
      if (editing) saved = await patch(`/api/v1/applications/${app.id}`, body, app.version);
      else saved = await post('/api/v1/applications', { programme: programme.code, ...body });
      announce(t('form.saved'));
      navigate(`/applications/${saved.id}?saved=1`);
    } catch (err) {
      showErrors(form, err);
    }
  });
  root.append(form);
}
