// The regulator reports list (/reports?status=): every draft of the caller's tenant(s), newest first, with where it
// stands and how many validation issues its export has now. The state filter lives in the URL.

import { ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { time } from '../format.js';
import { REPORT_STATUSES, person, statusPill, typeLabel } from '../report/names.js';

const PAGE = 50;

export function mount(root, ctx) {
  const status = new URL(location.href).searchParams.get('status') || '';
  let stopped = false;
  let cursor = null;

  const filter = h('div.chips', { role: 'group', 'aria-label': 'State' },
    ['', ...REPORT_STATUSES].map(s => h('button.chip', {
      type: 'button', 'aria-pressed': String(s === status), dataset: { state: s || 'all' }, text: s ? s.replaceAll('-', ' ') : 'all',
      onclick: () => ctx.navigate(s ? `/reports?status=${s}` : '/reports', { replace: true }),
    })));
  const note = h('span.muted.reports-status', { role: 'status', text: 'loading…' });
  const body = h('tbody');
  const more = h('button', { type: 'button', text: 'Load more', hidden: true, onclick: () => load() });
  const table = h('table.reports-table', { dataset: { reports: 'list' } },
    h('thead', null, h('tr', null, ['Report', 'Type', 'Tenant', 'State', 'Author', 'Updated', 'Alerts', 'Validation']
      .map(t => h('th', { text: t })))),
    body);

  replace(root, h('section.reports', { dataset: { status: status || 'all' } },
    h('header.reports-head', null, h('h1', { text: 'Regulator reports' }), filter, h('span.spacer'), note),
    h('p.muted.reports-hint', { text: 'Draft a report from a resolved true-positive alert (its detail page, “Regulator report”). Approval needs a second person with the approver role.' }),
    h('div.card.reports-card', null, table, more)));

  async function load() {
    try {
      const page = await ctx.api.get('/v1/board/reports', { status, pageSize: PAGE, cursor });
      if (stopped) return;
      body.append(...page.items.map(r => row(r, ctx)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const n = body.children.length;
      note.textContent = n ? `${n}${cursor ? '+' : ''} report${n === 1 ? '' : 's'}` : '';
      if (!n) body.appendChild(h('tr', null, h('td.empty', { colspan: 8, text: status ? `No ${status.replaceAll('-', ' ')} reports.` : 'No reports yet.' })));
    } catch (e) {
      if (!stopped) note.textContent = e instanceof ApiError ? e.message : 'could not load the reports';
    }
  }

  load();
  return () => { stopped = true; };
}

function row(r, ctx) {
  const href = `/reports/${encodeURIComponent(r.id)}`;
  const issues = r.validationIssues;
  return h('tr', { dataset: { reportId: r.id, status: r.status } },
    h('td', null, h('a', { href, 'data-link': true }, h('code', { text: r.id }))),
    h('td', { text: typeLabel(r.type) }),
    h('td', { text: r.tenant }),
    h('td', null, statusPill(r.status)),
    person('td.person', r.author, r.authorName, ctx.me),
    h('td', { text: time(r.updatedAt) }),
    h('td.num', { text: String(r.alerts) }),
    h('td', { dataset: { issues: String(issues) } },
      h('span', { class: `issues ${issues ? 'some' : 'none'}`, text: issues ? `${issues} issue${issues === 1 ? '' : 's'}` : 'valid' })));
}
