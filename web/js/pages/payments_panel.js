// A voted grant's money on its application page: the instalments of the
// City's share (what each waits for), the payments made, the recovery
// orders; for finance officers, the forms that record a payment, order a
// recovery and record it paid back (docs/payments.md).
import { get, post } from '../api.js';
import { h, field, showErrors, clearErrors, announce } from '../dom.js';
import { t, money, date } from '../i18n.js';
import { stateLabel } from '../format.js';

// The section, or null when the application has no ledger (not granted).
export async function paymentsPanel(id, user, refresh) {
  let ledger;
  try {
    ledger = await get(`/api/v1/applications/${id}/payments`);
  } catch {
    return null;
  }
  const finance = user.role === 'finance';
  const section = h('section', { class: 'card', 'aria-labelledby': 'payments-title', id: 'payments' },
    h('h2', { id: 'payments-title' }, t('pay.title')),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, t('pay.share')), h('dd', { id: 'pay-share' }, money(ledger.city_share_cents))),
      h('div', {}, h('dt', {}, t('pay.paid')), h('dd', { id: 'pay-paid' }, money(ledger.paid_cents))),
      h('div', {}, h('dt', {}, t('pay.payable')), h('dd', { id: 'pay-payable' }, money(ledger.payable_cents))),
      ledger.recovered_cents ? h('div', {}, h('dt', {}, t('pay.recovered')), h('dd', { id: 'pay-recovered' }, money(ledger.recovered_cents))) : null),
    table('pay-instalments', t('pay.instalments'), ['number', 'share', 'amount', 'paidOf', 'status'],
      ledger.instalments.map((i) => h('tr', { 'data-status': i.status },
        h('td', {}, String(i.number)), h('td', { class: 'num' }, `${i.percent} %`),
        h('td', { class: 'num' }, money(i.amount_cents)), h('td', { class: 'num' }, money(i.paid_cents)),
        h('td', {}, i.status === 'not_yet_due' ? t('pay.waitsFor', { state: stateLabel(i.due_in_state) }) : t(`pay.status.${i.status}`))))));
  if (ledger.convention_needed && !ledger.convention_signed_on)
    section.append(h('p', { class: 'hint', id: 'pay-convention' }, t('pay.conventionFirst')));
  if (ledger.payments.length) {
    section.append(table('pay-list', t('pay.payments'), ['day', 'amount', 'reference', 'iban'],
      ledger.payments.map((p) => h('tr', {},
        h('td', {}, date(p.paid_on)), h('td', { class: 'num' }, money(p.amount_cents)),
        h('td', {}, p.reference), h('td', {}, p.iban)))));
  }
  if (ledger.recoveries.length) {
    section.append(table('pay-recoveries', t('pay.recoveries'), ['day', 'amount', 'reference', 'reason', 'settled'],
      ledger.recoveries.map((r) => h('tr', { 'data-open': r.settled_on ? 'false' : 'true' },
        h('td', {}, date(r.ordered_on)), h('td', { class: 'num' }, money(r.amount_cents)),
        h('td', {}, r.reference), h('td', {}, r.reason),
        h('td', {}, r.settled_on ? date(r.settled_on) : (finance ? settleForm(r) : t('pay.open')))))));
  }
  if (finance && ledger.payable_cents > 0) section.append(paymentForm());
  if (finance && ledger.paid_cents > ledger.recovered_cents) section.append(recoveryForm());
  return section;

  function table(tableId, caption, columns, rows) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: tableId },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, t(`pay.col.${c}`))))),
      h('tbody', {}, rows)));
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  // One form: its fields by name, posted as JSON; amounts typed in euros.
  function form(formId, title, fields, submitLabel, send) {
    const controls = {};
    const el = h('form', { class: 'form', novalidate: true, id: formId }, h('h3', {}, title),
      fields.map((f) => {
        controls[f.name] = f.control;
        return field({ name: f.name, label: f.label, control: f.control, required: true, hint: f.hint });
      }),
      h('button', { type: 'submit', class: 'button button-primary' }, submitLabel));
    el.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(el);
      const missing = fields.filter((f) => !f.control.value.trim()).map((f) => ({ field: f.name, message: t('form.missing') }));
      if (missing.length) { showErrors(el, { status: 422, errors: missing }); return; }
      try {
        await send(controls);
        announce(t('pay.recorded'));
        refresh();
      } catch (err) { showErrors(el, err); }
    });
    return el;
  }

  function cents(text) { return Math.round(Number(text.replace(',', '.').replace(/\s/g, '')) * 100); }

  function paymentForm() {
    const amount = h('input', { type: 'text', inputmode: 'decimal', value: (ledger.payable_cents / 100).toFixed(2) });
    return form('payment-form', t('pay.record'), [
      { name: 'amount_cents', label: t('pay.amount'), control: amount, hint: t('pay.amountHint', { amount: money(ledger.payable_cents) }) },
      { name: 'paid_on', label: t('pay.day'), control: h('input', { type: 'date', value: today() }) },
      { name: 'reference', label: t('pay.reference'), control: h('input', { type: 'text', maxlength: 64 }), hint: t('pay.referenceHint') },
    ], t('pay.recordButton'), (c) => post(`/api/v1/applications/${id}/payments`, {
      amount_cents: cents(c.amount_cents.value), paid_on: c.paid_on.value, reference: c.reference.value.trim(),
    }));
  }

  function recoveryForm() {
    return form('recovery-form', t('pay.orderRecovery'), [
      { name: 'amount_cents', label: t('pay.amount'), control: h('input', { type: 'text', inputmode: 'decimal' }) },
      { name: 'reason', label: t('pay.reason'), control: h('textarea', { rows: 3, maxlength: 2000 }) },
      { name: 'reference', label: t('pay.reference'), control: h('input', { type: 'text', maxlength: 64 }) },
      { name: 'ordered_on', label: t('pay.orderedOn'), control: h('input', { type: 'date', value: today() }) },
    ], t('pay.orderButton'), (c) => post(`/api/v1/applications/${id}/recoveries`, {
      amount_cents: cents(c.amount_cents.value), reason: c.reason.value.trim(),
      reference: c.reference.value.trim(), ordered_on: c.ordered_on.value,
    }));
  }

  function settleForm(order) {
    const day = h('input', { type: 'date', value: today(), id: `settled-${order.id}` });
    const el = h('form', { class: 'inline-form', novalidate: true, 'data-recovery': order.id },
      field({ name: 'settled_on', label: t('pay.settledOn', { reference: order.reference }), control: day, required: true }),
      h('button', { type: 'submit', class: 'button' }, t('pay.settleButton')));
    el.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(el);
      try {
        await post(`${order.href}/settlement`, { settled_on: day.value });
        announce(t('pay.recorded'));
        refresh();
      } catch (err) { showErrors(el, err); }
    });
    return el;
  }
}
