// The HEALTH workflow as an XState machine, run like bench/bench_engine.cpp
// runs grantflow's engine: same definition, same path, same checks, same
// context written, so that the two throughputs compare.
//
//   node bench/xstate/engine_xstate.mjs [--transitions N] [--workflows DIR]
//
// The machine is built from workflows/health.json (its states, and each
// transition from each of its source states), the way grantflow's loader
// builds its definition. Each transition's guard checks what grantflow's
// engine checks before it fires: the actor's role, the organisation of an
// applicant, the programme of a reviewer, the expected version, the
// comment's length and presence, then the definition's guards
// (email_verified, required_fields, required_attachments, no_overdue_report,
// amount_within, budget_available, convention_required), gathering every
// reason as text. Each transition's actions assign what grantflow's
// TransitionChange holds (state, version, deadline, granted amount, report
// dates, the notifications with their JSON payload and subject, the budget
// movements) and append the audit entry with its JSON details; the budget
// movements are applied to the shared envelope, refused past it, as the
// store does. Drafts and edits are checked the same way as grantflow's
// createDraft and edit. One actor (createActor) per application, events sent
// with send(); each result is read from getSnapshot().
//
// Output lines are "key value", as bench_engine prints them:
//   transitions 1000000 / seconds S / transitions_per_s X / peak_rss_kb K

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assign, createActor, createMachine } from "xstate";

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { transitions: 1_000_000, workflows: join(here, "..", "..", "workflows") };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage();
    if (key === "--transitions") o.transitions = Number(value);
    else if (key === "--workflows") o.workflows = value;
    else usage();
  }
  if (!(o.transitions > 0)) usage();
  return o;
}

function usage() {
  console.error("usage: node engine_xstate.mjs [--transitions N] [--workflows DIR]");
  process.exit(2);
}

// The definition files are JSON with // and /* */ comments.
function stripComments(text) {
  let out = "";
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") ++i;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else {
      out += c;
    }
  }
  return out;
}

// ---- what grantflow's engine computes, in JavaScript -------------------------

const DAY = 86400;

function durationSeconds(text) {
  const m = /^P(\d+)([DWM])$/.exec(text);
  const n = Number(m[1]);
  return m[2] === "D" ? n * DAY : m[2] === "W" ? 7 * n * DAY : n * 30 * DAY;
}

function formatTimestamp(seconds) {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

// Money as grantflow's Money::toString writes it: "25000.00 EUR".
function money(cents) {
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return (cents < 0 ? "-" : "") + Math.floor(abs / 100) + (rest < 10 ? ".0" : ".") + rest + " EUR";
}

// Midnight in Paris (22:00 or 23:00 UTC the day before), as parisStartOf.
function lastSunday(year, month) {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}
function parisStartOf(year, month, day) {
  const utcMidnight = Date.UTC(year, month, day) / 1000;
  const summer =
    (month > 2 && month < 9) ||
    (month === 2 && day > lastSunday(year, 2)) ||
    (month === 9 && day <= lastSunday(year, 9));
  return utcMidnight - (summer ? 2 : 1) * 3600;
}

const COUNTRIES = new Set(
  ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ " +
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM " +
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS " +
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN " +
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ " +
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM " +
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
    "VN VU WF WS YE YT ZA ZM ZW").split(" "),
);

const isMissing = (v) => v === undefined || v === null || v === "";
const codePoints = (s) => {
  let n = 0;
  for (let i = 0; i < s.length; ++i) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) ++n;
  }
  return n;
};

