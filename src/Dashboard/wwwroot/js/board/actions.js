// Acting on alerts from the board: one alert (with the version the board shows) or many through POST /v1/alerts/bulk
// (500 a request), and what each alert's answer means. Every alert an answer carries goes back into the store, so the
// board shows the outcome before the stream repeats it.

import { h } from '../dom.js';

const BULK_MAX = 500;

export async function actOne(ctx, store, row, action, body = {}) {
  const res = await ctx.api.post(`/v1/alerts/${encodeURIComponent(row.id)}/${action}`, { ...body, version: row.version },
    { allow: [400, 403, 404, 409] });
  if (res.data?.id && res.data.version != null) store.putAlert(res.data);
  return describe({ id: row.id, status: res.status, alert: res.data?.id ? res.data : null, error: res.data?.error }, row.version);
}

export async function actBulk(ctx, store, rows, action, params = {}) {
  const outcomes = [];
  for (let i = 0; i < rows.length; i += BULK_MAX) {
    const chunk = rows.slice(i, i + BULK_MAX);
    const res = await ctx.api.post('/v1/alerts/bulk', { action, items: chunk.map(r => ({ id: r.id, version: r.version })), ...params },
      { allow: [400] });
    if (res.status === 400) {
      for (const r of chunk) outcomes.push({ id: r.id, ok: false, kind: 'refused', text: res.data?.error || 'bad request' });
      continue;
    }
    res.data.items.forEach((item, j) => {
      if (item.alert) store.putAlert(item.alert);
      outcomes.push(describe(item, chunk[j].version));
    });
  }
  return outcomes;
}

/** { id, ok, kind: done|stale|refused|missing, text } for one alert's answer. */
export function describe(item, sentVersion) {
  const a = item.alert;
  switch (item.status) {
    case 200: return { id: item.id, ok: true, kind: 'done', text: `done (now ${a?.status ?? 'changed'})` };
    case 409:
      if (a && a.version !== sentVersion)
        return { id: item.id, ok: false, kind: 'stale', text: `stale: changed since you saw it (now version ${a.version}, ${a.status}${a.assignee ? `, ${a.assignee}` : ''}); not applied` };
      return { id: item.id, ok: false, kind: 'refused', text: `refused: ${item.error || 'not allowed in this state'}` };
    case 404: return { id: item.id, ok: false, kind: 'missing', text: 'not found' };
    case 403: return { id: item.id, ok: false, kind: 'refused', text: `refused: ${item.error || 'forbidden'}` };
    default: return { id: item.id, ok: false, kind: 'refused', text: item.error || `HTTP ${item.status}` };
  }
}

/** The per-alert outcomes of a bulk action, in an overlay that stays until closed. */
export function showOutcomes(title, outcomes, onClose) {
  const done = outcomes.filter(o => o.ok).length;
  const close = () => { overlay.remove(); onClose?.(); };
  const overlay = h('div.overlay.outcomes-overlay', { onclick: e => { if (e.target === overlay) close(); } },
    h('div.dialog.outcomes', { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Bulk action outcomes' },
      h('h2', { text: title }),
      h('p.muted', { text: `${done} of ${outcomes.length} succeeded${done < outcomes.length ? `, ${outcomes.length - done} not applied` : ''}.` }),
      h('ul.outcome-list', null, outcomes.map(o =>
        h('li', { class: `outcome ${o.kind}`, dataset: { outcomeFor: o.id, outcome: o.kind } },
          h('a.mono', { href: `/alerts/${encodeURIComponent(o.id)}`, 'data-link': true, text: o.id }),
          h('span', { text: o.text })))),
      h('div.dialog-actions', null, h('button.primary', { type: 'button', text: 'Close', onclick: close }))));
  overlay._close = close;
  document.body.appendChild(overlay);
  overlay.querySelector('button.primary').focus();
  return overlay;
}
