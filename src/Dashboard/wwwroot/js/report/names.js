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

/** A person's id, marked when it is the signed-in user's own. */
export const who = (id, me) => (id ? (id === me.id ? `${id} (you)` : id) : '—');