function checkValue(spec, v) {
  switch (spec.type) {
    case "text":
    case "longtext": {
      if (typeof v !== "string") return "must be text";
      if (spec.type === "text" && /[\r\n]/.test(v)) return "must be a single line";
      const len = codePoints(v);
      const max = spec.max ?? (spec.type === "text" ? 500 : 20000);
      if (len > max) return `must be at most ${max} characters`;
      if (spec.min !== undefined && len < spec.min) return `must be at least ${spec.min} characters`;
      return null;
    }
    case "money":
    case "number": {
      if (typeof v !== "number" || (spec.type === "money" && !Number.isInteger(v)))
        return spec.type === "money" ? "must be a whole number of cents" : "must be a number";
      if (spec.type === "money" && v < 0) return "must not be negative";
      if (spec.min !== undefined && v < spec.min) return `must be at least ${spec.min}`;
      if (spec.max !== undefined && v > spec.max) return `must be at most ${spec.max}`;
      return null;
    }
    case "enum":
      return typeof v === "string" && spec.values.includes(v)
        ? null
        : "must be one of: " + spec.values.join(", ");
    case "country":
      return typeof v === "string" && COUNTRIES.has(v)
        ? null
        : "must be an ISO 3166 alpha-2 country code (e.g. ML, HT)";
    case "date":
      return typeof v === "string" && v.length === 10 && !Number.isNaN(Date.parse(v))
        ? null
        : "must be a date written YYYY-MM-DD";
    case "bool":
      return typeof v === "boolean" ? null : "must be true or false";
  }
  return null;
}

// validateFields: every value given checked against its field; with
// `requireAll`, every required field present.
function validateFields(def, fields, requireAll) {
  const reasons = [];
  for (const name in fields) {
    const spec = def.fieldsByName.get(name);
    if (!spec) {
      reasons.push({ field: name, message: "is not a field of programme " + def.programme, guard: "" });
      continue;
    }
    const v = fields[name];
    if (isMissing(v)) continue;
    const problem = checkValue(spec, v);
    if (problem) reasons.push({ field: name, message: problem, guard: "" });
  }
  if (requireAll)
    for (const spec of def.fields)
      if (spec.required && isMissing(fields[spec.name]))
        reasons.push({ field: spec.name, message: "is required", guard: "" });
  return reasons;
}

// ---- the built-in guards and actions used by health.json ---------------------

const cityShare = (app) => (app.amountGranted ?? app.amountRequested) - app.partnerShare;

const guards = {
  email_verified: () => (ctx) =>
    ctx.actor.role !== "applicant" || ctx.actor.emailVerified
      ? []
      : [{ field: "email", message: "confirm your e-mail address first", guard: "email_verified" }],
  required_fields: () => (ctx) =>
    validateFields(ctx.def, ctx.app.fields, true).map((r) => ({ ...r, guard: "required_fields" })),
  required_attachments: (params, def) => {
    const kinds = params.kinds ?? def.attachments.filter((a) => a.required).map((a) => a.kind);
    return (ctx) => {
      const reasons = [];
      for (const kind of kinds)
        if (!ctx.app.attachments.some((a) => a.kind === kind))
          reasons.push({
            field: "attachments." + kind,
            message: "the attachment `" + kind + "` is required",
            guard: "required_attachments",
          });
      return reasons;
    };
  },
  no_overdue_report: () => (ctx) => {
    const overdue = ctx.store.countOverdueReports(ctx.app.organizationId, ctx.app.id, ctx.now);
    return overdue === 0
      ? []
      : [{ field: "", message: `the organisation has ${overdue} earlier grant(s) whose final report is overdue`, guard: "no_overdue_report" }];
  },
  amount_within: (params) => (ctx) => {
    const amount = ctx.app.amountGranted ?? ctx.app.amountRequested;
    if (amount >= params.min_cents && amount <= params.max_cents) return [];
    return [{
      field: ctx.app.amountGranted !== null ? "amount_granted_cents" : "amount_requested_cents",
      message: "the amount " + money(amount) + " must be between " + money(params.min_cents) + " and " + money(params.max_cents),
      guard: "amount_within",
    }];
  },
  budget_available: () => (ctx) => {
    const use = ctx.store.budgetUse(ctx.app.programme, ctx.app.year);
    const available = use.envelope - use.reserved - use.committed - use.paid;
    if (cityShare(ctx.app) <= available) return [];
    return [{ field: "amount_requested_cents", message: `the ${ctx.app.programme} envelope for ${ctx.app.year} has ${money(available)} left; this grant needs ${money(cityShare(ctx.app))}`, guard: "budget_available" }];
  },
  convention_required: (params) => {
    const threshold = params.threshold_cents ?? 2300000;
    const attachment = params.attachment ?? "signed_agreement";
    return (ctx) => {
      const share = cityShare(ctx.app);
      if (share <= threshold || ctx.app.attachments.some((a) => a.kind === attachment)) return [];
      return [{ field: "attachments." + attachment, message: `a City grant above ${money(threshold)} (here ${money(share)}) needs a signed agreement (convention) attached as \`${attachment}\``, guard: "convention_required" }];
    };
  },
};

