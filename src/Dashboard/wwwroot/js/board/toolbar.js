// The board's filter bar: search, tenant (admins), jurisdiction, kind, assignee, severity and status chips, grouping.
// It only edits a filter object and calls onChange; the board keeps the filter in the URL.

import { h } from '../dom.js';
import { KINDS, SEVERITIES, STATUSES } from '../format.js';
import { DEFAULT_STATUSES, FIELD_LABELS, GROUP_FIELDS, MAX_GROUPS } from './filters.js';

export function createToolbar({ canChooseTenant, onChange }) {
  let filter = null;
  const emit = patch => onChange({ ...filter, ...patch });

  const search = h('input.search', { type: 'search', placeholder: 'Search rule, summary, entity…  ( / )', 'aria-label': 'Search', spellcheck: 'false' });
  let typing = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => emit({ q: search.value }), 120);
  });
  search.addEventListener('keydown', e => { if (e.key === 'Escape') { search.blur(); e.stopPropagation(); } });

  const select = (label, field) => {
    const el = h('select', { 'aria-label': label, onchange: () => emit({ [field]: el.value }) });
    el._label = label;
    return el;
  };
  const tenant = canChooseTenant ? select('Tenant', 'tenant') : null;
  const jurisdiction = select('Jurisdiction', 'jurisdiction');
  const kind = select('Kind', 'kind');
  const assignee = select('Assignee', 'assignee');
  setOptions(kind, KINDS, 'any kind');

  const chips = (field, values, label) => {
    const box = h('div.chips', { role: 'group', 'aria-label': label });
    for (const v of values) {
      box.appendChild(h('button.chip', {
        type: 'button', class: `chip ${field}-${v}`, dataset: { value: v }, text: v,
        onclick: () => {
          const now = new Set(filter[field]);
          if (now.has(v)) now.delete(v); else now.add(v);
          emit({ [field]: values.filter(x => now.has(x)) });
        },
      }));
    }
    return box;
  };
  const severity = chips('severity', SEVERITIES, 'Severity');
  const status = chips('status', STATUSES, 'Status');

  const groups = [0, 1, 2].slice(0, MAX_GROUPS).map(i => {
    const el = h('select', { 'aria-label': `Group by ${i + 1}`, onchange: () => {
      const next = filter.group.slice(0, i);
      if (el.value) next.push(el.value);
      // keep the later levels that still differ
      for (const g of filter.group.slice(i + 1)) if (g && !next.includes(g)) next.push(g);
      emit({ group: next.slice(0, MAX_GROUPS) });
    } });
    return el;
  });

  const clear = h('button.link.clear', { type: 'button', text: 'Clear filters', onclick: () => onChange({
    tenant: '', jurisdiction: '', kind: '', severity: [], status: [...DEFAULT_STATUSES], assignee: '', q: '', group: [],
  }) });

  const el = h('div.board-filters', { role: 'search' },
    search, tenant, jurisdiction, kind, assignee, severity, status,
    h('span.group-by', null, h('span.muted', { text: 'Group' }), groups), clear);

  function update(next, options) {
    filter = next;
    if (document.activeElement !== search && search.value !== next.q) search.value = next.q;
    if (tenant) setOptions(tenant, options.tenants, 'all tenants', next.tenant);
    setOptions(jurisdiction, options.jurisdictions, 'any jurisdiction', next.jurisdiction);
    kind.value = next.kind;
    setOptions(assignee, [['me', 'assigned to me'], ['unassigned', 'unassigned'], ...options.assignees], 'any assignee', next.assignee);
    for (const b of severity.children) b.setAttribute('aria-pressed', String(next.severity.includes(b.dataset.value)));
    for (const b of status.children) b.setAttribute('aria-pressed', String(next.status.includes(b.dataset.value)));
    groups.forEach((g, i) => {
      const taken = next.group.slice(0, i);
      setOptions(g, GROUP_FIELDS.filter(f => !taken.includes(f)).map(f => [f, FIELD_LABELS[f]]), i ? 'then…' : 'none', next.group[i] || '');
      g.hidden = i > next.group.length;
    });
  }

  return { el, search, update };
}

/** Fills a select with "" (anyLabel) and values ([value, label] or value), keeping the chosen one; rebuilt only on change. */
function setOptions(el, values, anyLabel, chosen = el.value) {
  const pairs = values.map(v => Array.isArray(v) ? v : [v, v]);
  if (chosen && !pairs.some(([v]) => v === chosen)) pairs.push([chosen, chosen]);
  const sig = anyLabel + '\n' + pairs.map(p => p.join('\t')).join('\n');
  if (el._sig !== sig) {
    el._sig = sig;
    el.replaceChildren(h('option', { value: '', text: anyLabel }), ...pairs.map(([v, label]) => h('option', { value: v, text: label })));
  }
  if (el.value !== chosen) el.value = chosen;
}
