// How the report views name report types and states (the API's wire names → what an officer reads).

import { h } from '../dom.js';

export const REPORT_STATUSES = ['draft', 'ready-for-review', 'approved', 'filed'];

export const REPORT_TYPES = {
  'fincen-sar': 'FinCEN SAR',
  'fincen-ctr': 'FinCEN CTR',
  'goaml-str': 'goAML STR',
  'goaml-ctr': 'goAML CTR',
};

export const typeLabel = type => REPORT_TYPES[type] || type;

export function statusPill(status) {
  return h('span.pill.report-status', { class: `pill report-status ${status}`, dataset: { reportStatus: status }, text: status.replaceAll('-', ' ') });
}

/** A person by the name the server resolved (else the id), marked when it is the signed-in user. */
export const who = (id, name, me) => (id ? `${name || id}${id === me.id ? ' (you)' : ''}` : '—');

/**
 * A person as text with the id in the tooltip: the name is what people read, the id (API key or OIDC subject) is
 * what the audit log records.
 */
export const person = (tag, id, name, me, suffix = '') =>
  h(tag, id ? { title: id, dataset: { personId: id }, text: who(id, name, me) + suffix } : { text: '—' });