const pendingGranted = (app, change) =>
  change.amountGranted ?? app.amountGranted ?? app.amountRequested;
const pendingCityShare = (app, change) =>
  pendingGranted(app, change) - (change.partnerShare ?? app.partnerShare);

function moveBudget(kind) {
  return () => ({
    apply(ctx, change) {
      const app = ctx.app;
      let amount = pendingCityShare(app, change);
      if (kind === "release_commitment") amount -= ctx.store.paidTo(app.id);
      if (amount !== 0) change.budget.push({ programme: app.programme, year: app.year, kind, amount, line: "" });
    },
  });
}

const actions = {
  notify: (params) => ({
    apply(ctx, change) {
      const subject = params.subject ?? (() => {
        const state = ctx.def.statesByName.get(change.toState);
        const label = state && state.label ? state.label : change.toState;
        return "[" + ctx.app.reference + "] " + (ctx.transition.label || ctx.transition.name) + ": " + label;
      })();
      change.outbox.push({
        channel: "email",
        recipient: "role:" + params.to,
        subject,
        payload: JSON.stringify({
          application_id: ctx.app.id, reference: ctx.app.reference, programme: ctx.app.programme,
          title: ctx.app.title, transition: ctx.transition.name, from: change.fromState,
          to: change.toState, comment: ctx.comment,
        }),
      });
    },
  }),
  post_comment: () => ({ apply(ctx, change) { change.threadMessage = ctx.comment; } }),
  grant_proposed: () => {
    const proposal = (ctx) => {
      const proposals = ctx.store.proposedAmounts(ctx.app.id);
      for (const p of proposals) if (p.reviewerId === ctx.actor.userId) return p.amount;
      return proposals.length ? proposals[0].amount : ctx.app.amountRequested;
    };
    return {
      decide(ctx, change) { if (change.amountGranted === null) change.amountGranted = proposal(ctx); },
      apply(ctx, change) { if (change.amountGranted === null) change.amountGranted = proposal(ctx); },
    };
  },
  reserve_budget: moveBudget("reserve"),
  release_budget: moveBudget("release_reservation"),
  commit_budget: moveBudget("commit"),
  release_commitment: moveBudget("release_commitment"),
  set_report_due: (params) => {
    const within = durationSeconds(params.within);
    const months = Number(/^P(\d+)M$/.exec(params.within)?.[1] ?? 0);
    return {
      apply(ctx, change) {
        const afterNow = ctx.now + within;
        if (params.after !== "year_end") { change.reportDueAt = afterNow; return; }
        const year = change.year ?? ctx.app.year;
        const due = parisStartOf(year + 1 + Math.floor(months / 12), months % 12, 1);
        change.reportDueAt = due > ctx.now ? due : afterNow;
      },
    };
  },
  record_report: () => ({ apply(ctx, change) { change.reportReceived = true; } }),
};

// ---- the definition and the machine ------------------------------------------

