// Records as the store keeps them: pseudonymized ids, accounts and names, masked memo. Every cell is text.

import { h } from '../dom.js';
import { time } from '../format.js';
import { show } from './explain.js';

export function party(p) {
  if (!p) return '—';
  return [p.customerId, p.account, p.name, p.country].filter(Boolean).join(' · ');
}

export function amount(r) { return `${show(r.amount)} ${r.currency || ''}`.trim(); }

/** The records table of the detail view: one row per evidence record. */
export function recordsTable(items) {
  const regions = items.some(e => e.record?.jurisdictions?.length);
  return h('table.records', null,
    h('thead', null, h('tr', null, ['Time', 'Record', 'Amount', 'Channel', 'Originator', 'Beneficiary', regions && 'Jurisdictions', 'Memo']
      .filter(Boolean).map(t => h('th', { text: t })))),
    h('tbody', null, items.map(e => {
      const r = e.record || {};
      return h('tr', { dataset: { recordId: e.recordId } },
        h('td.mono', { text: time(r.timestamp || e.eventTime) }),
        h('td.mono', { text: e.recordId }),
        h('td.num', { text: amount(r) }),
        h('td', { text: r.channel || '' }),
        h('td', { text: party(r.originator) }),
        h('td', { text: party(r.beneficiary) }),
        regions ? h('td', { text: (r.jurisdictions || []).join(', ') }) : null,
        h('td.memo', { text: r.memo || '' }));
    })));
}
