// The alert detail (/alerts/{id}): header, explanation, records, related alerts, history, comments and the actions.
// Live: a stream event for this alert redraws it. Keys: Esc back to the board, `a` acknowledges.

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { duration, slaState, time } from '../format.js';
import { explanation } from '../detail/explain.js';
import { recordsTable } from '../detail/records.js';
import { related } from '../detail/related.js';
import { comments, history } from '../detail/history.js';
import { actions } from '../detail/actions.js';
import { openSilenceDialog } from '../detail/silence.js';
import { reportCard } from '../detail/report.js';

export function mount(root, ctx, [id]) {
  const path = `/v1/alerts/${encodeURIComponent(id)}`;
  const can = ctx.me.can;
  const message = h('p.detail-message', { role: 'alert' });
  const slots = {
    header: h('div'), explain: h('div'), records: h('section.card.records-card', { 'aria-label': 'Records' }),
    history: h('section.card.history-card', { 'aria-label': 'History' }), comments: h('section.card.comments-card', { 'aria-label': 'Comments' }),
    actions: h('div'), related: h('div'), report: h('div'),
  };
  let alert = null;
  let gone = false;
  let closeDialog = null;
  let timer = null;

  replace(root, h('section.detail', null,
    h('nav.detail-nav', null, h('a', { href: '/', 'data-link': true, text: '← Back to the board' }), h('span.muted', { text: ' (Esc)' })),
    slots.header, message,
    h('div.detail-grid', null,
      h('div.detail-main', null, slots.explain, slots.records, slots.history),
      h('div.detail-side', null, slots.actions, slots.report, slots.comments, slots.related))));

  // What the user typed or picked in the actions form, by field name: a redraw from the stream (someone else's
  // change, or the stream echoing this user's last action) keeps it, so a half-written resolution is not wiped.
  // The answer to the user's own action redraws afresh (the comment box empties once the comment is posted).
  const markEdited = e => { if (e.target.name) e.target.dataset.edited = '1'; };
  slots.actions.addEventListener('input', markEdited);
  slots.actions.addEventListener('change', markEdited);
  const edits = () => [...slots.actions.querySelectorAll('[data-edited][name]')].map(el => [el.name, el.value]);
  const restore = kept => {
    for (const [name, value] of kept) {
      const el = slots.actions.querySelector(`[name="${CSS.escape(name)}"]`);
      if (el && [...(el.options || [{ value }])].some(o => o.value === value)) { el.value = value; el.dataset.edited = '1'; }
    }
  };

  // An answer can arrive after a newer version came through the stream: never step back to an older one.
  const draw = (a, { keepEdits = false } = {}) => {
    if (alert && a.version < alert.version) return;
    alert = a;
    const kept = keepEdits ? edits() : [];
    replace(slots.header, header(a, ctx));
    replace(slots.explain, explanation(a));
    replace(slots.comments, h('h2', { text: `Comments (${a.comments?.length || 0})` }), comments(a.comments));
    replace(slots.actions, can.actOnAlerts ? actions(a, ctx.me, act, silence) : null);
    restore(kept);
    // Only when that changes: the card asks the server which reports hold the alert.
    const reportable = a.status === 'resolved' && a.disposition === 'true-positive' && !!can.draftReports;
    if (reportable !== slots.report.hasChildNodes()) replace(slots.report, reportable ? reportCard(a, ctx) : null);
  };

  const loadContext = async () => {
    const [hist, rel] = await Promise.all([
      ctx.api.get(`${path}/history`).catch(() => ({ items: [] })),
      ctx.api.get(`${path}/related`).catch(() => null),
    ]);
    if (gone) return;
    replace(slots.history, h('h2', { text: 'History' }), history(hist.items || []));
    replace(slots.related, rel ? related(rel) : null);
  };

  const loadRecords = async () => {
    if (!can.readTenantData) {
      replace(slots.records, h('h2', { text: 'Records' }), h('p.muted', { text: 'Your role does not show transaction records.' }));
      return;
    }
    const data = await ctx.api.get(`${path}/records`).catch(() => null);
    if (gone || !data) return;
    replace(slots.records,
      h('h2', { text: 'Records involved' }),
      h('p.muted', { text: data.count > data.items.length
        ? `${data.items.length} of ${data.count} records kept (the first ${data.maxKept}); every record id is in the alert.`
        : `${data.items.length} record${data.items.length === 1 ? '' : 's'}; identifiers are pseudonymized.` }),
      data.items.length ? recordsTable(data.items) : h('p.muted', { text: 'No record payloads were kept for this alert.' }));
  };

  async function act(action, body) {
    message.textContent = '';
    try {
      const res = await ctx.api.post(`${path}/${action}`, { ...body, version: alert.version }, { allow: [409] });
      if (res.status === 409 && res.data?.id) {
        draw(res.data);
        message.textContent = 'Someone else changed this alert; this is its current state. Check it and try again.';
      } else if (res.status === 409) {
        message.textContent = res.data?.error || 'That action does not apply now.';
      } else {
        draw(res.data);
      }
      loadContext();
    } catch (e) {
      message.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }

  function silence() { closeDialog = openSilenceDialog(alert, ctx); }

  const onAlert = e => {
    const a = e.detail?.alert;
    if (a?.id !== id) return;
    const grew = a.count !== alert?.count;
    draw(a, { keepEdits: true });
    // Several changes in a burst reload the history (and the records, when the alert grew) once.
    clearTimeout(timer);
    timer = setTimeout(() => { loadContext(); if (grew) loadRecords(); }, 300);
  };

  const onKey = e => {
    if (e.target.closest?.('input, textarea, select') || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('.overlay')) return;
    if (e.key === 'Escape') ctx.navigate('/');
    else if (e.key === 'a' && alert?.status === 'open' && can.actOnAlerts) act('acknowledge', {});
  };

  (async () => {
    try {
      draw(await ctx.api.get(path));
    } catch (e) {
      if (gone) return;
      replace(root, h('section.detail', null,
        h('p.empty', { text: e instanceof ApiError && e.status === 404 ? `Alert ${id} not found.` : `Could not load the alert: ${e.message}` }),
        h('a', { href: '/', 'data-link': true, text: '← Back to the board' })));
      return;
    }
    ctx.stream?.addEventListener('alert', onAlert);
    loadContext();
    loadRecords();
  })();
  document.addEventListener('keydown', onKey);

  return () => {
    gone = true;
    clearTimeout(timer);
    closeDialog?.();
    ctx.stream?.removeEventListener('alert', onAlert);
    document.removeEventListener('keydown', onKey);
  };
}

function header(a, ctx) {
  const sla = slaState(a, ctx.config?.sla);
  const slaText = { running: `SLA ${duration(sla.leftMs)} left`, breached: 'SLA breached', met: 'SLA met', none: 'no SLA' }[sla.state];
  const entity = `/entities/${encodeURIComponent(a.entity)}?tenant=${encodeURIComponent(a.tenant)}`;
  return h('header.detail-header', { dataset: { alertId: a.id, status: a.status, version: a.version } },
    h('div.title', null,
      h('span', { class: `sev ${a.severity}`, text: a.severity }),
      h('span.pill.status', { class: `pill status ${a.status}`, text: a.status }),
      a.disposition ? h('span.pill.disposition', { text: a.disposition }) : null,
      h('h1', null, h('code', { text: a.ruleId })),
      h('span.muted', { text: a.id })),
    h('dl.meta', null,
      item('Kind', a.kind), item('Jurisdiction', a.jurisdiction), item('Tenant', a.tenant),
      h('div', null, h('dt', { text: 'Entity' }), h('dd', null, h('a.entity-link', { href: entity, 'data-link': true, text: a.entity }))),
      item('Count', String(a.count)), item('First seen', time(a.firstSeen)), item('Last seen', time(a.lastSeen)),
      item('Assignee', a.assignee || '—', 'assignee'),
      h('div', null, h('dt', { text: 'SLA' }), h('dd', { class: `sla ${sla.state}`, text: slaText })),
      a.snoozedUntil ? item('Snoozed until', time(a.snoozedUntil)) : null,
      a.silencedBy ? item('Silenced by', a.silencedBy) : null,
      item('Version', String(a.version))));
}

function item(label, value, key) {
  return h('div', key ? { dataset: { field: key } } : null, h('dt', { text: label }), h('dd', { text: value }));
}
