// One regulator report (/reports/{id}): its fields (editable while a draft, with the version seen), the alerts it
// came from, its export's validation issues, the transactions and subjects, the lifecycle buttons the signed-in
// user may use (the others disabled with the server's reason), the XML download and the history.
// A stale save keeps what was typed and says so; nothing is lost.

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { time } from '../format.js';
import { download } from '../download.js';
import { fieldsEditor } from '../report/fields.js';
import { lifecycle } from '../report/lifecycle.js';
import { reportHistory } from '../report/history.js';
import { person, statusPill, typeLabel } from '../report/names.js';

export function mount(root, ctx, [id]) {
  const path = `/v1/reports/${encodeURIComponent(id)}`;
  const message = h('div.detail-message.report-message', { role: 'alert' });
  const slots = {
    header: h('div'), issues: h('section.card.issues-card', { 'aria-label': 'Validation' }), fields: h('section.card.fields-card', { 'aria-label': 'Fields' }),
    evidence: h('section.card.evidence-card', { 'aria-label': 'Transactions' }), actions: h('div'), export: h('section.card.export-card', { 'aria-label': 'Export' }),
    alerts: h('section.card.alerts-card', { 'aria-label': 'Alerts' }), history: h('section.card.history-card', { 'aria-label': 'History' }),
  };
  let draft = null;
  let editor = null;
  let gone = false;

  replace(root, h('section.detail.report', null,
    h('nav.detail-nav', null, h('a', { href: '/reports', 'data-link': true, text: '← All reports' })),
    slots.header, message,
    h('div.detail-grid', null,
      h('div.detail-main', null, slots.issues, slots.fields, slots.evidence),
      h('div.detail-side', null, slots.actions, slots.export, slots.alerts, slots.history))));

  const say = (text, ...extra) => replace(message, text ? h('p', { text }) : null,
    extra.some(x => x?.tagName === 'BUTTON') ? h('div.act-row', null, extra.filter(x => x?.tagName === 'BUTTON')) : null,
    extra.filter(x => x && x.tagName !== 'BUTTON'));

  /** Draws a version of the report; keepEdits leaves the form as the user typed it (after a conflict). */
  async function show(d, { keepEdits = false } = {}) {
    draft = d;
    // The draft names people by id; the board's summary and the history carry their names (ids a lookup misses
    // show as themselves).
    const [options, validation, hist, summary] = await Promise.all([
      ctx.api.get(`${path}/actions`), ctx.api.get(`${path}/validation`), ctx.api.get(`${path}/history`).catch(() => ({ items: [] })),
      ctx.api.get(`/v1/board/reports/${encodeURIComponent(id)}`).catch(() => null),
    ]);
    if (gone || draft !== d) return;
    const names = Object.fromEntries([
      ...(hist.items || []).map(e => [e.actor, e.actorName]),
      ...(summary ? [[summary.author, summary.authorName], [summary.submittedBy, summary.submittedByName], [summary.approver, summary.approverName]] : []),
    ].filter(([k, v]) => k && v));
    replace(slots.header, header(d, ctx.me, names));
    const edit = options.items.find(o => o.action === 'edit');
    if (!editor) {
      editor = fieldsEditor(d, edit, save);
      replace(slots.fields, h('h2', { text: 'Report' }), classifications(d), editor.el);
    } else {
      editor.rebase(d, { keepEdits });
      editor.setEditable(edit);
    }
    replace(slots.issues, ...issues(validation));
    replace(slots.actions, lifecycle(options.items, transition));
    replace(slots.export, h('h2', { text: 'Export' }), exportPanel(d, validation));
    replace(slots.evidence, ...evidence(d));
    replace(slots.alerts, h('h2', { text: `Alerts (${d.alertIds.length})` }),
      h('ul.related-list', null, d.alertIds.map(a => h('li', null, h('a', { href: `/alerts/${encodeURIComponent(a)}`, 'data-link': true, dataset: { alertLink: a } }, h('code', { text: a }))))));
    replace(slots.history, h('h2', { text: 'History' }), reportHistory(hist.items || [], ctx.me));
  }

  async function save(changes) {
    say('');
    try {
      const res = await ctx.api.patch(path, { version: draft.version, ...changes }, { allow: [409] });
      if (res.status !== 409) {
        await show(res.data);
        ctx.toast(`Saved: version ${res.data.version}.`, 'ok');
        return;
      }
      const current = await ctx.api.get(path);
      if (current.version === draft.version) {
        say(res.data?.error || 'The report cannot be edited now.');
        return;
      }
      // Someone saved in between: move the basis to their version and keep only the user's own changes in the
      // form (their other fields show the new values); the user chooses to save again or to discard.
      const theirs = changedFields(draft, current);
      await show(current, { keepEdits: true });
      say(`Someone else changed this report while you were editing (it is now at version ${current.version}; they changed ${theirs.join(', ') || 'its state'}). ` +
        'Your edits are still in the form and not saved. Save again to put them over the current version, or discard them.',
      h('button.primary', { type: 'button', text: 'Save my edits again', onclick: () => save(editor.changes()) }),
      h('button', { type: 'button', text: 'Discard my edits', onclick: () => { say(''); editor.rebase(draft, { keepEdits: false }); } }),
      theirs.includes('narrative') && changes.narrative !== undefined
        ? h('details.theirs', null, h('summary', { text: 'Their narrative' }), h('blockquote', { text: current.content.narrative })) : null);
    } catch (e) {
      say(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function transition(action, extra) {
    say('');
    if (Object.keys(editor?.changes() || {}).length && action === 'submit') {
      say('Save or discard your edits before submitting.');
      return;
    }
    try {
      const res = await ctx.api.post(`${path}/transitions`, { version: draft.version, action, ...extra }, { allow: [409] });
      if (res.status === 409) {
        await show(await ctx.api.get(path));
        say(`${res.data?.error || 'That action does not apply now.'} This is the report's current state.`);
        return;
      }
      await show(res.data);
    } catch (e) {
      say(e instanceof ApiError ? e.message : String(e));
    }
  }

  function exportPanel(d, validation) {
    const note = h('p.muted', { text: validation.valid ? 'The export validates.' : `The export has ${validation.issues.length} validation issue(s).` });
    const anyway = h('button', { type: 'button', text: 'Download anyway (invalid)', hidden: true, onclick: () => get(true) });
    async function get(allowInvalid) {
      const res = await download(`${path}/export${allowInvalid ? '?allowInvalid=true' : ''}`, `${d.id}.xml`);
      if (res.ok) return;
      if (res.status === 422) {
        anyway.hidden = false;
        note.textContent = `${res.body?.error || 'The export does not validate.'}`;
      } else {
        ctx.toast(res.body?.error || `HTTP ${res.status}`, 'error');
      }
    }
    return h('div.act-row', null, h('button', { type: 'button', text: 'Download XML', dataset: { export: d.type }, onclick: () => get(false) }), anyway, note);
  }

  (async () => {
    try {
      await show(await ctx.api.get(path));
    } catch (e) {
      if (gone) return;
      replace(root, h('section.detail', null,
        h('p.empty', { text: e instanceof ApiError && e.status === 404 ? `Report ${id} not found.` : `Could not load the report: ${e.message}` }),
        h('a', { href: '/reports', 'data-link': true, text: '← All reports' })));
    }
  })();

  return () => { gone = true; };
}

/** The editable fields that differ between two versions (for the conflict message). */
function changedFields(a, b) {
  const pick = d => ({ narrative: d.content.narrative, 'activity period': [d.content.activityFrom, d.content.activityTo], currency: d.content.currency,
    indicators: d.content.indicators, 'filing institution': d.content.filer, 'prior reference': d.priorFiuReference });
  const [x, y] = [pick(a), pick(b)];
  return Object.keys(x).filter(k => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}

function header(d, me, names) {
  const item = (label, value, key) => h('div', key ? { dataset: { field: key } } : null, h('dt', { text: label }), h('dd', { text: value }));
  // A person by name on one line (cut with an ellipsis); the id the audit log records is in the tooltip.
  const people = (label, id, key) => h('div', { dataset: { field: key } }, h('dt', { text: label }), person('dd.person', id, names[id], me));
  return h('header.detail-header', { dataset: { reportId: d.id, status: d.status, version: d.version } },
    h('div.title', null, statusPill(d.status), h('h1', { text: typeLabel(d.type) }), h('span.muted', { text: d.id })),
    h('dl.meta', null,
      item('Tenant', d.tenant), people('Author', d.author, 'author'), item('Created', time(d.createdAt)), item('Updated', time(d.updatedAt)),
      item('Version', String(d.version), 'version'),
      d.submittedBy ? people('Submitted by', d.submittedBy, 'submitted-by') : null,
      d.approver ? people('Approved by', d.approver, 'approver') : null,
      d.fiuReference ? item('FIU reference', d.fiuReference, 'fiu-reference') : null,
      d.reviewDueAt ? item('Continuing review due', time(d.reviewDueAt)) : null,
      d.entity ? item('Entity', d.entity) : null));
}

function issues(validation) {
  if (validation.valid) return [h('h2', { text: 'Validation' }), h('p.valid', { dataset: { valid: 'true' }, text: 'No issues: the export validates against the regulator’s rules.' })];
  return [h('h2', { text: `Validation: ${validation.issues.length} issue${validation.issues.length === 1 ? '' : 's'}` }),
    h('ol.issues', { dataset: { valid: 'false' } }, validation.issues.map(i => h('li', { dataset: { issue: i.source } },
      h('span.issue-message', { text: i.message }),
      h('code.issue-path', { text: `${i.path}${i.line ? ` (line ${i.line})` : ''}` }))))];
}

function classifications(d) {
  const list = d.type.startsWith('fincen') ? d.content.classifications.map(c => `${c.typeId}/${c.subtypeId} ${c.label}`) : [];
  return list.length ? h('p.muted.classes', { text: `Classification: ${list.join('; ')}` }) : null;
}

function evidence(d) {
  const c = d.content;
  const side = s => (s ? [s.customer, s.account].filter(Boolean).join(' / ') + (s.country ? ` (${s.country})` : '') : '—');
  return [
    h('h2', { text: `Transactions (${c.transactions.length}) and subjects (${c.subjects.length})` }),
    h('p.muted', { text: `Subjects: ${c.subjects.map(s => s.pseudonym).join(', ')}. Identifiers are pseudonyms; names are filled outside the product (lepton report fill).` }),
    h('table.records', null,
      h('thead', null, h('tr', null, ['Time', 'Amount', 'Channel', 'From', 'To'].map(t => h('th', { text: t })))),
      h('tbody', null, c.transactions.slice(0, 100).map(t => h('tr', null,
        h('td', { text: time(t.timestamp) }), h('td.num', { text: `${t.amount.toLocaleString('en-US')} ${t.currency}` }),
        h('td', { text: t.channel }), h('td.mono', { text: side(t.from) }), h('td.mono', { text: side(t.to) }))))),
    c.transactions.length > 100 ? h('p.muted', { text: `First 100 of ${c.transactions.length} shown; the export holds them all.` }) : null,
  ];
}
