// On a resolved true-positive alert: the regulator reports drafted from it (links), or a form to draft one.

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { REPORT_TYPES, statusPill } from '../report/names.js';

export function reportCard(alert, ctx) {
  const card = h('section.card.report-card', { 'aria-label': 'Regulator report' }, h('h2', { text: 'Regulator report' }), h('p.muted', { text: 'loading…' }));
  load();
  return card;

  async function load() {
    try {
      const page = await ctx.api.get('/v1/board/reports', { alert: alert.id, pageSize: 20 });
      replace(card, h('h2', { text: 'Regulator report' }), page.items.length ? existing(page.items) : form());
    } catch (e) {
      replace(card, h('h2', { text: 'Regulator report' }), h('p.muted', { text: e instanceof ApiError ? e.message : 'could not load reports' }));
    }
  }

  function existing(items) {
    return h('ul.related-list', { dataset: { reportsOfAlert: String(items.length) } }, items.map(r => h('li', null,
      h('a', { href: `/reports/${encodeURIComponent(r.id)}`, 'data-link': true, dataset: { reportLink: r.id } }, `${REPORT_TYPES[r.type] || r.type} `, h('code', { text: r.id })),
      ' ', statusPill(r.status))));
  }

  function form() {
    // FinCEN for US alerts, goAML elsewhere: the common case; the officer can pick another.
    const preferred = alert.jurisdiction === 'US' ? 'fincen-sar' : 'goaml-str';
    const type = h('select', { name: 'report-type', 'aria-label': 'Report type' },
      Object.entries(REPORT_TYPES).map(([value, label]) => h('option', { value, text: label, selected: value === preferred })));
    const error = h('p.error', { role: 'alert' });
    return h('form.act-row', {
      onsubmit: async e => {
        e.preventDefault();
        error.textContent = '';
        try {
          const draft = await ctx.api.post('/v1/reports', { type: type.value, alertIds: [alert.id], tenant: alert.tenant });
          ctx.navigate(`/reports/${encodeURIComponent(draft.id)}`);
        } catch (err) {
          error.textContent = err instanceof ApiError ? err.message : String(err);
        }
      },
    },
    h('p.muted', { text: 'Resolved as true positive and in no report yet.' }), type, h('button.primary', { type: 'submit', text: 'Create report draft' }), error);
  }
}
