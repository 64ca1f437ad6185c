// Small DOM helpers. Text always goes in through textContent (never
// innerHTML), so nothing the API returns can become markup.
import { t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'for') el.htmlFor = v;
    else if (k === 'value' && 'value' in el && el.namespaceURI !== SVG) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required' || k === 'multiple') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

let uid = 0;
export const nextId = (prefix = 'gf') => `${prefix}-${++uid}`;

// Says `message` to screen readers (the page's polite live region).
export function announce(message) {
  const live = document.getElementById('announcer');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = message; }, 30);
}

// A labelled form control with its hint and its error slot, tied together
// by aria-describedby. `control` is an input, select or textarea element.
export function field({ name, label, control, hint, required }) {
  const id = control.id || nextId('f');
  control.id = id;
  control.name = control.name || name;
  control.dataset.field = name;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hint ? hintId : null, errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  if (required) { control.required = true; control.setAttribute('aria-required', 'true'); }
  const labelEl = h('label', { for: id }, label,
    required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
    required ? h('span', { class: 'visually-hidden' }, ` (${t('form.required')})`) : null);
  if (control.type === 'checkbox') {
    return h('div', { class: 'field field-check', 'data-for': name }, control, labelEl,
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      h('p', { class: 'field-error', id: errorId, hidden: true }));
  }
  return h('div', { class: 'field', 'data-for': name }, labelEl,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field.has-error').forEach((f) => f.classList.remove('has-error'));
  const summary = form.querySelector('.error-summary');
  if (summary) { summary.hidden = true; clear(summary); }
}

// Puts each problem error next to its field (matched on `errors[].field`,
// also by its last part: "organization.rna" -> data-field "organization.rna"
// or "rna"); the rest, and the problem's detail, go in the form's summary
// (role=alert). Focus moves to the first field in error, else the summary.
export function showErrors(form, error) {
  clearErrors(form);
  const errors = error.errors || [];
  const leftovers = [];
  let first = null;
  for (const e of errors) {
    const name = e.field || '';
    const control = form.querySelector(`[data-field="${CSS.escape(name)}"]`)
      || form.querySelector(`[data-field="${CSS.escape(name.split('.').pop())}"]`);
    if (!control || !name) { leftovers.push(e); continue; }
    control.setAttribute('aria-invalid', 'true');
    const wrapper = control.closest('.field');
    wrapper?.classList.add('has-error');
    const slot = wrapper?.querySelector('.field-error');
    if (slot) {
      slot.hidden = false;
      slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
    }
    if (!first) first = control;
  }
  let summary = form.querySelector('.error-summary');
  if (!summary) {
    summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
    form.prepend(summary);
  }
  clear(summary);
  summary.append(h('p', { class: 'error-title' }, errorTitle(error)));
  if (leftovers.length) summary.append(h('ul', {}, leftovers.map((e) => h('li', {}, e.message))));
  summary.hidden = false;
  (first || summary).focus();
}

export function errorTitle(error) {
  if (error.status === 0) return t('error.network');
  if (error.status === 409) return t('error.conflict');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 404) return t('error.notFound');
  if (error.status === 413) return t('error.tooLarge');
  if (error.status === 415) return t('error.type');
  if (error.status === 429) return t('error.tooMany');
  if (error.status === 401 && error.problem?.detail?.includes('password')) return t('error.credentials');
  if (error.status === 401) return t('error.credentials');
  if (error.status === 422) return t('error.invalid');
  return error.problem?.detail || error.message || t('error.generic');
}

// A status message box (role=status or alert) reused in place.
export function notice(container, kind, text) {
  let box = container.querySelector(':scope > .notice');
  if (!box) { box = h('div', { class: 'notice' }); container.prepend(box); }
  box.className = `notice notice-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  return box;
}

export function stateBadge(state, label) {
  return h('span', { class: `badge state-${state}` }, label);
}

export function button(label, attrs = {}) {
  return h('button', { type: 'button', class: 'button', ...attrs }, label);
}
