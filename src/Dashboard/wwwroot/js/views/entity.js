// The entity view (/entities/{entity}?tenant=): one pseudonymized entity on a vertical timeline, newest first —
// its records, its alerts and their dispositions, with links to each alert's detail.

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { time } from '../format.js';
import { amount, party } from '../detail/records.js';

export function mount(root, ctx, [entity]) {
  const tenant = new URLSearchParams(location.search).get('tenant') || ctx.me.tenant || '';
  const body = h('div.entity-body', null, h('p.muted', { text: 'Loading…' }));
  replace(root, h('section.entity', null,
    h('nav.detail-nav', null, h('a', { href: '/', 'data-link': true, text: '← Back to the board' })),
    h('header.detail-header', null,
      h('div.title', null, h('span.muted', { text: 'Entity' }), h('h1', null, h('code', { text: entity })), tenant ? h('span.muted', { text: `tenant ${tenant}` }) : null)),
    body));
  let gone = false;

  (async () => {
    try {
      const data = await ctx.api.get(`/v1/entities/${encodeURIComponent(entity)}`, { tenant });
      if (gone) return;
      const counts = kind => data.items.filter(i => i.type === kind).length;
      replace(body,
        h('p.muted.entity-summary', { text: `${counts('alert')} alerts · ${counts('record')} records · ${counts('disposition')} dispositions${data.truncated ? ' (newest shown)' : ''}` }),
        data.items.length ? h('ol.timeline', null, data.items.map(item)) : h('p.empty', { text: 'Nothing recorded for this entity.' }));
    } catch (e) {
      if (gone) return;
      replace(body, h('p.empty', { text: e instanceof ApiError && e.status === 404 ? 'Entity not found.' : `Could not load the entity: ${e.message}` }));
    }
  })();
  return () => { gone = true; };
}

function item(i) {
  const when = h('time', { datetime: i.at, text: time(i.at) });
  if (i.type === 'record') {
    const r = i.record || {};
    return h('li.tl.record', { dataset: { type: 'record', recordId: i.recordId } }, when,
      h('div.tl-body', null,
        h('strong', { text: `Record ${i.recordId}` }), ' ', h('span', { text: `${amount(r)} · ${r.channel || ''}` }),
        h('div.muted', { text: `${party(r.originator)} → ${party(r.beneficiary)}` }),
        r.memo ? h('div.memo', { text: r.memo }) : null,
        h('div', null, 'Evidence of ', (i.alertIds || []).map((id, n) => [n ? ', ' : '', link(id, id)]))));
  }
  if (i.type === 'alert') {
    const a = i.alert;
    return h('li.tl.alert', { dataset: { type: 'alert', alertId: a.id } }, when,
      h('div.tl-body', null,
        h('span', { class: `sev ${a.severity}`, text: a.severity }), ' ', link(a.id, a.ruleId),
        h('span.muted', { text: ` · ${a.status}${a.disposition ? ` (${a.disposition})` : ''} · ${a.count} record${a.count === 1 ? '' : 's'}` }),
        h('div.muted', { text: a.explanation?.summary || '' })));
  }
  return h('li.tl.disposition', { dataset: { type: 'disposition', alertId: i.alertId } }, when,
    h('div.tl-body', null,
      'Resolved ', link(i.alertId, i.ruleId || i.alertId), ' as ', h('strong', { text: i.disposition || '—' }),
      h('span.muted', { text: ` by ${i.actor}` })));
}

function link(id, label) {
  return h('a', { href: `/alerts/${encodeURIComponent(id)}`, 'data-link': true }, h('code', { text: label }));
}
