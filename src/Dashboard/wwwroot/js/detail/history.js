// The alert's history (its audit entries: who, what, when, before → after) and its comments, all rendered as text.

import { h } from '../dom.js';
import { time } from '../format.js';

const HIDDEN = new Set(['version', 'comments']);

export function history(items) {
  if (!items.length) return h('p.muted', { text: 'No history yet.' });
  return h('ol.history', null, [...items].reverse().map(e => h('li', { dataset: { action: e.action } },
    h('div.history-head', null,
      h('strong', { text: e.action.replace(/^alert\./, '') }),
      h('span.muted', { text: ` by ${e.actor} · ${time(e.at)}` })),
    changes(e.before || {}, e.after || {}),
    (e.commentsAdded || []).map(c => h('blockquote', { text: c })))));
}

function changes(before, after) {
  // A raised alert lists every field; only those with a value say something.
  const keys = Object.keys(after).filter(k => !HIDDEN.has(k) && (after[k] != null || before[k] != null));
  if (!keys.length) return null;
  return h('ul.changes', null, keys.map(k => h('li', null,
    h('span.field', { text: k }), ': ',
    h('span.before', { text: fmt(before[k]) }), ' → ',
    h('span.after', { text: fmt(after[k]) }))));
}

function fmt(v) {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'object') return v.disposition ? `${v.disposition} (requested by ${v.requestedBy})` : JSON.stringify(v);
  return String(v);
}

export function comments(list) {
  if (!list?.length) return h('p.muted', { text: 'No comments.' });
  return h('ul.comments', null, list.map(c => h('li.comment', null,
    h('div.muted', { text: `${c.author} · ${time(c.at)}` }),
    h('p.comment-text', { text: c.text }))));
}
