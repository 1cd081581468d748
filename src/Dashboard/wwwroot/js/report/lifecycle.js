// The report's lifecycle buttons: submit, return (with a reason), approve, file (with the FIU's reference). Which
// are enabled, and why the others are not, comes from GET /v1/reports/{id}/actions (the server's rules).

import { h } from '../dom.js';

const LABELS = { submit: 'Submit for review', return: 'Return to author', approve: 'Approve', file: 'Mark filed' };

/** options: the answer's items; act(action, extra) runs one. */
export function lifecycle(options, act) {
  const returnReason = h('input', { type: 'text', name: 'return-reason', placeholder: 'what to change', 'aria-label': 'Reason for returning' });
  const fiuReference = h('input', { type: 'text', name: 'fiu-reference', maxlength: 100, placeholder: 'BSA ID / FIU report number', 'aria-label': 'FIU reference' });
  const extra = { return: returnReason, file: fiuReference };
  const body = { return: () => ({ reason: returnReason.value.trim() }), file: () => ({ fiuReference: fiuReference.value.trim() }) };
  return h('section.card.actions.report-actions', { 'aria-label': 'Report actions' },
    h('h2', { text: 'Review and filing' }),
    options.filter(o => o.action !== 'edit').map(o => h('div.lifecycle-step', { dataset: { step: o.action, allowed: String(o.allowed) } },
      h('div.act-row', null,
        o.allowed ? extra[o.action] : null,
        h(o.action === 'approve' ? 'button.primary' : 'button', {
          type: 'button', text: LABELS[o.action] || o.action, disabled: !o.allowed, title: o.reason || '', dataset: { action: o.action },
          'aria-describedby': o.allowed ? undefined : `reason-${o.action}`,
          onclick: () => act(o.action, body[o.action]?.() || {}),
        })),
      o.allowed ? null : h('p.muted.reason', { id: `reason-${o.action}`, dataset: { reasonFor: o.action }, text: o.reason }))));
}
