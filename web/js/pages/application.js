// One application, for its association, its reviewers and the clerks: the
// fields, attachments (upload with progress for the owner), what comes next
// (the transitions the caller may fire), the staff's assessment grid, the
// decision with its reason for reviewers, once voted the letter and convention (and the day a clerk
// records the convention signed) and the money paid (payments_panel.js),
// the message thread, the timeline and the workflow diagram.
import { get, post, upload } from '../api.js';
import { h, field, showErrors, clearErrors, announce, notice, button, clear, errorTitle } from '../dom.js';
import { t, money, date, bytes } from '../i18n.js';
import { session, programmes, navigate } from '../state.js';
import { stateLabel, transitionLabel, fieldLabel, fieldValue, programmeTitle, deadlineStatus, reportOverdue } from '../format.js';
import { workflowDiagram } from '../diagram.js';
import { paymentsPanel } from './payments_panel.js';
import { assessmentSection } from './assessment.js';

const REVIEW_DECISIONS = ['request_changes', 'reject'];

export async function applicationPage(root, { params, query }) {
  const id = params[0];
  // The assessments are the staff's: the association never asks for them.
  const staff = session.user.role !== 'applicant';
  const [app, progs, history, messages, grantDocs, assessments] = await Promise.all([
    get(`/api/v1/applications/${id}`), programmes(get),
    get(`/api/v1/applications/${id}/history`), get(`/api/v1/applications/${id}/messages`),
    get(`/api/v1/applications/${id}/grant-documents`),
    staff ? get(`/api/v1/applications/${id}/assessments`) : null]);
  const programme = progs.find((p) => p.code === app.programme) || { code: app.programme, title: app.programme, fields: [], attachments: [], states: [], transitions: [] };
  const user = session.user;
  const owner = user.role === 'applicant';
  const refresh = () => navigate(`/applications/${id}`, { replace: true });

  const deadline = deadlineStatus(app);
  root.append(h('p', { class: 'breadcrumb' }, h('a', { href: owner ? '/applications' : '/review' }, owner ? t('nav.myApplications') : t('nav.queue'))),
    h('h1', {}, app.title),
    h('div', { class: 'summary' },
      h('dl', { class: 'facts' },
        fact(t('app.reference'), app.reference),
        fact(t('app.programme'), programmeTitle(programme)),
        app.call ? fact(t('app.call'), h('span', { id: 'app-call' }, t('app.callValue', { title: app.call.title, date: date(app.call.closes_on) }))) : null,
        fact(t('app.year'), String(app.year)),
        fact(t('app.state'), h('span', { class: `badge state-${app.state}`, id: 'app-state', 'data-state': app.state }, stateLabel(app.state, app.state_label))),
        fact(t('app.requested'), money(app.amount_requested_cents)),
        app.amount_granted_cents !== null ? fact(t('app.granted'), money(app.amount_granted_cents)) : null,
        app.report_due_at && !app.report_received_at ? fact(t('report.due'), h('span', { id: 'app-report-due', class: reportOverdue(app) ? 'deadline deadline-overdue' : '' }, date(app.report_due_at), reportOverdue(app) ? ` · ${t('report.overdue')}` : '')) : null,
        app.deadline_at ? fact(t('app.deadline'), h('span', { class: deadline ? `deadline deadline-${deadline}` : '' }, date(app.deadline_at), deadline ? ` · ${t(`deadline.${deadline}`)}` : '')) : null)));
  if (query.get('saved')) notice(root.querySelector('.summary'), 'success', t('form.saved'));

  // What comes next.
  const next = h('section', { class: 'card', 'aria-labelledby': 'next-title', id: 'next-steps' }, h('h2', { id: 'next-title' }, t('app.next')));
  const errorBox = h('div', { class: 'transition-errors', 'aria-live': 'assertive' });
  next.append(errorBox);
  if (owner && app.editable) next.append(h('p', {}, h('a', { class: 'button', href: `/applications/${id}/edit`, id: 'edit-link' }, t('app.edit'))));
  const reviewer = ['reviewer', 'clerk', 'admin'].includes(user.role);
  const simple = app.transitions.filter((tr) => !(reviewer && tr.comment_required));
  if (!app.transitions.length) next.append(h('p', {}, t('app.nothingNow')));
  if (simple.length) {
    next.append(h('div', { class: 'actions' }, simple.map((tr) => {
      if (tr.comment_required) return reasonForm(tr);
      // Leaving for good (withdrawn, rejected…) is asked twice and looks secondary.
      const final = (programme.states || []).some((st) => st.name === tr.to && st.final);
      return button(transitionLabel(tr.name, tr.label), {
        class: final ? 'button button-quiet' : 'button button-primary', 'data-transition': tr.name,
        onclick: (e) => {
          if (final && !window.confirm(t('app.confirmFinal', { action: transitionLabel(tr.name, tr.label) }))) return;
          fire(tr, '', e.currentTarget);
        },
      });
    })));
  }
  if (reviewer && app.transitions.length) next.append(decisionForm());
  const upcoming = (programme.transitions || []).filter((tr) => tr.from.includes(app.state) && !tr.roles.includes('system'));
  if (upcoming.length) {
    next.append(h('h3', {}, t('app.whatComesNext')), h('ul', { class: 'upcoming' }, upcoming.map((tr) =>
      h('li', {}, `${transitionLabel(tr.name, tr.label)} → ${stateLabel(tr.to, (programme.states.find((st) => st.name === tr.to) || {}).label)}`,
        h('span', { class: 'muted' }, ` (${tr.roles.map((r) => t(`role.${r}`)).join(', ')})`)))));
  }
  root.append(next);
  if (assessments?.grid) root.append(assessmentSection(id, assessments, user, app, refresh));
  if (grantDocs.items.length) {
    root.append(grantDocuments());
    const payments = await paymentsPanel(id, user, refresh);
    if (payments) root.append(payments);
  }

  // After the Council's vote: the letter and, where one is needed, the
  // convention to sign; the association attaches the signed copy, a clerk
  // records the day it was signed.
  function grantDocuments() {
    const docs = Object.fromEntries(grantDocs.items.map((d) => [d.kind, d]));
    const section = h('section', { class: 'card', 'aria-labelledby': 'grant-title', id: 'grant-documents' }, h('h2', { id: 'grant-title' }, t('grant.title')));
    const link = (doc, label) => h('li', {}, h('a', { href: doc.href, target: '_blank', rel: 'noopener', id: `grant-${doc.kind}` }, label,
      h('span', { class: 'visually-hidden' }, ` (${t('grant.newTab')})`)));
    section.append(h('ul', { class: 'grant-documents' },
      docs.letter ? link(docs.letter, t('grant.letter')) : null,
      docs.convention ? link(docs.convention, t('grant.convention')) : null));
    const convention = docs.convention;
    if (!convention) return section;
    if (convention.signed_on) {
      section.append(h('p', { id: 'grant-signed' }, t('grant.signedOn', { date: date(convention.signed_on) })));
      return section;
    }
    const signedCopy = app.attachments.some((a) => a.kind === 'signed_agreement');
    if (owner) section.append(h('p', { class: 'hint' }, signedCopy ? t('grant.signedCopy') : t('grant.toSign')));
    if (user.role === 'clerk') section.append(signatureForm());
    return section;
  }

  function signatureForm() {
    const day = h('input', { type: 'date', id: 'agreement-day' });
    const form = h('form', { class: 'form inline-form', novalidate: true, id: 'agreement-form' },
      field({ name: 'signed_on', label: t('grant.day'), control: day, required: true, hint: t('grant.dayHint') }),
      h('button', { type: 'submit', class: 'button button-primary' }, t('grant.record')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!day.value) { showErrors(form, { status: 422, errors: [{ field: 'signed_on', message: t('form.missing') }] }); return; }
      try {
        await post(`/api/v1/applications/${id}/agreement`, { signed_on: day.value });
        announce(t('grant.recorded'));
        refresh();
      } catch (err) { showErrors(form, err); }
    });
    return form;
  }

  async function fire(tr, comment, control) {
    clear(errorBox);
    if (control) control.disabled = true;
    try {
      await post(`/api/v1/applications/${id}/transitions`, { name: tr.name, version: app.version, comment });
      announce(t('app.done', { action: transitionLabel(tr.name, tr.label) }));
      refresh();
    } catch (err) {
      if (control) control.disabled = false;
      const box = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', id: 'transition-error' },
        h('p', {}, errorTitle(err)), err.problem?.detail ? h('p', {}, err.problem.detail) : null,
        err.errors?.length ? h('ul', {}, err.errors.map((e) => h('li', { 'data-field': e.field }, e.message))) : null);
      errorBox.append(box);
      box.focus();
    }
  }

  function reasonForm(tr) {
    const text = h('textarea', { rows: 3, maxlength: 4000 });
    const form = h('form', { class: 'form inline-form', novalidate: true, 'data-transition': tr.name },
      field({ name: 'comment', label: t('app.reasonFor', { action: transitionLabel(tr.name, tr.label) }), required: true, control: text }),
      h('button', { type: 'submit', class: 'button' }, transitionLabel(tr.name, tr.label)));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!text.value.trim()) { showErrors(form, { status: 422, errors: [{ field: 'comment', message: t('app.reasonNeeded') }] }); return; }
      fire(tr, text.value.trim(), form.querySelector('button'));
    });
    return form;
  }

  // Reviewers: a score (unless the programme has an assessment grid, which
  // holds the scores) and a comment, then the decision; a reason is
  // required to ask for changes or reject (the workflow says so).
  function decisionForm() {
    const graded = Boolean(assessments?.grid);
    const score = h('select', { id: 'decision-score' }, h('option', { value: '' }, t('review.noScore')),
      [1, 2, 3, 4, 5].map((n) => h('option', { value: n }, `${n} / 5`)));
    const comment = h('textarea', { rows: 4, maxlength: 3900, id: 'decision-comment' });
    const decisions = app.transitions;
    const choice = h('fieldset', { class: 'choices' }, h('legend', {}, t('review.decision')),
      decisions.map((tr, i) => h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'decision', id: `decision-${tr.name}`, value: tr.name, checked: i === 0 }),
        h('label', { for: `decision-${tr.name}` }, transitionLabel(tr.name, tr.label), tr.comment_required ? ` (${t('review.reasonRequired')})` : ''))));
    const form = h('form', { class: 'form', novalidate: true, id: 'decision-form' },
      h('h3', {}, t('review.title')),
      graded ? null : field({ name: 'score', label: t('review.score'), control: score, hint: t('review.scoreHint') }),
      field({ name: 'comment', label: t('review.comment'), control: comment, hint: t('review.commentHint') }),
      choice,
      h('button', { type: 'submit', class: 'button button-primary', id: 'decision-submit' }, t('review.send')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearErrors(form);
      const name = form.querySelector('input[name="decision"]:checked')?.value;
      const tr = decisions.find((d) => d.name === name);
      if (!tr) return;
      let text = comment.value.trim();
      if (tr.comment_required && !text) { showErrors(form, { status: 422, errors: [{ field: 'comment', message: t('app.reasonNeeded') }] }); return; }
      if (!graded && score.value) text = `${t('review.scoreLine', { score: score.value })}${text ? ` — ${text}` : ''}`;
      fire(tr, text, form.querySelector('#decision-submit'));
    });
    return form;
  }

  // Fields.
  root.append(h('section', { class: 'card', 'aria-labelledby': 'fields-title' }, h('h2', { id: 'fields-title' }, t('app.fields')),
    h('dl', { class: 'field-list' }, programme.fields.map((f) => [
      h('dt', {}, fieldLabel(programme.code, f)), h('dd', { 'data-field': f.name }, fieldValue(f, app.fields?.[f.name]))]))));

  // Attachments.
  const attachments = h('section', { class: 'card', 'aria-labelledby': 'att-title', id: 'attachments' }, h('h2', { id: 'att-title' }, t('att.title')));
  const kinds = Object.fromEntries((programme.attachments || []).map((a) => [a.kind, a]));
  const kindLabel = (k) => t(`kind.${k}`) !== `kind.${k}` ? t(`kind.${k}`) : (kinds[k]?.label || k);
  if (app.attachments.length) {
    attachments.append(h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'attachment-list' },
      h('caption', { class: 'visually-hidden' }, t('att.title')),
      h('thead', {}, h('tr', {}, ['file', 'kind', 'type', 'size'].map((k) => h('th', { scope: 'col' }, t(`att.${k}`))))),
      h('tbody', {}, app.attachments.map((a) => h('tr', { 'data-kind': a.kind },
        h('td', {}, h('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.filename, h('span', { class: 'visually-hidden' }, ` (${t('att.newTab')})`))),
        h('td', {}, kindLabel(a.kind)), h('td', {}, a.content_type), h('td', { class: 'num' }, bytes(a.size))))))));
  } else attachments.append(h('p', {}, t('att.none')));
  const missing = (programme.attachments || []).filter((k) => k.required && !app.attachments.some((a) => a.kind === k.kind));
  if (missing.length && owner) attachments.append(h('p', { class: 'hint' }, t('att.missing', { kinds: missing.map((k) => kindLabel(k.kind)).join(', ') })));
  if (owner && !['closed', 'rejected', 'withdrawn'].includes(app.state)) attachments.append(uploadForm());
  root.append(attachments);

  function uploadForm() {
    const kind = h('select', { id: 'upload-kind' }, (programme.attachments || []).map((k) =>
      h('option', { value: k.kind }, `${kindLabel(k.kind)}${k.required ? ' *' : ''}`)));
    const file = h('input', { type: 'file', id: 'upload-file', accept: '.pdf,.png,.jpg,.jpeg,.odt,.ods,.docx,.xlsx' });
    const progress = h('progress', { max: 100, value: 0, id: 'upload-progress', 'aria-label': t('att.progress'), hidden: true });
    const status = h('p', { class: 'upload-status', 'aria-live': 'polite', id: 'upload-status' });
    const form = h('form', { class: 'form inline-form', novalidate: true, id: 'upload-form' },
      h('h3', {}, t('att.add')),
      field({ name: 'kind', label: t('att.kind'), control: kind, required: true }),
      field({ name: 'file', label: t('att.file'), control: file, required: true, hint: t('att.hint') }),
      h('button', { type: 'submit', class: 'button' }, t('att.upload')), progress, status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      if (!file.files.length) { showErrors(form, { status: 422, errors: [{ field: 'file', message: t('att.chooseFile') }] }); return; }
      progress.hidden = false;
      progress.value = 0;
      status.textContent = t('att.uploading');
      let lastSaid = 0;
      try {
        await upload(`/api/v1/applications/${id}/attachments`, { kind: kind.value }, file.files[0], (loaded, total) => {
          const pct = Math.round((loaded / total) * 100);
          progress.value = pct;
          if (pct - lastSaid >= 25) { lastSaid = pct; status.textContent = t('att.percent', { percent: pct }); }
        });
        progress.value = 100;
        announce(t('att.uploaded', { name: file.files[0].name }));
        refresh();
      } catch (err) {
        progress.hidden = true;
        status.textContent = '';
        showErrors(form, err);
      }
    });
    return form;
  }

  // Workflow diagram.
  root.append(h('section', { class: 'card', 'aria-labelledby': 'wf-title' }, h('h2', { id: 'wf-title' }, t('diagram.heading')), workflowDiagram(programme, app.state)));

  // Messages.
  const thread = h('section', { class: 'card', 'aria-labelledby': 'msg-title', id: 'messages' }, h('h2', { id: 'msg-title' }, t('msg.title')));
  if (messages.items.length) {
    thread.append(h('ol', { class: 'messages' }, messages.items.map((m) => h('li', { class: `message message-${m.author_role}` },
      h('p', { class: 'meta' }, h('strong', {}, m.author_name), ` · ${t(`role.${m.author_role}`)} · `, h('time', { datetime: m.created_at }, date(m.created_at))),
      h('p', { class: 'body' }, m.body)))));
  } else thread.append(h('p', {}, t('msg.none')));
  const body = h('textarea', { rows: 3, maxlength: 4000, id: 'message-body' });
  const msgForm = h('form', { class: 'form', novalidate: true, id: 'message-form' },
    field({ name: 'body', label: t('msg.answer'), control: body, required: true }),
    h('button', { type: 'submit', class: 'button' }, t('msg.send')));
  msgForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(msgForm);
    if (!body.value.trim()) { showErrors(msgForm, { status: 422, errors: [{ field: 'body', message: t('form.missing') }] }); return; }
    try {
      await post(`/api/v1/applications/${id}/messages`, { body: body.value.trim() });
      announce(t('msg.sent'));
      refresh();
    } catch (err) { showErrors(msgForm, err); }
  });
  thread.append(msgForm);
  root.append(thread);

  // Timeline.
  root.append(h('section', { class: 'card', 'aria-labelledby': 'hist-title', id: 'history' }, h('h2', { id: 'hist-title' }, t('hist.title')),
    h('ol', { class: 'timeline' }, history.items.map((e) => h('li', {},
      h('time', { datetime: e.at }, date(e.at)), ' ',
      h('strong', {}, transitionLabel(e.action, e.action)),
      e.from && e.to && e.from !== e.to ? ` : ${stateLabel(e.from)} → ${stateLabel(e.to)}` : '',
      h('span', { class: 'muted' }, ` · ${t(`role.${e.actor_role}`)}`),
      e.comment ? h('p', { class: 'comment' }, e.comment) : null)))));
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

