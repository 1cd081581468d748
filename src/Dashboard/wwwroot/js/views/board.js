// The live alert board at /: a virtualised, filterable, groupable list of every loaded alert, kept current by the
// shared stream, driven by the keyboard. The filter lives in the URL; rows carry data-alert-id (automation hook).

import { h, replace } from '../dom.js';
import { actBulk, actOne, showOutcomes } from '../board/actions.js';
import { exportRows } from '../board/export.js';
import { buildItems, filterQuery, matcher, parseFilter, partitionOf } from '../board/filters.js';
import { showHelp } from '../board/help.js';
import { liveBoard } from '../board/live.js';
import { headerRow, renderAlertRow, renderGroupRow } from '../board/row-view.js';
import { SavedViews } from '../board/saved-views.js';
import { createToolbar } from '../board/toolbar.js';
import { VirtualList } from '../board/virtual-list.js';

const ROW_HEIGHT = 34;
const keyOf = item => item.group ? item.key : item.id;

export function mount(root, ctx) {
  const me = ctx.me;
  const canChooseTenant = !!me.can?.chooseTenant;
  const canAct = !!me.can?.actOnAlerts;
  const meName = me.name;
  let filter = parseFilter(location.search);
  if (!canChooseTenant) filter.tenant = ''; // a scoped key has one tenant; the server scopes it anyway
  let live = liveBoard(ctx, partitionOf(filter, canChooseTenant));
  const collapsed = new Set();
  const checked = new Set();
  const saved = new SavedViews(me.id);
  let tenants = [];
  let shownRows = [];
  let items = [];
  let selectedKey = null;
  let overlay = null;
  let dirty = true;
  let frame = 0;

  const view = {
    sla: ctx.config?.sla || {}, now: Date.now(), selectedId: null, checked, canAct, showTenant: canChooseTenant, collapsed,
    onCheck: (id, on) => { setChecked([id], on); },
    onOpen: id => ctx.navigate(`/alerts/${encodeURIComponent(id)}`),
    onToggleGroup: key => { if (collapsed.has(key)) collapsed.delete(key); else collapsed.add(key); refresh(); },
  };

  // ----- layout
  const toolbar = createToolbar({ canChooseTenant, onChange: setFilter });
  const counts = h('span.counts', { 'aria-live': 'off' });
  const progress = h('span.progress.muted');
  const bulkBar = buildBulkBar();
  const viewsBox = buildSavedViews();
  const tools = h('span.tools', null, viewsBox,
    h('button', { type: 'button', text: 'Export CSV', title: 'Everything loaded that matches the filter', onclick: () => exportRows(shownRows, 'csv') }),
    h('button', { type: 'button', text: 'Export JSON', title: 'Everything loaded that matches the filter', onclick: () => exportRows(shownRows, 'json') }),
    h('button.help-button', { type: 'button', text: '?', 'aria-label': 'Keyboard shortcuts', onclick: openHelp }));
  const header = headerRow(view, on => setChecked(shownRows.map(r => r.id), on));
  const viewport = h('div.board-viewport', { role: 'list', 'aria-label': 'Alerts', tabindex: '0' });
  const empty = h('div.board-empty', { hidden: true });
  // Scrolled down, new alerts arrive above without moving what is being read; this says how many, and goes up.
  let above = 0;
  const newPill = h('button.new-pill', { type: 'button', hidden: true, onclick: () => { viewport.scrollTop = 0; clearAbove(); } });
  const clearAbove = () => { above = 0; newPill.hidden = true; };
  viewport.addEventListener('scroll', () => { if (above && viewport.scrollTop < ROW_HEIGHT) clearAbove(); }, { passive: true });
  const section = h('section.board', null,
    toolbar.el,
    h('div.board-status', null, counts, progress, bulkBar, h('span.spacer'), tools),
    h('div.board-table', { class: canChooseTenant ? 'board-table with-tenant' : 'board-table' }, header, viewport, empty, newPill));
  replace(root, section);

  const list = new VirtualList(viewport, ROW_HEIGHT, keyOf, (item, el) =>
    item.group ? renderGroupRow(item, el, view) : renderAlertRow(item, el, view));

  if (canChooseTenant) {
    ctx.api.get('/v1/tenants', { pageSize: 500 }).then(page => { tenants = page.items.map(t => t.id); dirty = true; schedule(); }).catch(() => {});
  }

  // ----- data
  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => { frame = 0; refresh(); });
  }
  function attach() {
    live.onChange = () => { dirty = true; schedule(); };
  }
  attach();

  function refresh() {
    const store = live.store;
    if (dirty) {
      const rows = store.rows();
      shownRows = rows.filter(matcher(filter, meName));
      dirty = false;
    }
    items = buildItems(shownRows, filter.group, collapsed);
    const shifted = list.setItems(items, list.firstVisibleKey());
    if (shifted > 0) {
      above += shifted;
      newPill.textContent = `↑ ${above.toLocaleString()} new`;
      newPill.hidden = false;
    }
    if (selectedKey && list.indexOfKey(selectedKey) < 0) selectedKey = null;
    view.selectedId = selectedKey;
    list.paint();
    section.dataset.loaded = String(store.size);
    section.dataset.shown = String(shownRows.length);
    section.dataset.loading = String(store.loading);
    if (store.position != null) section.dataset.snapshotSeq = String(store.position);
    updateToolbar(store);
    updateCounts();
    updateEmpty(store);
    updateBulkBar();
  }

  let optionsRevision = -1;
  let optionsAt = 0;
  let options = { tenants: [], jurisdictions: [], assignees: [] };
  function updateToolbar(store) {
    // Jurisdictions and assignees to offer come from what is loaded; recounted at most once per store revision.
    if (optionsRevision !== store.revision && (!store.loading || optionsRevision < 0) && Date.now() - optionsAt > 1000) {
      optionsRevision = store.revision;
      optionsAt = Date.now();
      const jur = new Set(), who = new Set();
      for (const row of store.byId.values()) {
        jur.add(row.jurisdiction);
        if (row.assignee) who.add(row.assignee);
      }
      options = { tenants, jurisdictions: [...jur].sort(), assignees: [...who].sort() };
    }
    options.tenants = tenants;
    toolbar.update(filter, options);
  }

  function updateCounts() {
    const store = live.store;
    // Over every loaded row, once a second and per change frame: plain arithmetic, no parsing (slaState's rule inlined).
    let open = 0, breached = 0;
    const now = view.now;
    for (const row of store.byId.values()) {
      if (row.status !== 'open') continue;
      open++;
      const limit = view.sla[row.severity];
      if (limit && row.raisedMs + limit * 1000 <= now) breached++;
    }
    const n = x => x.toLocaleString();
    replace(counts,
      h('span', { dataset: { count: 'shown' } }, h('b', { text: n(shownRows.length) }), ' shown'),
      h('span', { dataset: { count: 'loaded' } }, h('b', { text: n(store.size) }), ' loaded'),
      h('span', { dataset: { count: 'open' } }, h('b', { text: n(open) }), ' open'),
      h('span', { class: breached ? 'breached' : '', dataset: { count: 'breached' } }, h('b', { text: n(breached) }), ' breached'));
    progress.textContent = store.error ? `could not load: ${store.error}`
      : store.loading ? `loading ${n(store.size)}${store.total != null ? ` of ${n(Math.min(store.total, live.max))}` : ''}…` : '';
    if (!store.loading && store.total != null && store.total > live.max)
      progress.textContent = `showing the newest ${n(live.max)} of ${n(store.total)}; narrow the filter to see older ones`;
  }

  function updateEmpty(store) {
    const none = shownRows.length === 0 && !store.loading;
    empty.hidden = !none;
    if (!none) return;
    if (store.size === 0) {
      replace(empty,
        h('h2', { text: 'No alerts to triage' }),
        h('p', { text: 'This board shows open, acknowledged and snoozed alerts, newest first, and updates live: when records posted to POST /v1/records cross a rule or a model\'s threshold, the alert appears here without a reload.' }),
        h('p', null, 'Widen the status filter to see resolved or silenced alerts, or press ', h('kbd', { text: '?' }), ' for the keyboard shortcuts.'));
    } else {
      replace(empty,
        h('h2', { text: 'No alert matches this filter' }),
        h('p', { text: `${store.size.toLocaleString()} alerts are loaded; none matches.` }),
        h('button', { type: 'button', text: 'Clear filters', onclick: () => setFilter({ ...parseFilter(''), tenant: filter.tenant }) }));
    }
  }

  // ----- filter and URL
  function setFilter(next) {
    if (!canChooseTenant) next.tenant = '';
    filter = next;
    const url = `/${filterQuery(filter)}`;
    // replaceState, not navigate: the board stays mounted (the search field keeps its focus) while the URL follows.
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
    const partition = partitionOf(filter, canChooseTenant);
    const next2 = liveBoard(ctx, partition);
    if (next2 !== live) {
      live.onChange = null;
      live = next2;
      attach();
      checked.clear();
    }
    dirty = true;
    refresh();
  }

  // ----- selection and keyboard
  function select(index) {
    if (!items.length) return;
    const i = Math.max(0, Math.min(items.length - 1, index));
    selectedKey = keyOf(items[i]);
    view.selectedId = selectedKey;
    list.scrollToIndex(i);
  }
  function selectedIndex() { return selectedKey ? list.indexOfKey(selectedKey) : -1; }
  function selectedRow() {
    const item = items[selectedIndex()];
    return item && !item.group ? item : null;
  }

  function setChecked(ids, on) {
    if (!canAct) return;
    for (const id of ids) if (on) checked.add(id); else checked.delete(id);
    list.paint();
    updateBulkBar();
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && t.type !== 'checkbox');
    if (e.key === 'Escape') {
      if (overlay) { overlay._close(); e.preventDefault(); return; }
      if (typing) return;
      selectedKey = null; view.selectedId = null;
      if (checked.size) { checked.clear(); updateBulkBar(); }
      list.paint();
      return;
    }
    if (typing || overlay) return;
    switch (e.key) {
      case 'j': case 'ArrowDown': select(selectedIndex() + 1); break;
      case 'k': case 'ArrowUp': select(selectedIndex() < 0 ? 0 : selectedIndex() - 1); break;
      case 'Home': select(0); break;
      case 'End': select(items.length - 1); break;
      case 'Enter': {
        const item = items[selectedIndex()];
        if (!item) return;
        if (item.group) view.onToggleGroup(item.key); else view.onOpen(item.id);
        break;
      }
      case 'x': { const row = selectedRow(); if (row) setChecked([row.id], !checked.has(row.id)); break; }
      case 'a': acknowledge(); break;
      case '/': toolbar.search.focus(); toolbar.search.select(); break;
      case '?': openHelp(); break;
      default: return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  function openHelp() {
    if (overlay) return;
    overlay = showHelp(() => { overlay = null; });
  }

  async function acknowledge() {
    if (!canAct) { ctx.toast('Your role can read alerts but not act on them.', 'error'); return; }
    if (checked.size) { await runBulk('acknowledge', 'Acknowledge'); return; }
    const row = selectedRow();
    if (!row) { ctx.toast('Select an alert first (j / k), or check some with x.'); return; }
    try {
      const outcome = await actOne(ctx, live.store, row, 'acknowledge');
      ctx.toast(`${row.id}: ${outcome.text}`, outcome.ok ? 'ok' : 'error');
    } catch (err) {
      ctx.toast(`Acknowledge failed: ${err.message}`, 'error');
    }
  }

  // ----- bulk
  function buildBulkBar() {
    if (!canAct) return h('span.bulk', { hidden: true });
    const label = h('span.bulk-count');
    const hours = h('select', { 'aria-label': 'Snooze for' },
      [['1', '1 hour'], ['4', '4 hours'], ['24', '1 day'], ['168', '1 week']].map(([v, t]) => h('option', { value: v, text: t })));
    const disposition = h('select', { 'aria-label': 'Disposition' },
      ['true-positive', 'false-positive', 'benign', 'undetermined'].map(d => h('option', { value: d, text: d })));
    const bar = h('span.bulk', { hidden: true, role: 'group', 'aria-label': 'Bulk actions' },
      label,
      h('button', { type: 'button', text: 'Acknowledge', onclick: () => runBulk('acknowledge', 'Acknowledge') }),
      h('button', { type: 'button', text: 'Assign to me', onclick: () => runBulk('assign-to-me', 'Assign to me') }),
      h('span.bulk-pair', null, h('button', { type: 'button', text: 'Snooze', onclick: () =>
        runBulk('snooze', 'Snooze', { until: new Date(Date.now() + Number(hours.value) * 3600e3).toISOString() }) }), hours),
      h('span.bulk-pair', null, h('button', { type: 'button', text: 'Resolve', onclick: () =>
        runBulk('resolve', `Resolve as ${disposition.value}`, { disposition: disposition.value }) }), disposition),
      h('button.link', { type: 'button', text: 'Clear', onclick: () => setChecked([...checked], false) }));
    bar._label = label;
    return bar;
  }

  function updateBulkBar() {
    if (!canAct) return;
    bulkBar.hidden = checked.size === 0;
    bulkBar._label.textContent = `${checked.size.toLocaleString()} checked`;
    if (header._all) {
      header._all.checked = shownRows.length > 0 && checked.size >= shownRows.length && shownRows.every(r => checked.has(r.id));
      header._all.indeterminate = checked.size > 0 && !header._all.checked;
    }
  }

  async function runBulk(action, title, params) {
    const rows = [...checked].map(id => live.store.byId.get(id)).filter(Boolean);
    if (!rows.length) return;
    try {
      const outcomes = await actBulk(ctx, live.store, rows, action, params);
      for (const o of outcomes) if (o.ok) checked.delete(o.id); // what failed stays checked, to retry
      updateBulkBar();
      list.paint();
      overlay?._close();
      overlay = showOutcomes(`${title}: ${rows.length} alert${rows.length === 1 ? '' : 's'}`, outcomes, () => { overlay = null; });
    } catch (err) {
      ctx.toast(`${title} failed: ${err.message}`, 'error');
    }
  }

  // ----- saved views
  function buildSavedViews() {
    const pick = h('select', { 'aria-label': 'Saved views' });
    const name = h('input', { type: 'text', placeholder: 'View name', 'aria-label': 'View name', maxlength: '80', hidden: true });
    const save = h('button', { type: 'button', text: 'Save view' });
    const del = h('button.link', { type: 'button', text: 'Delete view', hidden: true });
    const fill = chosen => {
      const views = saved.list();
      pick.replaceChildren(h('option', { value: '', text: views.length ? 'Saved views…' : 'No saved views' }),
        ...views.map(v => h('option', { value: v.name, text: v.name })));
      pick.value = views.some(v => v.name === chosen) ? chosen : '';
      del.hidden = !pick.value;
    };
    pick.addEventListener('change', () => {
      const v = saved.list().find(x => x.name === pick.value);
      del.hidden = !v;
      if (v) setFilter(parseFilter(v.query));
    });
    const commit = () => {
      const n = name.value.trim();
      if (!n) { name.focus(); return; }
      saved.save(n, filterQuery(filter));
      name.value = '';
      name.hidden = true;
      save.textContent = 'Save view';
      fill(n);
      ctx.toast(`Saved view "${n}".`, 'ok');
    };
    save.addEventListener('click', () => {
      if (name.hidden) { name.hidden = false; save.textContent = 'Save'; name.focus(); } else commit();
    });
    name.addEventListener('keydown', e => {
      if (e.key === 'Enter') { e.preventDefault(); commit(); }
      if (e.key === 'Escape') { name.hidden = true; save.textContent = 'Save view'; e.stopPropagation(); }
    });
    del.addEventListener('click', () => { if (pick.value) { saved.remove(pick.value); fill(''); } });
    fill('');
    return h('span.saved-views', null, pick, name, save, del);
  }

  // ----- time: ages and SLA timers run on, redrawn once a second (only the rows in view)
  const tick = setInterval(() => {
    view.now = Date.now();
    list.paint();
    updateCounts();
    updateToolbar(live.store);
  }, 1000);

  refresh();

  return () => {
    clearInterval(tick);
    cancelAnimationFrame(frame);
    document.removeEventListener('keydown', onKey);
    list.destroy();
    live.onChange = null;
    overlay?._close();
  };
}
