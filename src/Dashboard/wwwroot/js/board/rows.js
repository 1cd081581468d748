// Board rows: the compact alert the board keeps (as GET /v1/board/alerts serves it), made from a full alert too
// (the stream carries full alerts), with the times parsed once.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** When the alert was raised: its sortable id starts with 10 base32 characters of Unix milliseconds. */
export function raisedAtOf(id) {
  const digits = id.slice(id.indexOf('-') + 1);
  if (digits.length !== 26) return null;
  let ms = 0;
  for (let i = 0; i < 10; i++) {
    const v = ALPHABET.indexOf(digits[i].toUpperCase());
    if (v < 0) return null;
    ms = ms * 32 + v;
  }
  return new Date(ms).toISOString();
}

/** The board row of a full alert (GET /v1/alerts/{id}, or a stream event's data). */
export function fromAlert(a) {
  return withTimes({
    id: a.id, version: a.version, tenant: a.tenant, jurisdiction: a.jurisdiction, kind: a.kind,
    ruleId: a.ruleId, ruleKind: a.ruleKind, severity: a.severity, status: a.status, disposition: a.disposition ?? null,
    entity: a.entity, count: a.count, raisedAt: raisedAtOf(a.id) || a.firstSeen, firstSeen: a.firstSeen,
    lastSeen: a.lastSeen, updatedAt: a.updatedAt, assignee: a.assignee ?? null, summary: a.explanation?.summary ?? null,
    snoozedUntil: a.snoozedUntil ?? null, pendingResolution: !!a.pendingResolution,
  });
}

/** A row from the snapshot, with the parsed creation time the list sorts and ages by. */
export function withTimes(row) {
  row.raisedMs = Date.parse(row.raisedAt);
  return row;
}

/** The fields exports and the CSV carry, in column order. */
export const EXPORT_FIELDS = ['id', 'tenant', 'jurisdiction', 'kind', 'severity', 'status', 'disposition', 'ruleId', 'ruleKind',
  'entity', 'count', 'raisedAt', 'firstSeen', 'lastSeen', 'updatedAt', 'assignee', 'summary', 'snoozedUntil', 'pendingResolution', 'version'];

export function exportRow(row) {
  const out = {};
  for (const f of EXPORT_FIELDS) out[f] = row[f] ?? null;
  return out;
}
