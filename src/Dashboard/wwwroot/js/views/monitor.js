// The monitoring view (/monitor?tenant=&jurisdiction=&feature=): throughput, alert rate and scoring latency over time,
// drift over time with a baseline-vs-current histogram, fairness ratios and the models in use, for one tenant and
// jurisdiction. Refreshes every few seconds while mounted.

import { h, replace } from '../dom.js';
import { ApiError } from '../api.js';
import { TimeChart, compact, theme } from '../monitor/charts.js';
import { drawHistogram } from '../monitor/histogram.js';
import { fairnessRows } from '../monitor/fairness.js';
import { modelsTable } from '../monitor/models.js';

const TOP_FEATURES = 3;

export function mount(root, ctx) {
  const url = new URL(location.href);
  const state = {
    tenant: ctx.me.tenant || url.searchParams.get('tenant') || '',
    jurisdiction: url.searchParams.get('jurisdiction') || '',
    feature: url.searchParams.get('feature') || '',
  };
  let stopped = false;
  let timer = null;
  let catalog = new Map();
  let catalogFor = null;
  let lastDrift = null;
  const charts = [];

  const tenantPick = h('select', { 'aria-label': 'Tenant', onchange: e => choose({ tenant: e.target.value, jurisdiction: '', feature: '' }) });
  const jurisdictionPick = h('select', { 'aria-label': 'Jurisdiction', onchange: e => choose({ jurisdiction: e.target.value, feature: '' }) });
  const featurePick = h('select', { 'aria-label': 'Feature', onchange: e => { state.feature = e.target.value; keepUrl(); drawDriftColumn(); } });
  const status = h('span.muted.monitor-status', { text: 'loading…' });

  const card = (name, title, ...body) => {
    const subtitle = h('span.card-sub.muted');
    const el = h('article.card', { dataset: { card: name } }, h('header.card-head', null, h('h2', { text: title }), subtitle), ...body);
    el.sub = subtitle;
    return el;
  };
  const chartBox = () => h('div.chart');
  const note = () => h('p.card-empty.muted', { hidden: true });

  const throughput = card('throughput', 'Throughput', chartBox(), note());
  const alertRate = card('alerts', 'Alert rate', chartBox(), note());
  const latency = card('latency', 'Scoring latency', chartBox(), note());
  const drift = card('drift', 'Drift over time', chartBox(), note());
  const histCanvas = h('canvas.histogram', { role: 'img', 'aria-label': 'Baseline and current distribution' });
  const histogram = card('histogram', 'Baseline vs current', h('div.card-tools', null,
    featurePick, h('span.legend', null, h('i.key.reference'), 'baseline', h('i.key.current'), 'current window')),
  h('div.hist-box', null, histCanvas), note());
  const fairness = card('fairness', 'Fairness of alert rates', h('div.fair-rows'), note());
  const models = card('models', 'Models in use', h('div.models-box'), note());

  const throughputChart = new TimeChart(throughput.querySelector('.chart'), [{ label: 'records/s', color: theme().accent, fill: 'rgba(47,129,247,.12)' }]);
  const alertChart = new TimeChart(alertRate.querySelector('.chart'), [{ label: 'alerts/s', color: theme().high, fill: 'rgba(240,136,62,.12)' }]);
  const latencyChart = new TimeChart(latency.querySelector('.chart'), [
    { label: 'p50 ms', color: theme().low },
    { label: 'p95 ms', color: theme().warn },
  ]);
  charts.push(throughputChart, alertChart, latencyChart);
  let driftChart = null;
  let driftSeriesKey = '';

  replace(root, h('section.monitor', null,
    h('header.monitor-head', null,
      h('h1', { text: 'Monitoring' }),
      ctx.me.can?.chooseTenant ? h('label.pick', null, 'Tenant ', tenantPick) : h('span.pick', { text: `Tenant ${ctx.me.tenant ?? ''}` }),
      h('label.pick', null, 'Jurisdiction ', jurisdictionPick),
      h('span.spacer'),
      status),
    h('div.monitor-grid', null, throughput, alertRate, latency, drift, histogram, fairness, models)));

  const onResize = () => { if (lastDrift) drawDriftColumn(); };
  window.addEventListener('resize', onResize);

  function choose(change) {
    Object.assign(state, change);
    keepUrl();
    reset();
    refresh();
  }

  function keepUrl() {
    const q = new URLSearchParams();
    if (state.tenant && !ctx.me.tenant) q.set('tenant', state.tenant);
    if (state.jurisdiction) q.set('jurisdiction', state.jurisdiction);
    if (state.feature) q.set('feature', state.feature);
    const s = q.toString();
    // Not ctx.navigate: that would mount the view again; the URL only has to survive a reload or a shared link.
    history.replaceState(null, '', `/monitor${s ? `?${s}` : ''}`);
  }

  function reset() {
    clearTimeout(timer);
    lastDrift = null;
    driftChart?.destroy();
    driftChart = null;
    driftSeriesKey = '';
  }

  async function firstTenant() {
    const page = await ctx.api.get('/v1/tenants', { pageSize: 500 });
    return page.items[0]?.id || '';
  }

  async function refresh() {
    if (stopped) return;
    clearTimeout(timer);
    let every = 5;
    try {
      if (!state.tenant) state.tenant = await firstTenant();
      if (!state.tenant) {
        status.textContent = 'No tenants yet: create one (POST /v1/tenants) and its monitoring appears here.';
        return;
      }
      const series = await ctx.api.get('/v1/monitoring/series', { tenant: state.tenant, jurisdiction: state.jurisdiction || undefined });
      if (stopped) return;
      const scope = { tenant: series.tenant, jurisdiction: series.jurisdiction };
      if (!state.jurisdiction) { state.jurisdiction = series.jurisdiction; keepUrl(); }
      every = Math.min(10, Math.max(2, series.sampleIntervalSeconds));
      options(tenantPick, series.tenants || [series.tenant], series.tenant);
      options(jurisdictionPick, series.jurisdictions, series.jurisdiction);
      drawSeries(series);
      if (catalogFor !== scope.tenant) {
        const list = await ctx.api.get('/v1/models', { tenant: ctx.me.tenant ? undefined : scope.tenant });
        catalog = new Map(list.items.map(m => [m.id, m]));
        catalogFor = scope.tenant;
      }
      const [driftPage, deployments] = await Promise.all([
        ctx.api.get('/v1/drift', scope),
        ctx.api.get('/v1/models/deployments', scope),
      ]);
      if (stopped || scope.tenant !== state.tenant || scope.jurisdiction !== state.jurisdiction) return;
      drawDrift(driftPage.items[0], series.signals);
      drawFairness(driftPage.items[0], series.signals);
      replace(models.querySelector('.models-box'), modelsTable(deployments, catalog));
      show(models, true);
      models.sub.textContent = `revision ${deployments.deployments.revision}`;
      status.textContent = `updated ${new Date().toLocaleTimeString()} · every ${every} s`;
    } catch (e) {
      if (stopped) return;
      status.textContent = e instanceof ApiError && e.status === 404 ? `${e.message}` : `could not refresh: ${e.message}`;
    } finally {
      if (!stopped) timer = setTimeout(refresh, every * 1000);
    }
  }

  function drawSeries(s) {
    const d = s.series;
    const interval = s.sampleIntervalSeconds;
    const waiting = `Nothing processed for ${s.tenant} / ${s.jurisdiction} since this server started. A point is added every ${interval} s once records arrive (the last ${Math.round(s.retentionSeconds / 60)} min are kept).`;
    show(throughput, d.t.length > 0, waiting);
    show(alertRate, d.t.length > 0, waiting);
    const scored = d.scoringP50Ms.some(v => v !== null);
    show(latency, scored, `No batch scored yet for ${s.tenant} / ${s.jurisdiction}: p50 and p95 of the time a batch waits for its model scores appear per ${interval} s interval.`);
    throughput.sub.textContent = `records/s · ${compact(d.totalRecords)} total`;
    alertRate.sub.textContent = `new alerts/s · ${compact(d.totalAlerts)} total`;
    latency.sub.textContent = 'ms per batch, p50 and p95';
    if (d.t.length) {
      throughputChart.update([d.t, d.recordsPerSecond]);
      alertChart.update([d.t, d.alertsPerSecond]);
    }
    if (scored) latencyChart.update([d.t, d.scoringP50Ms, d.scoringP95Ms]);
  }

  function drawDrift(view, signals) {
    lastDrift = view ? { view, signals } : null;
    const history = view?.history || [];
    const names = view?.featureNames || [];
    const windowNote = view ? ` The current window holds ${compact(view.windowRecords)} records.` : '';
    show(drift, history.length > 0,
      `No drift check yet: one runs every ${compact(signals.checkEveryRecords)} records, or after ${Math.round(signals.checkIntervalSeconds / 60)} min with at least ${signals.minimumRecords}.${windowNote}`);
    drift.sub.textContent = view?.current
      ? `${view.modelId} · last check ${new Date(view.current.checkedAt).toLocaleTimeString()}: ${view.current.verdict}`
      : view?.modelId ?? '';
    if (history.length) {
      // The score and the features whose PSI is highest at the latest check, against the PSI threshold.
      const latest = history[history.length - 1].featurePsi;
      const top = names.map((n, i) => ({ n, i, psi: latest[i] ?? 0 })).sort((a, b) => b.psi - a.psi).slice(0, TOP_FEATURES);
      const key = `${view.modelId}|${top.map(f => f.n).join(',')}`;
      const t = theme();
      const palette = [t.ok, t.high, '#bc8cff'];
      if (key !== driftSeriesKey) {
        driftChart?.destroy();
        driftChart = new TimeChart(drift.querySelector('.chart'), [
          { label: 'score PSI', color: t.accent, width: 2.5 },
          ...top.map((f, k) => ({ label: f.n, color: palette[k % palette.length], width: 1.5 })),
          { label: `threshold ${signals.psiThreshold}`, color: t.bad, dash: [6, 4], width: 1.5 },
        ], { yValue: v => (v === 0 ? '0' : v.toFixed(2)) });
        driftSeriesKey = key;
      }
      driftChart.update([
        history.map(p => Date.parse(p.checkedAt) / 1000),
        history.map(p => p.scorePsi),
        ...top.map(f => history.map(p => p.featurePsi[f.i] ?? null)),
        history.map(() => signals.psiThreshold),
      ]);
    }
    drawDriftColumn();
  }

  function drawDriftColumn() {
    const current = lastDrift?.view?.current;
    const columns = current ? [current.score, ...current.features].filter(c => c.binEdges && c.referenceShares && c.currentShares) : [];
    const hasBins = columns.length > 0;
    show(histogram, hasBins, current
      ? 'The latest check has no bins to show (they return with the next check after a restart).'
      : 'After the first drift check, the chosen feature\'s distribution in the last window is shown against the model\'s baseline, in the deciles PSI compares.');
    featurePick.hidden = !hasBins;
    if (!hasBins) return;
    const byPsi = [...current.features].sort((a, b) => b.psi - a.psi);
    const chosen = columns.find(c => c.name === state.feature) || columns.find(c => c.name === byPsi[0]?.name) || columns[0];
    options(featurePick, columns.map(c => c.name), chosen.name, c => c === 'score' ? 'score (model output)' : c);
    histogram.sub.textContent = `PSI ${chosen.psi.toFixed(3)}${chosen.drifted ? ' · drifted' : ''} · ${compact(chosen.records)} records`;
    drawHistogram(histCanvas, { edges: chosen.binEdges, reference: chosen.referenceShares, current: chosen.currentShares });
  }

  function drawFairness(view, signals) {
    const attributes = view?.fairness || [];
    show(fairness, attributes.length > 0,
      `No fairness check yet: alert rates per sensitive attribute (age band, gender, …) are compared with each drift check, once groups have ${compact(signals.minimumRecordsPerGroup)} records each.`);
    fairness.sub.textContent = view?.fairnessCheckedAt
      ? `lowest / highest group alert rate · four-fifths line at ${signals.fairnessRatio} · ${new Date(view.fairnessCheckedAt).toLocaleTimeString()}`
      : '';
    replace(fairness.querySelector('.fair-rows'), fairnessRows(attributes, { ratio: signals.fairnessRatio }));
  }

  /** Shows a card's content, or its empty-state note saying what will appear and when. */
  function show(el, has, message) {
    el.classList.toggle('is-empty', !has);
    const n = el.querySelector('.card-empty');
    n.textContent = has ? '' : message;
    n.hidden = has;
  }

  function options(select, values, selected, label = v => v) {
    const current = [...select.options].map(o => o.value).join('\n');
    if (current !== values.join('\n'))
      replace(select, values.map(v => h('option', { value: v, text: label(v) })));
    select.value = selected;
  }

  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('resize', onResize);
    for (const c of charts) c.destroy();
    driftChart?.destroy();
  };
}