function loadDefinition(file) {
  const raw = JSON.parse(stripComments(readFileSync(file, "utf8")));
  const def = {
    programme: raw.programme,
    fields: raw.fields,
    fieldsByName: new Map(raw.fields.map((f) => [f.name, f])),
    attachments: raw.attachments,
    states: raw.states.map((s) => ({
      ...s,
      editable: s.editable ?? !!s.initial,
      deadlineWithin: s.deadline?.within ? durationSeconds(s.deadline.within) : null,
    })),
  };
  def.statesByName = new Map(def.states.map((s) => [s.name, s]));
  def.initial = def.states.find((s) => s.initial);
  const use = (entry, registry) => {
    const { name, params = {} } = typeof entry === "string" ? { name: entry } : entry;
    return { name, step: registry[name](params, def) };
  };
  def.transitions = raw.transitions.map((t) => ({
    name: t.name,
    from: [].concat(t.from),
    to: t.to,
    roles: t.roles,
    label: t.label ?? "",
    commentRequired: !!t.comment_required,
    guards: (t.guards ?? []).map((g) => use(g, guards)),
    actions: (t.actions ?? []).map((a) => use(a, actions)),
  }));
  return def;
}

// The store's side of a transition: what grantflow's WorkflowStore reads
// for the guards and actions, and the envelope its commit moves.
function makeStore() {
  const budgets = new Map();
  return {
    budgets,
    budgetUse(programme, year) {
      return budgets.get(programme + "/" + year) ?? { envelope: 0, reserved: 0, committed: 0, paid: 0 };
    },
    countOverdueReports: () => 0,
    proposedAmounts: () => [],
    paidTo: () => 0,
    organisations: new Map(),
    // Whether the movements fit: a reservation past the envelope is refused
    // (the commit's check; grantflow's store refuses the whole change).
    fits(moves) {
      for (const m of moves) {
        const use = budgets.get(m.programme + "/" + m.year);
        if (m.kind === "reserve" && use && m.amount > use.envelope - use.reserved - use.committed - use.paid)
          return false;
      }
      return true;
    },
    moveBudget(moves) {
      for (const m of moves) {
        const use = budgets.get(m.programme + "/" + m.year);
        if (!use) continue;
        if (m.kind === "reserve") use.reserved += m.amount;
        else if (m.kind === "release_reservation") use.reserved -= m.amount;
        else if (m.kind === "commit") { use.reserved -= m.amount; use.committed += m.amount; }
        else if (m.kind === "release_commitment") use.committed -= m.amount;
      }
    },
  };
}

function auditDetails(change) {
  const d = {};
  if (change.amountGranted !== null) d.amount_granted_cents = change.amountGranted;
  if (change.partnerShare !== null) d.partner_share_cents = change.partnerShare;
  if (change.year !== null) d.year = change.year;
  if (change.budget.length)
    d.budget = change.budget.map((m) => (m.line ? { kind: m.kind, amount_cents: m.amount, line: m.line } : { kind: m.kind, amount_cents: m.amount }));
  if (change.deadlineAt !== null) d.deadline_at = formatTimestamp(change.deadlineAt);
  return JSON.stringify(d);
}

function authorise(app, t, actor) {
  if (!t.roles.includes(actor.role)) return `the ${actor.role} role may not fire \`${t.name}\``;
  if (actor.role === "applicant" && actor.organizationId !== app.organizationId)
    return "this application belongs to another organisation";
  if (actor.role === "reviewer" && !actor.programmes.includes(app.programme))
    return "you are not a reviewer of programme " + app.programme;
  return null;
}

