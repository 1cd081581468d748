// Export of what the board shows (everything loaded that matches the filter) as CSV or JSON, downloaded from a Blob.
// CSV cells are always quoted; a cell a spreadsheet would run as a formula (= + - @, tab, carriage return) gets a
// leading apostrophe.

import { saveBlob } from '../download.js';
import { EXPORT_FIELDS, exportRow } from './rows.js';

export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(rows) {
  const lines = [EXPORT_FIELDS.join(',')];
  for (const row of rows) lines.push(EXPORT_FIELDS.map(f => csvCell(row[f])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toJson(rows) {
  return JSON.stringify(rows.map(exportRow), null, 2);
}

export function exportRows(rows, format) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  if (format === 'csv') saveBlob(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), `lepton-alerts-${stamp}.csv`);
  else saveBlob(new Blob([toJson(rows)], { type: 'application/json' }), `lepton-alerts-${stamp}.json`);
}
