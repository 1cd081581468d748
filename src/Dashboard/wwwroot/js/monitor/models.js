// The models serving a (tenant, jurisdiction): production, canary and shadows with what each did since its monitor
// activated (scored, hit rate, agreement with production).

import { h } from '../dom.js';
import { compact } from './charts.js';

// The shipped default deployment has no real start (the epoch): say so rather than show 1970.
const since = iso => (Date.parse(iso) > Date.UTC(2000, 0, 1) ? new Date(iso).toLocaleString() : 'from the start');

export function modelsTable(view, catalog) {
  const d = view.deployments;
  const rows = [d.production, d.canary, ...(d.shadows || [])].filter(Boolean);
  const stats = new Map((view.stats || []).map(s => [`${s.modelId}|${s.stage}`, s]));
  return h('table.models', null,
    h('thead', null, h('tr', null, ['Model', 'Version', 'Stage', 'Canary share', 'Scored', 'Hit rate', 'Agreement', 'Since']
      .map(t => h('th', { text: t })))),
    h('tbody', null, rows.map(m => {
      const s = stats.get(`${m.modelId}|${m.stage}`);
      const info = catalog.get(m.modelId);
      const agreement = s && s.comparedWithProduction > 0 ? `${(100 * s.agreedWithProduction / s.comparedWithProduction).toFixed(1)}%` : '–';
      return h('tr', { dataset: { model: m.modelId, stage: m.stage } },
        h('td.mono', { text: m.modelId }),
        h('td', { text: info?.version ?? '–' }),
        h('td', null, h('span', { class: `stage ${m.stage}`, text: m.stage })),
        h('td', { text: m.stage === 'canary' ? `${Math.round(m.canaryShare * 100)}%` : '–' }),
        h('td.num', { text: s ? compact(s.scored) : '0' }),
        h('td.num', { text: s && s.scored > 0 ? `${(100 * s.hits / s.scored).toFixed(1)}%` : '–' }),
        h('td.num', { text: m.stage === 'production' ? '–' : agreement }),
        h('td.muted', { text: since(m.since), title: m.changedBy ? `by ${m.changedBy}` : null }));
    })));
}
