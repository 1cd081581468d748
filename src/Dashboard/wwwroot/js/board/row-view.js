// One alert row (and one group header row) of the virtual list. Elements are made once per key and updated in place:
// only text that changed is written, so the per-second SLA tick touches little.

import { h } from '../dom.js';
import { duration, slaState } from '../format.js';
import { FIELD_LABELS } from './filters.js';

function set(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function toggle(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** view: { sla, now, selectedId, checked (Set), canAct, showTenant, onCheck(id, on, shift), onOpen(id) } */
export function renderAlertRow(row, el, view) {
  if (!el || !el._cells) el = makeAlertRow(row.id, view);
  const c = el._cells;
  if (el._row !== row) {
    el._row = row;
    el.className = `row alert sev-${row.severity} status-${row.status}`;
    c.sev.className = `sev ${row.severity}`;
    set(c.sev, row.severity);
    set(c.kind, row.kind);
    set(c.rule, row.ruleId);
    c.rule.title = row.ruleKind ? `${row.ruleId} (${row.ruleKind})` : row.ruleId;
    set(c.jur, row.jurisdiction);
    set(c.entity, row.entity);
    c.entity.title = row.entity;
    set(c.count, String(row.count));
    set(c.status, statusText(row));
    c.status.className = `b-status ${row.status}`;
    set(c.assignee, row.assignee || '—');
    toggle(c.assignee, 'unassigned', !row.assignee);
    set(c.summary, row.summary || '');
    c.summary.title = row.summary || '';
    if (c.tenant) set(c.tenant, row.tenant);
  }
  const sla = slaState(row, view.sla, view.now);
  set(c.age, duration(view.now - row.raisedMs));
  set(c.sla, sla.state === 'running' ? `${duration(sla.leftMs)} left` : sla.state === 'breached' ? `breached ${duration(-sla.leftMs)}`
    : row.status === 'snoozed' && row.snoozedUntil ? `until ${new Date(row.snoozedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '');
  c.sla.dataset.sla = sla.state;
  el.dataset.sla = sla.state;
  toggle(el, 'selected', view.selectedId === row.id);
  if (view.selectedId === row.id) el.setAttribute('aria-current', 'true'); else el.removeAttribute('aria-current');
  const checked = view.checked.has(row.id);
  toggle(el, 'checked', checked);
  if (c.check && c.check.checked !== checked) c.check.checked = checked;
  return el;
}

function statusText(row) {
  if (row.pendingResolution) return `${row.status} · approval`;
  return row.status;
}

function makeAlertRow(id, view) {
  const cells = {
    sev: h('span.sev'), age: h('span.b-age-value'), sla: h('span.b-sla'),
    kind: h('span.b-kind'), rule: h('span.b-rule'), jur: h('span.b-jur'), entity: h('span.b-entity.mono'),
    count: h('span.b-count'), status: h('span.b-status'), assignee: h('span.b-assignee'), summary: h('span.b-summary'),
  };
  if (view.canAct) {
    cells.check = h('input', { type: 'checkbox', 'aria-label': `Select alert ${id}`, tabindex: '-1' });
    cells.check.addEventListener('click', e => {
      e.stopPropagation();
      view.onCheck(id, cells.check.checked, e.shiftKey);
    });
  }
  if (view.showTenant) cells.tenant = h('span.b-tenant');
  const el = h('div.row.alert', { role: 'listitem', dataset: { alertId: id } },
    h('span.b-check', null, cells.check || null),
    cells.sev, h('span.b-age', null, cells.age, cells.sla), cells.kind, cells.rule, cells.jur, cells.entity, cells.count,
    cells.status, cells.assignee, cells.tenant || null, cells.summary);
  el._cells = cells;
  el.addEventListener('click', e => {
    if (e.target.closest('.b-check')) return;
    view.onOpen(id);
  });
  return el;
}

/** A group header: field, value, count; click (or Enter when selected) folds it. */
export function renderGroupRow(item, el, view) {
  if (!el || !el._group) {
    const caret = h('span.caret', { 'aria-hidden': 'true' });
    const label = h('span.group-label');
    const count = h('span.group-count');
    el = h('div.row.group', { role: 'listitem' }, caret, label, count);
    el._group = { caret, label, count };
    el.addEventListener('click', () => view.onToggleGroup(el._item.key));
  }
  el._item = item;
  const g = el._group;
  const folded = view.collapsed.has(item.key);
  el.style.setProperty('--depth', item.depth);
  el.setAttribute('aria-expanded', String(!folded));
  el.dataset.group = item.key;
  set(g.caret, folded ? '▸' : '▾');
  set(g.label, `${FIELD_LABELS[item.field]}: ${item.value === '' ? '(none)' : item.value}`);
  set(g.count, item.count.toLocaleString());
  if (item.field === 'severity') g.label.className = `group-label sev ${item.value}`;
  else g.label.className = 'group-label';
  toggle(el, 'selected', view.selectedId === item.key);
  return el;
}

/** The column header row, sticky above the list. */
export function headerRow(view, onCheckAll) {
  const all = view.canAct ? h('input', { type: 'checkbox', 'aria-label': 'Select all shown alerts', onclick: e => onCheckAll(e.target.checked) }) : null;
  const el = h('div.row.head', { role: 'presentation' },
    h('span.b-check', null, all), h('span', { text: 'Severity' }), h('span', { text: 'Age · SLA' }), h('span', { text: 'Kind' }),
    h('span', { text: 'Rule' }), h('span', { text: 'Jur.' }), h('span', { text: 'Entity' }), h('span.b-count', { text: 'Count' }),
    h('span', { text: 'Status' }), h('span', { text: 'Assignee' }), view.showTenant ? h('span', { text: 'Tenant' }) : null,
    h('span', { text: 'Summary' }));
  el._all = all;
  return el;
}
