// The editable part of a report (narrative, period, currency, prior FIU reference, goAML indicators, the filer) as a
// form. It remembers the version it was filled from (the basis) and tells which fields the user changed against it,
// so a save sends only those, and a conflicting save keeps everything typed.

import { h } from '../dom.js';

const FINCEN_FILER = [
  ['name', 'Institution name'], ['tin', 'EIN'], ['transmitterControlCode', 'Transmitter control code'], ['regulatorCode', 'Regulator code'],
  ['street', 'Street'], ['city', 'City'], ['state', 'State'], ['zip', 'ZIP'], ['country', 'Country'],
  ['contactOffice', 'Contact office'], ['contactPhone', 'Contact phone'],
];
const GOAML_FILER = [
  ['name', 'Institution name'], ['goAmlEntityId', 'Reporting entity id'], ['goAmlSubmissionCode', 'Submission code (E|M)'],
  ['reportingPersonFirstName', 'Reporting person first name'], ['reportingPersonLastName', 'Reporting person last name'],
  ['street', 'Street'], ['city', 'City'], ['country', 'Country'], ['contactPhone', 'Contact phone'],
];

/** editable: { allowed, reason } for "edit"; onSave(changes) is called with the changed fields only. */
export function fieldsEditor(draft, editable, onSave) {
  const fincen = draft.type.startsWith('fincen');
  let basis = draft;
  const input = (name, label, attrs = {}) => h('label.field', { dataset: { field: name } },
    h('span', { text: label }), h('input', { name, 'aria-label': label, ...attrs }));
  const narrative = h('textarea', { name: 'narrative', rows: 8, maxlength: 20000, 'aria-label': 'Narrative' });
  const top = {
    activityFrom: input('activityFrom', 'Activity from', { type: 'date' }),
    activityTo: input('activityTo', 'Activity to', { type: 'date' }),
    currency: input('currency', 'Currency', { type: 'text', maxlength: 3, size: 4 }),
    priorFiuReference: input('priorFiuReference', fincen ? 'Prior BSA ID (continuing activity)' : 'Prior FIU reference', { type: 'text', maxlength: 100 }),
    indicators: fincen ? null : input('indicators', 'Indicators (comma-separated)', { type: 'text' }),
  };
  const filerFields = (fincen ? FINCEN_FILER : GOAML_FILER).map(([name, label]) => [name, input(`filer.${name}`, label, { type: 'text' })]);
  const save = h('button.primary', { type: 'submit', text: 'Save changes' });
  const reason = h('p.muted.edit-reason', { dataset: { reasonFor: 'edit' } });
  const counter = h('span.muted.count');

  const form = h('form.report-fields', {
    'aria-label': 'Report fields',
    onsubmit: e => { e.preventDefault(); const c = changes(); if (Object.keys(c).length) onSave(c); },
    oninput: () => { counter.textContent = `${narrative.value.length.toLocaleString('en-US')} / 20,000`; },
  },
  h('label.field.narrative', { dataset: { field: 'narrative' } }, h('span', null, 'Narrative ', counter), narrative),
  h('div.field-row', null, top.activityFrom, top.activityTo, top.currency, top.priorFiuReference, top.indicators),
  h('fieldset.filer', null, h('legend', { text: 'Filing institution' }), filerFields.map(([, el]) => el)),
  h('div.act-row', null, save, reason));

  // Every control with how it reads the draft, so edits are tracked per control against the basis version.
  const controls = [
    { el: narrative, of: d => d.content.narrative },
    { el: top.activityFrom.querySelector('input'), of: d => d.content.activityFrom },
    { el: top.activityTo.querySelector('input'), of: d => d.content.activityTo },
    { el: top.currency.querySelector('input'), of: d => d.content.currency },
    { el: top.priorFiuReference.querySelector('input'), of: d => d.priorFiuReference || '' },
    top.indicators ? { el: top.indicators.querySelector('input'), of: d => (d.content.indicators || []).join(', ') } : null,
    ...filerFields.map(([name, label]) => ({ el: label.querySelector('input'), of: d => d.content.filer?.[name] || '', filer: name })),
  ].filter(Boolean);

  function fill(d) {
    for (const c of controls) c.el.value = c.of(d);
    counter.textContent = `${narrative.value.length.toLocaleString('en-US')} / 20,000`;
  }

  /** The controls the user changed against the basis version, with what they typed. */
  const edited = () => controls.filter(c => c.el.value !== c.of(basis)).map(c => [c, c.el.value]);

  /** The changed fields as the PATCH body spells them; the filer goes whole (the basis's, with the changed parts). */
  function changes() {
    const body = {};
    const filer = { ...(basis.content.filer || {}) };
    let filerChanged = false;
    for (const [c, v] of edited()) {
      const name = c.filer || c.el.name;
      if (c.filer) { filerChanged = true; filer[c.filer] = v.trim() || undefined; }
      else if (name === 'indicators') body.indicators = v.split(',').map(x => x.trim()).filter(Boolean);
      else if (name === 'currency') body.currency = v.trim().toUpperCase();
      else if (name === 'narrative') body.narrative = v;
      else body[name] = v.trim();
    }
    if (filerChanged) body.filer = filer;
    return body;
  }

  function setEditable(option) {
    const allowed = !!option?.allowed;
    for (const el of form.querySelectorAll('input, textarea')) el.readOnly = !allowed;
    save.disabled = !allowed;
    save.title = allowed ? '' : option?.reason || '';
    reason.textContent = allowed ? '' : option?.reason || '';
  }

  fill(draft);
  setEditable(editable);
  return {
    el: form,
    changes,
    /**
     * A newer version arrived: show its values, and with keepEdits put back only what the user changed (their other
     * fields take the new version's values, so a save over it sends their edits and nothing stale).
     */
    rebase(d, { keepEdits }) {
      const mine = keepEdits ? edited() : [];
      basis = d;
      fill(d);
      for (const [c, v] of mine) c.el.value = v;
      counter.textContent = `${narrative.value.length.toLocaleString('en-US')} / 20,000`;
    },
    setEditable,
  };
}
