// The actions on one alert. Each sends the alert's version; detail.js runs it and handles 409 (stale) and refusals.

import { h } from '../dom.js';
import { DISPOSITIONS, time } from '../format.js';

const SNOOZES = [['1h', 1], ['4h', 4], ['24h', 24]];

/** act(action, body) → Promise; silence() opens the silence-similar dialog. */
export function actions(alert, me, act, silence) {
  const resolved = alert.status === 'resolved';
  const assignee = h('input', { type: 'text', name: 'assignee', placeholder: 'name', 'aria-label': 'Assign to', value: alert.assignee || '' });
  const disposition = h('select', { name: 'disposition', 'aria-label': 'Disposition' },
    DISPOSITIONS.map(d => h('option', { value: d, text: d })));
  const resolveNote = h('input', { type: 'text', name: 'resolve-comment', placeholder: 'comment (optional)', 'aria-label': 'Resolution comment' });
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 4000, placeholder: 'Add a comment', 'aria-label': 'Comment' });
  const submit = (e, fn) => { e.preventDefault(); fn(); };

  return h('section.card.actions', { 'aria-label': 'Actions' },
    h('h2', { text: 'Actions' }),
    alert.pendingResolution ? pending(alert.pendingResolution, act) : null,
    h('div.act-row', null,
      alert.status === 'open' ? h('button.primary', { type: 'button', text: 'Acknowledge', title: 'a', onclick: () => act('acknowledge', {}) }) : null,
      !resolved ? h('button', { type: 'button', text: 'Assign to me', onclick: () => act('assign-to-me', {}) }) : null,
      resolved ? h('button', { type: 'button', text: 'Reopen', onclick: () => act('reopen', {}) }) : null,
      me.can.manageSilences ? h('button', { type: 'button', text: 'Silence similar…', onclick: silence }) : null),
    !resolved ? h('form.act-row.assign', { onsubmit: e => submit(e, () => act('assign', { assignee: assignee.value.trim() })) },
      assignee, h('button', { type: 'submit', text: 'Assign' })) : null,
    ['open', 'acknowledged', 'snoozed'].includes(alert.status) ? h('div.act-row.snooze', null,
      h('span.muted', { text: 'Snooze' }),
      SNOOZES.map(([label, hours]) => h('button', {
        type: 'button', text: label, 'aria-label': `Snooze ${label}`,
        onclick: () => act('snooze', { until: new Date(Date.now() + hours * 3600_000).toISOString() }),
      }))) : null,
    !resolved ? h('form.act-row.resolve', { onsubmit: e => submit(e, () => act('resolve', { disposition: disposition.value, comment: resolveNote.value.trim() || undefined })) },
      disposition, resolveNote, h('button', { type: 'submit', text: 'Resolve' })) : null,
    h('form.comment-form', { onsubmit: e => submit(e, () => comment.value.trim() && act('comment', { text: comment.value })) },
      comment, h('button', { type: 'submit', text: 'Comment' })));
}

function pending(p, act) {
  return h('div.pending', { role: 'note' },
    h('p', null, 'Resolution as ', h('strong', { text: p.disposition }), ` requested by ${p.requestedBy} at ${time(p.requestedAt)}`,
      p.comment ? h('span', { text: `: “${p.comment}”` }) : null, '. It needs a second analyst.'),
    h('div.act-row', null,
      h('button.primary', { type: 'button', text: 'Approve', onclick: () => act('approve', {}) }),
      h('button.danger', { type: 'button', text: 'Reject', onclick: () => act('reject', {}) })));
}
