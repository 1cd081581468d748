// The explanation of one alert: summary, rule and legal source, each value against its threshold, and for a model
// alert the score against its threshold with the top feature contributions as a signed horizontal bar chart (SVG).

import { h } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_BARS = 10;

export function explanation(alert) {
  const x = alert.explanation || {};
  const rule = x.rule || {};
  return h('section.card.explain', { 'aria-label': 'Explanation' },
    h('h2', { text: 'Why this alert' }),
    h('p.summary', { text: x.summary || '' }),
    h('dl.facts', null,
      h('dt', { text: 'Rule' }), h('dd', null, h('code', { text: rule.id || alert.ruleId }), rule.kind ? h('span.muted', { text: ` · ${rule.kind}` }) : null),
      h('dt', { text: 'Legal source' }), h('dd.legal', { text: rule.legalSource || '—' })),
    values(x.values || []),
    x.model ? model(x.model) : null);
}

function values(items) {
  if (!items.length) return null;
  return h('table.values', null,
    h('thead', null, h('tr', null, ['Value', 'Observed', 'Operator', 'Threshold'].map(t => h('th', { text: t })))),
    h('tbody', null, items.map(v => h('tr', { dataset: { value: v.name } },
      h('td', { text: v.name }),
      h('td.num', { text: show(v.value) }),
      h('td.op', { text: v.op }),
      h('td.num', { text: v.threshold === undefined || v.threshold === null ? '—' : show(v.threshold) })))));
}

function model(m) {
  const top = [...(m.contributions || [])].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, MAX_BARS);
  return h('div.model', null,
    h('p', null,
      'Model ', h('code', { text: m.version }), ' scored ', h('strong', { text: show(m.score) }),
      ' against a threshold of ', h('strong', { text: show(m.threshold) }), '.'),
    top.length ? contributions(top) : h('p.muted', { text: 'No feature contributions were recorded.' }));
}

/** Signed bars around a zero axis: right raises the score, left lowers it. */
export function contributions(items) {
  const rowH = 22, labelW = 170, valueW = 64, barW = 300, width = labelW + barW + valueW;
  const max = Math.max(...items.map(c => Math.abs(c.contribution)), 1e-9);
  const mid = labelW + barW / 2;
  const svg = el('svg', { class: 'contrib', viewBox: `0 0 ${width} ${items.length * rowH + 6}`, width, role: 'img', 'aria-label': 'Top feature contributions' });
  svg.appendChild(el('line', { x1: mid, x2: mid, y1: 0, y2: items.length * rowH + 6, class: 'axis' }));
  items.forEach((c, i) => {
    const y = i * rowH + 4;
    const len = Math.max(1, Math.abs(c.contribution) / max * (barW / 2 - 4));
    const positive = c.contribution >= 0;
    const g = el('g', { class: `bar ${positive ? 'up' : 'down'}`, 'data-feature': c.feature });
    g.appendChild(text(el('text', { x: labelW - 8, y: y + 13, 'text-anchor': 'end', class: 'label' }), `${c.feature} = ${show(c.value)}`));
    g.appendChild(el('rect', { x: positive ? mid : mid - len, y, width: len, height: rowH - 8, rx: 2 }));
    g.appendChild(text(el('text', { x: width - 4, y: y + 13, 'text-anchor': 'end', class: 'value' }), (positive ? '+' : '') + c.contribution.toFixed(3)));
    svg.appendChild(g);
  });
  return h('figure.contrib-chart', null, svg, h('figcaption.muted', { text: 'Feature contributions to the score (right raises it, left lowers it).' }));
}

function el(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function text(e, s) { e.textContent = s; return e; }

export function show(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  if (v === null || v === undefined) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