function buildMachine(def, store, clock) {
  // Everything the engine checks before a transition, and the change it
  // builds: what the guard returns and the action assigns. The change is
  // built once per event (the guard keeps it for the action).
  const prepared = new WeakMap();
  const prepare = (t, app, event) => {
    const { actor, version, comment = "" } = event;
    const fail = (message) => { prepared.set(event, { error: message }); return false; };
    const refused = authorise(app, t, actor);
    if (refused) return fail(refused);
    if (version !== app.version)
      return fail(`the application changed since version ${version}; it is now at version ${app.version}`);
    if (comment.length > 4000) return fail("comment too long");
    if (t.commentRequired && !/[^ \t\r\n]/.test(comment)) return fail(`\`${t.name}\` needs a reason`);
    const org = store.organisations.get(app.organizationId);
    if (!org) throw new Error("application " + app.reference + " has no organisation");
    const now = clock.now;
    const change = {
      amountGranted: null, partnerShare: null, year: null, deadlineAt: null, reportDueAt: null,
      reportReceived: false, threadMessage: "", budget: [], outbox: [], fromState: app.state, toState: t.to,
    };
    const ctx = { app, organisation: org, actor, def, transition: t, comment, now, store };
    for (const a of t.actions) a.step.decide?.(ctx, change);
    const subject = change.amountGranted !== null || change.partnerShare !== null
      ? { ...app, amountGranted: change.amountGranted ?? app.amountGranted, partnerShare: change.partnerShare ?? app.partnerShare }
      : app;
    ctx.app = subject;
    const reasons = [];
    for (const g of t.guards)
      for (const r of g.step(ctx)) reasons.push(r.guard ? r : { ...r, guard: g.name });
    if (reasons.length) {
      prepared.set(event, { error: `\`${t.name}\` is not possible yet`, reasons });
      return false;
    }
    const to = def.statesByName.get(t.to);
    change.deadlineAt = to.deadlineWithin !== null ? now + to.deadlineWithin : null;
    for (const a of t.actions) a.step.apply(ctx, change);
    change.audit = {
      applicationId: app.id, actorId: actor.userId, actorRole: actor.role, action: t.name,
      fromState: app.state, toState: t.to, comment, at: now, details: auditDetails(change),
    };
    if (!store.fits(change.budget)) return fail("the envelope cannot absorb the reservation");
    prepared.set(event, { change });
    return true;
  };

  const commit = assign(({ context, event }) => {
    const { change } = prepared.get(event);
    store.moveBudget(change.budget);
    context.audit.push(change.audit);
    return {
      state: change.toState,
      version: context.version + 1,
      year: change.year ?? context.year,
      amountGranted: change.amountGranted ?? context.amountGranted,
      deadlineAt: change.deadlineAt,
      stateEnteredAt: change.toState !== context.state ? clock.now : context.stateEnteredAt,
      reportDueAt: change.reportDueAt ?? context.reportDueAt,
      reportReceivedAt: change.reportReceived ? clock.now : context.reportReceivedAt,
      outbox: change.outbox,
      threadMessage: change.threadMessage,
    };
  });

  // An applicant's edit, checked like WorkflowEngine::edit.
  const editable = ({ context, event }) => {
    const { actor, version, edit } = event;
    const fail = (message) => { prepared.set(event, { error: message }); return false; };
    if (actor.role !== "applicant" || actor.organizationId !== context.organizationId)
      return fail("only the organisation's own accounts may edit its applications");
    if (version !== context.version) return fail("the application changed");
    const reasons = validateFields(def, edit.fields ?? {}, false);
    if (edit.title !== undefined && edit.title === "") reasons.push({ field: "title", message: "is required", guard: "" });
    if (edit.title !== undefined && codePoints(edit.title) > 200) reasons.push({ field: "title", message: "must be at most 200 characters", guard: "" });
    if (edit.amountRequested !== undefined && edit.amountRequested <= 0)
      reasons.push({ field: "amount_requested_cents", message: "must be a positive number of cents", guard: "" });
    if (reasons.length) { prepared.set(event, { error: "the application has invalid values", reasons }); return false; }
    return true;
  };
  const applyEdit = assign(({ context, event }) => {
    const { actor, edit } = event;
    const fields = { ...context.fields };
    const changed = [];
    if (edit.title !== undefined) changed.push("title");
    if (edit.amountRequested !== undefined) changed.push("amount_requested_cents");
    for (const name in edit.fields ?? {}) {
      const v = edit.fields[name];
      if (isMissing(v)) delete fields[name];
      else fields[name] = v;
      changed.push(name);
    }
    context.audit.push({
      applicationId: context.id, actorId: actor.userId, actorRole: actor.role, action: "edit",
      fromState: context.state, toState: context.state, comment: "", at: clock.now,
      details: JSON.stringify({ changed }),
    });
    return {
      title: edit.title ?? context.title,
      amountRequested: edit.amountRequested ?? context.amountRequested,
      fields,
      version: context.version + 1,
    };
  });

  const states = {};
  for (const s of def.states) {
    states[s.name] = s.final ? { type: "final" } : { on: {} };
    if (s.editable) states[s.name].on.edit = { guard: editable, actions: applyEdit };
  }
  for (const t of def.transitions)
    for (const from of t.from)
      states[from].on[t.name] = {
        target: t.to,
        reenter: t.to === from,
        guard: ({ context, event }) => prepare(t, context, event),
        actions: commit,
      };

  const machine = createMachine({
    id: def.programme,
    initial: def.initial.name,
    context: ({ input }) => input,
    states,
  });
  // Why an event was refused (the guard keeps it), for the error message.
  const refusal = (event) => JSON.stringify(prepared.get(event) ?? "no transition for this event here");
  return { machine, refusal };
}

