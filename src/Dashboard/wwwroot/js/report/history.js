// The report's history from its audit entries: created, edited (which fields), submitted, returned (why),
// approved, filed (the FIU's reference). Oldest at the bottom, as on the alert detail.

import { h } from '../dom.js';
import { time } from '../format.js';
import { person } from './names.js';

const VERBS = { 'report.created': 'created', 'report.edited': 'edited', 'report.submit': 'submitted', 'report.return': 'returned',
  'report.approve': 'approved', 'report.file': 'filed' };

export function reportHistory(items, me) {
  if (!items.length) return h('p.muted', { text: 'No history yet.' });
  return h('ol.history', null, [...items].reverse().map(e => {
    const d = e.details || {};
    return h('li', { dataset: { action: e.action } },
      h('div.history-head', null, h('strong', { text: VERBS[e.action] || e.action }),
        h('span.muted', null, ' by ', person('span.actor', e.actor, e.actorName, me), ` · ${time(e.at)}`)),
      h('ul.changes', null,
        d.from && d.to ? h('li', null, h('span.field', { text: 'state' }), ': ', h('span.before', { text: d.from }), ' → ', h('span.after', { text: d.to })) : null,
        d.fields?.length ? h('li', null, h('span.field', { text: 'fields' }), ': ', h('span.after', { text: d.fields.join(', ') })) : null,
        d.fiuReference && e.action === 'report.file' ? h('li', null, h('span.field', { text: 'FIU reference' }), ': ', h('span.after', { text: d.fiuReference })) : null,
        d.version ? h('li', null, h('span.field', { text: 'version' }), ': ', h('span.after', { text: String(d.version) })) : null),
      d.reason ? h('blockquote', { text: d.reason }) : null);
  }));
}
