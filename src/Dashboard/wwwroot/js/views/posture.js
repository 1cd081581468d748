// The posture view (/posture?tenant=): risk posture per jurisdiction after the AMLA draft RTS method (inherent risk,
// controls quality, residual, override, final class), its history, the tenant's differentially private peer
// benchmarks, and the auditor exports. Loads once when mounted: every load is a computation the server records.

import { h, replace } from '../dom.js';
import { ApiError, query } from '../api.js';
import { download } from '../download.js';



export function mount(root, ctx) {
  const url = new URL(location.href);
  const state = { tenant: ctx.me.tenant || url.searchParams.get('tenant') || '' };
  let stopped = false;

  const tenantPick = h('select', { 'aria-label': 'Tenant', onchange: e => { state.tenant = e.target.value; keepUrl(); load(); } });
  const status = h('span.muted.posture-status', { role: 'status', text: 'loading…' });
  const cards = h('div.posture-grid', { dataset: { posture: 'jurisdictions' } });
  const notAssessed = h('p.muted.posture-note', { hidden: true });
  const history = h('div.posture-history');
  const peers = h('div.posture-peers');
  const exports = exportPanel();

  replace(root, h('section.posture', null,
    h('header.posture-head', null, h('h1', { text: 'Risk posture' }),
      ctx.me.tenant ? null : h('label.pick', null, 'Tenant ', tenantPick), h('span.spacer'), status),
    cards, notAssessed,
    h('article.card', { dataset: { card: 'history' } }, h('h2', { text: 'History' }), history),
    h('article.card', { dataset: { card: 'peers' } }, h('h2', { text: 'Alert rates against peers (differentially private)' }), peers),
    h('article.card', { dataset: { card: 'exports' } }, h('h2', { text: 'Exports for auditors' }), exports)));

  function keepUrl() {
    if (!ctx.me.tenant) ctx.navigate(`/posture${query({ tenant: state.tenant })}`, { replace: true });
  }

  async function load() {
    status.textContent = 'loading…';
    try {
      if (!ctx.me.tenant) {
        const page = await ctx.api.get('/v1/tenants', { pageSize: 500 });
        const ids = (page.items || []).map(t => t.id);
        if (!state.tenant) state.tenant = ids[0] || '';
        replace(tenantPick, ...ids.map(id => h('option', { value: id, text: id, selected: id === state.tenant })));
        if (!state.tenant) { status.textContent = 'No tenants yet.'; return; }
      }
      const scope = { tenant: ctx.me.tenant ? undefined : state.tenant };
      const [posture, bench] = await Promise.all([
        ctx.api.get('/v1/posture', scope),
        ctx.api.get('/v1/benchmarks/peers', scope, { allow: [429] }),
      ]);
      // After the computation: its snapshot is the newest entry.
      const past = await ctx.api.get('/v1/posture/history', { ...scope, limit: 50 });
      if (stopped) return;
      drawPosture(posture);
      drawHistory(past.items || []);
      drawPeers(bench.data);
      status.textContent = `computed ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (stopped) return;
      status.textContent = e instanceof ApiError ? e.message : 'could not load the posture';
    }
  }

  function drawPosture(posture) {
    const items = posture.items || [];
    replace(cards, ...items.map(card));
    if (!items.length) cards.appendChild(h('p.muted', { text: 'No jurisdiction assessed yet: report data points with PUT /v1/posture/datapoints.' }));
    notAssessed.hidden = !(posture.notAssessed || []).length;
    notAssessed.textContent = `Not assessed: ${(posture.notAssessed || []).join('; ')}`;
  }

  function card(a) {
    const families = h('table.posture-table', null,
      h('thead', null, h('tr', null, h('th', { text: 'Family' }), h('th', { text: 'Weight' }), h('th', { text: 'Score' }))),
      h('tbody', null, a.inherent.families.map(f => h('tr', { dataset: { family: f.family } },
        h('td', { text: f.family }), h('td', { text: `${f.weightPercent} %` }), h('td', { text: f.score.toFixed(2) })))));
    const indicators = h('details', null, h('summary', { text: `${a.inherent.indicators.length} indicators` }),
      h('table.posture-table', null, h('tbody', null, a.inherent.indicators.map(i => h('tr', { dataset: { indicator: i.id } },
        h('td', { text: i.id }), h('td', { text: String(i.value) }), h('td', { text: `${i.score}${i.mandatoryHigh ? ' (high by law)' : ''}` }))))));
    const override = a.override
      ? h('p.posture-override', { dataset: { override: a.override.id } },
        `Override ${a.override.fromClass} → ${a.override.toClass} until ${new Date(a.override.expiresAt).toLocaleDateString()}: `, h('q', { text: a.override.reason }))
      : null;
    return h('article.card.posture-card', { dataset: { jurisdiction: a.jurisdiction, final: a.final, residual: a.residual } },
      h('header.card-head', null, h('h2', { text: a.jurisdiction }), badge(a.final, 'final')),
      h('dl.posture-facts', null,
        h('dt', { text: 'Inherent' }), h('dd', null, badge(a.inherent.class), ` score ${a.inherent.score.toFixed(2)}${a.inherent.forcedHigh ? ' · high by law' : ''}`),
        h('dt', { text: 'Controls' }), h('dd', { dataset: { controls: a.controls.class }, text: `${a.controls.class} (score ${a.controls.score.toFixed(2)})` }),
        h('dt', { text: 'Residual' }), h('dd', null, badge(a.residual))),
      override, families, indicators,
      h('p.muted.posture-source', { text: `${a.baselEdition} · ${a.highRiskList}` }));
  }

  function badge(cls, role) {
    return h('span.risk', { class: `risk risk-${cls}`, dataset: { risk: cls, role: role || undefined }, text: cls });
  }

  function drawHistory(items) {
    if (!items.length) { replace(history, h('p.muted', { text: 'No snapshots yet.' })); return; }
    replace(history, h('table.posture-table', null,
      h('thead', null, h('tr', null, h('th', { text: 'When' }), h('th', { text: 'Jurisdiction' }), h('th', { text: 'Inherent' }), h('th', { text: 'Residual' }), h('th', { text: 'Final' }))),
      h('tbody', null, items.map(s => h('tr', { dataset: { snapshot: s.at } },
        h('td', { text: new Date(s.at).toLocaleString() }), h('td', { text: s.jurisdiction }), h('td', { text: s.inherent.class }),
        h('td', { text: s.residual }), h('td', null, badge(s.final)))))));
  }

  function drawPeers(answer) {
    const rows = (answer.items || []).map(c => h('tr', { dataset: { ruleKind: c.ruleKind } },
      h('td', { text: c.ruleKind }), h('td', { text: c.ownRatePerThousand.toFixed(2) }),
      h('td', { text: c.peers.noisyMeanPerThousand == null ? '–' : c.peers.noisyMeanPerThousand.toFixed(2) }),
      h('td', { text: c.estimatedPercentile == null ? '–' : `${c.estimatedPercentile} %` })));
    replace(peers,
      h('p.muted', { text: `ε ${answer.epsilonPerRelease} per release, ${answer.spentEpsilon} of ${answer.dailyEpsilon} spent on ${answer.day}; alerts per 1,000 records over ${answer.windowDays} days. Peer figures are noised; yours are exact.` }),
      rows.length ? h('table.posture-table', null,
        h('thead', null, h('tr', null, h('th', { text: 'Rule kind' }), h('th', { text: 'Your rate' }), h('th', { text: 'Peer mean (noised)' }), h('th', { text: 'Your place' }))),
        h('tbody', null, rows)) : h('p.muted', { text: 'No alerts in the window to compare.' }),
      ...(answer.refused || []).map(r => h('p.posture-refused', { dataset: { refused: r.ruleKind }, text: `${r.ruleKind}: ${r.reason}` })));
  }

  function exportPanel() {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86400000);
    const fromInput = h('input', { type: 'date', 'aria-label': 'Export from', value: from.toISOString().slice(0, 10) });
    const toInput = h('input', { type: 'date', 'aria-label': 'Export to', value: new Date(to.getTime() + 86400000).toISOString().slice(0, 10) });
    const period = () => ({ from: `${fromInput.value}T00:00:00Z`, to: `${toInput.value}T00:00:00Z` });
    const scope = () => (ctx.me.tenant ? {} : { tenant: state.tenant });
    return h('div.posture-exports', null,
      h('label.pick', null, 'From ', fromInput), h('label.pick', null, 'To ', toInput),
      h('button', { type: 'button', onclick: () => fetchFile(`/v1/exports/alerts${query({ ...scope(), ...period(), format: 'csv' })}`), text: 'Alerts (CSV)' }),
      h('button', { type: 'button', onclick: () => fetchFile(`/v1/exports/alerts${query({ ...scope(), ...period(), format: 'json' })}`), text: 'Alerts (JSON)' }),
      h('button', { type: 'button', onclick: () => fetchFile(`/v1/exports/audit${query(scope())}`), text: 'Audit trail bundle (zip)' }));
  }

  async function fetchFile(path) {
    const res = await download(path, 'export');
    if (!res.ok) ctx.toast(res.body?.error || `HTTP ${res.status}`, 'error');
  }

  load();
  return () => { stopped = true; };
}


