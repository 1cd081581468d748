// Related alerts (same entity, same rule) as links, and how the rule's closed alerts were disposed.

import { h } from '../dom.js';
import { duration, DISPOSITIONS } from '../format.js';

export function related(data) {
  return h('section.card.related', { 'aria-label': 'Related alerts' },
    h('h2', { text: 'Related' }),
    h('h3', { text: 'Same entity' }), list(data.sameEntity),
    h('h3', { text: 'Same rule' }), list(data.sameRule),
    h('h3', { text: 'How similar closed alerts were disposed' }), breakdown(data.dispositions));
}

function list(alerts) {
  if (!alerts?.length) return h('p.muted', { text: 'None.' });
  return h('ul.related-list', null, alerts.map(a => h('li', null,
    h('a', { href: `/alerts/${encodeURIComponent(a.id)}`, 'data-link': true },
      h('span', { class: `sev ${a.severity}`, text: a.severity }), ' ', h('code', { text: a.ruleId })),
    h('span.muted', { text: ` ${a.status}${a.disposition ? ` (${a.disposition})` : ''} · ${duration(Date.now() - Date.parse(a.lastSeen))} ago` }))));
}

function breakdown(d) {
  if (!d || !d.resolved) return h('p.muted.dispositions', { text: 'No resolved alerts of this rule yet.' });
  return h('div.dispositions', null,
    h('p.muted', { text: `${d.resolved} resolved among the rule's latest ${d.window.toLocaleString('en-US')} alerts` }),
    DISPOSITIONS.map(name => {
      const n = d.counts[name] || 0;
      const bar = h('span.fill', { class: `fill ${name}` });
      bar.style.width = `${Math.round(n / d.resolved * 100)}%`;
      return h('div.disp-row', { dataset: { disposition: name } },
        h('span.disp-name', { text: name }), h('span.track', null, bar), h('span.disp-count', { text: String(n) }));
    }));
}
