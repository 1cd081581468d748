// The board's filter, kept in the URL query: parse, serialize, match and group. Severity and status take several
// values; the rest one. Without a status the board shows the work still owned (open, acknowledged, snoozed).

import { SEVERITIES, STATUSES, severityRank } from '../format.js';

export const DEFAULT_STATUSES = ['open', 'acknowledged', 'snoozed'];
export const GROUP_FIELDS = ['severity', 'status', 'kind', 'jurisdiction', 'tenant', 'ruleId', 'assignee', 'entity'];
export const MAX_GROUPS = 3;

export function parseFilter(search) {
  const q = new URLSearchParams(search);
  const list = name => (q.get(name) || '').split(',').map(s => s.trim()).filter(Boolean);
  const status = list('status');
  return {
    tenant: q.get('tenant') || '',
    jurisdiction: q.get('jurisdiction') || '',
    kind: q.get('kind') || '',
    severity: list('severity').filter(s => SEVERITIES.includes(s)),
    status: status.length ? status.filter(s => STATUSES.includes(s)) : [...DEFAULT_STATUSES],
    assignee: q.get('assignee') || '',
    q: q.get('q') || '',
    group: list('group').filter(g => GROUP_FIELDS.includes(g)).slice(0, MAX_GROUPS),
  };
}

/** The query string for a filter: only what differs from the defaults, so a plain board is just "/". */
export function filterQuery(f) {
  const q = new URLSearchParams();
  if (f.tenant) q.set('tenant', f.tenant);
  if (f.jurisdiction) q.set('jurisdiction', f.jurisdiction);
  if (f.kind) q.set('kind', f.kind);
  if (f.severity.length) q.set('severity', f.severity.join(','));
  if (!sameSet(f.status, DEFAULT_STATUSES)) q.set('status', f.status.length ? f.status.join(',') : STATUSES.join(','));
  if (f.assignee) q.set('assignee', f.assignee);
  if (f.q) q.set('q', f.q);
  if (f.group.length) q.set('group', f.group.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function sameSet(a, b) { return a.length === b.length && a.every(x => b.includes(x)); }

/** What the server is asked for (the rest filters in the browser, instantly): tenant and statuses. */
export function partitionOf(f, canChooseTenant) {
  const all = !f.status.length || STATUSES.every(s => f.status.includes(s));
  return { tenant: canChooseTenant ? f.tenant : '', statuses: all ? [] : [...f.status].sort() };
}

/** A predicate over rows for the filter; me is the signed-in name assignments use. */
export function matcher(f, me) {
  const text = f.q.trim().toLowerCase();
  const sev = f.severity.length ? new Set(f.severity) : null;
  const st = f.status.length ? new Set(f.status) : null;
  return row =>
    (!f.tenant || row.tenant === f.tenant)
    && (!f.jurisdiction || row.jurisdiction === f.jurisdiction)
    && (!f.kind || row.kind === f.kind)
    && (!sev || sev.has(row.severity))
    && (!st || st.has(row.status))
    && (!f.assignee || (f.assignee === 'me' ? row.assignee === me : f.assignee === 'unassigned' ? !row.assignee : row.assignee === f.assignee))
    && (!text || includes(row.ruleId, text) || includes(row.ruleKind, text) || includes(row.summary, text)
      || includes(row.entity, text) || includes(row.id, text));
}

function includes(value, text) { return !!value && value.toLowerCase().includes(text); }

const ORDER = { severity: v => severityRank(v), status: v => STATUSES.indexOf(v) };

/**
 * The list the board draws: rows, with group header items ({ group: true, key, field, value, depth, count, breached })
 * in front of each group when grouping. Groups keep the order of their newest alert (severity and status: their own
 * order); a collapsed group's rows are left out.
 */
export function buildItems(rows, fields, collapsed) {
  if (!fields.length) return rows;
  const items = [];
  const walk = (list, depth, prefix) => {
    const field = fields[depth];
    const buckets = new Map();
    for (const row of list) {
      const v = row[field] ?? '';
      let b = buckets.get(v);
      if (!b) buckets.set(v, b = []);
      b.push(row);
    }
    let keys = [...buckets.keys()];
    if (ORDER[field]) keys.sort((a, b) => ORDER[field](a) - ORDER[field](b));
    for (const value of keys) {
      const sub = buckets.get(value);
      const key = `${prefix}${field}=${value}`;
      items.push({ group: true, key, field, value, depth, count: sub.length });
      if (collapsed.has(key)) continue;
      if (depth + 1 < fields.length) walk(sub, depth + 1, key + '|');
      else for (const r of sub) items.push(r);
    }
  };
  walk(rows, 0, 'g:');
  return items;
}

export const FIELD_LABELS = {
  severity: 'Severity', status: 'Status', kind: 'Kind', jurisdiction: 'Jurisdiction', tenant: 'Tenant',
  ruleId: 'Rule', assignee: 'Assignee', entity: 'Entity',
};