// ---- the run ------------------------------------------------------------------

const TRANSITIONS_PER_APPLICATION = 13;
const SUMMARY =
  "Free screening for HIV in three health centres of Bamako, with the training of " +
  "twelve community workers and the follow-up of the patients found positive.";

function main() {
  const o = parseArgs(process.argv.slice(2));
  const def = loadDefinition(join(o.workflows, "health.json"));
  const store = makeStore();
  const ORG = 7;
  store.organisations.set(ORG, { id: ORG, name: "Solidarité Santé Afrique" });
  store.budgets.set("HEALTH/2026", { envelope: 2 ** 52, reserved: 0, committed: 0, paid: 0 });
  const clock = { now: Date.parse("2026-03-02T09:00:00Z") / 1000 };
  const { machine, refusal } = buildMachine(def, store, clock);
  const applicant = { userId: 1, role: "applicant", organizationId: ORG, programmes: [], emailVerified: true };
  const reviewer = { userId: 3, role: "reviewer", organizationId: null, programmes: ["HEALTH"], emailVerified: true };
  const clerk = { userId: 5, role: "clerk", organizationId: null, programmes: [], emailVerified: true };
  const finance = { userId: 6, role: "finance", organizationId: null, programmes: [], emailVerified: true };
  const audit = new Map(); // the store's audit trail, per application
  let nextId = 1;

  // WorkflowEngine::createDraft: checked, then inserted with its audit entry.
  function createDraft(actor, draft, call) {
    if (!(actor.role === "applicant" && actor.organizationId === draft.organizationId) && actor.role !== "admin")
      throw new Error("only the organisation's own accounts may create its applications");
    const reasons = validateFields(def, draft.fields, false);
    if (draft.title === "") reasons.push({ field: "title", message: "is required", guard: "" });
    if (codePoints(draft.title) > 200) reasons.push({ field: "title", message: "must be at most 200 characters", guard: "" });
    if (draft.amountRequested <= 0) reasons.push({ field: "amount_requested_cents", message: "must be a positive number of cents", guard: "" });
    if (reasons.length) throw new Error("the application has invalid values");
    if (!store.organisations.has(draft.organizationId)) throw new Error("unknown organisation");
    const id = nextId++;
    const trail = [{ applicationId: id, actorId: actor.userId, actorRole: actor.role, action: "create", fromState: "", toState: def.initial.name, comment: "", at: clock.now, details: "{}" }];
    audit.set(id, trail);
    const actorRef = createActor(machine, {
      input: {
        id, reference: `${def.programme}-TEST-${id}`, programme: def.programme, workflowVersion: 2,
        organizationId: draft.organizationId, title: draft.title, amountRequested: draft.amountRequested,
        amountGranted: null, partnerShare: 0, fields: { ...draft.fields }, state: def.initial.name,
        version: 1, year: call.year, callId: call.callId, createdAt: clock.now, stateEnteredAt: clock.now,
        deadlineAt: null, reportDueAt: null, reportReceivedAt: null, attachments: [], audit: trail,
        outbox: [], threadMessage: "",
      },
    });
    actorRef.start();
    return actorRef;
  }

  function send(actorRef, event) {
    const before = actorRef.getSnapshot().context.version;
    actorRef.send(event);
    const after = actorRef.getSnapshot().context;
    if (after.version !== before + 1) throw new Error(`${event.type} refused: ${refusal(event)}`);
    return after.version;
  }

  // What the attachment service stores beside the application.
  function attach(actorRef, kinds) {
    const attachments = actorRef.getSnapshot().context.attachments;
    for (const kind of kinds)
      attachments.push({ id: attachments.length + 1, kind, filename: kind + ".pdf", contentType: "application/pdf", size: 120000 });
  }

  function application() {
    const a = createDraft(applicant, {
      programme: "HEALTH", organizationId: ORG, title: "Dépistage du VIH à Bamako", amountRequested: 2000000,
      fields: { theme: "hiv_aids", partner_city: "Bamako", country: "ML" },
    }, { callId: 1, year: 2026 });
    attach(a, ["statutes", "budget", "bank_details", "activity_report"]);
    let v = send(a, {
      type: "edit", actor: applicant, version: 1,
      edit: { fields: { local_partner: "Association des femmes de Bamako", beneficiaries: 1200, call_of_paris: true, start_date: "2026-09-01", duration_months: 12, summary: SUMMARY } },
    });
    v = send(a, { type: "submit", actor: applicant, version: v });
    v = send(a, { type: "start_review", actor: reviewer, version: v });
    v = send(a, { type: "request_changes", actor: reviewer, version: v, comment: "Please detail the share of the budget spent on tests." });
    v = send(a, { type: "edit", actor: applicant, version: v, edit: { amountRequested: 2500000 } });
    v = send(a, { type: "submit", actor: applicant, version: v });
    v = send(a, { type: "start_review", actor: reviewer, version: v });
    v = send(a, { type: "approve", actor: reviewer, version: v });
    v = send(a, { type: "propose", actor: clerk, version: v });
    v = send(a, { type: "vote", actor: clerk, version: v });
    attach(a, ["signed_agreement"]);
    v = send(a, { type: "sign_agreement", actor: clerk, version: v });
    v = send(a, { type: "pay", actor: finance, version: v });
    attach(a, ["final_report"]);
    v = send(a, { type: "receive_report", actor: applicant, version: v });
    v = send(a, { type: "accept_report", actor: reviewer, version: v });
    v = send(a, { type: "close", actor: reviewer, version: v });
    if (a.getSnapshot().value !== "closed") throw new Error("the application did not reach `closed`");
    a.stop();
    return TRANSITIONS_PER_APPLICATION;
  }

  let fired = 0;
  const start = process.hrtime.bigint();
  while (fired < o.transitions) fired += application();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const use = store.budgetUse("HEALTH", 2026);
  if (use.reserved + use.committed + use.paid !== 0) throw new Error("money is still held on the envelope");
  console.log(`transitions ${fired}`);
  console.log(`seconds ${seconds.toFixed(3)}`);
  console.log(`transitions_per_s ${Math.round(fired / seconds)}`);
  console.log(`peak_rss_kb ${process.resourceUsage().maxRSS}`);
}

main();
