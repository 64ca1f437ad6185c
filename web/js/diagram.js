// The programme's workflow as an SVG diagram, laid out from its states and
// transitions (GET /api/v1/programmes): states in columns by their distance
// from the initial state, arrows for transitions, the current state marked.
// The SVG has a text alternative; the list of states follows it for screen
// readers.
import { s, h } from './dom.js';
import { t } from './i18n.js';
import { stateLabel } from './format.js';

const W = 150; const H = 40; const GAP_X = 46; const GAP_Y = 18; const PAD = 12;

export function workflowDiagram(programme, current) {
  const states = programme.states || [];
  const transitions = (programme.transitions || []).filter((tr) => !(tr.from.length === 1 && tr.from[0] === tr.to));
  const initial = states.find((st) => st.initial) || states[0];
  const depth = new Map([[initial?.name, 0]]);
  const queue = initial ? [initial.name] : [];
  while (queue.length) {
    const from = queue.shift();
    for (const tr of transitions) {
      if (tr.from.includes(from) && !depth.has(tr.to)) { depth.set(tr.to, depth.get(from) + 1); queue.push(tr.to); }
    }
  }
  for (const st of states) if (!depth.has(st.name)) depth.set(st.name, 0);
  const columns = [];
  for (const st of states) {
    const d = depth.get(st.name);
    (columns[d] ||= []).push(st);
  }
  const pos = new Map();
  columns.forEach((col, c) => col.forEach((st, r) => pos.set(st.name, { x: PAD + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) })));
  const width = PAD * 2 + columns.length * (W + GAP_X) - GAP_X;
  const height = PAD * 2 + Math.max(...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  const currentState = states.find((st) => st.name === current);
  const titleId = `wf-title-${programme.code}`;
  const descId = `wf-desc-${programme.code}`;
  const svg = s('svg', {
    class: 'workflow-diagram', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
  },
  s('title', { id: titleId }, t('diagram.title')),
  s('desc', { id: descId }, currentState ? t('diagram.current', { state: stateLabel(currentState.name, currentState.label) }) : ''),
  s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  const edges = s('g', { class: 'edges' });
  const seen = new Set();
  for (const tr of transitions) {
    for (const from of tr.from) {
      const key = `${from}>${tr.to}`;
      if (seen.has(key) || from === tr.to) continue;
      seen.add(key);
      const a = pos.get(from); const b = pos.get(tr.to);
      if (!a || !b) continue;
      const forward = b.x > a.x;
      const x1 = forward ? a.x + W : a.x + W / 2; const y1 = forward ? a.y + H / 2 : a.y + H;
      const x2 = forward ? b.x : b.x + W / 2; const y2 = forward ? b.y + H / 2 : b.y + H;
      const d = forward
        ? `M ${x1} ${y1} C ${x1 + GAP_X / 2} ${y1}, ${x2 - GAP_X / 2} ${y2}, ${x2} ${y2}`
        : `M ${x1} ${y1} C ${x1} ${y1 + GAP_Y * 1.5}, ${x2} ${y2 + GAP_Y * 1.5}, ${x2} ${y2}`;
      edges.append(s('path', { d, class: forward ? 'edge' : 'edge edge-back', 'marker-end': 'url(#arrow)' }));
    }
  }
  svg.append(edges);
  for (const st of states) {
    const p = pos.get(st.name);
    const isCurrent = st.name === current;
    const label = stateLabel(st.name, st.label);
    svg.append(s('g', { class: ['node', isCurrent && 'node-current', st.final && 'node-final'], 'data-state': st.name },
      s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 8, ry: 8 }),
      s('text', { x: p.x + W / 2, y: p.y + H / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' },
        label.length > 22 ? `${label.slice(0, 21)}…` : label),
      s('title', {}, label)));
  }
  return h('figure', { class: 'diagram' },
    h('div', { class: 'diagram-scroll', tabindex: '0', 'aria-label': t('diagram.title') }, svg),
    h('figcaption', {}, currentState ? t('diagram.current', { state: stateLabel(currentState.name, currentState.label) }) : t('diagram.title')));
}
