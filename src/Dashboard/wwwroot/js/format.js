// Formatting shared by the views: ages, severities, SLA state.

export const SEVERITIES = ['critical', 'high', 'medium', 'low'];
export const STATUSES = ['open', 'acknowledged', 'snoozed', 'suppressed', 'resolved'];
export const KINDS = ['rule', 'model', 'drift', 'fairness'];
export const DISPOSITIONS = ['true-positive', 'false-positive', 'benign', 'undetermined'];

export function severityRank(s) {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

/** "42s", "5m", "3h 10m", "2d 4h". */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return `${hrs}h ${m % 60}m`;
  return `${Math.floor(hrs / 24)}d ${hrs % 24}h`;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

/**
 * SLA of one alert: an open alert has sla[severity] seconds from when it was raised to its first triage.
 * Returns { state: 'running'|'breached'|'met'|'none', leftMs }.
 */
export function slaState(alert, sla, now = Date.now()) {
  const limit = sla?.[alert.severity];
  if (!limit) return { state: 'none', leftMs: 0 };
  if (alert.status !== 'open') return { state: 'met', leftMs: 0 };
  const raised = Date.parse(alert.raisedAt || alert.firstSeen);
  const left = raised + limit * 1000 - now;
  return left > 0 ? { state: 'running', leftMs: left } : { state: 'breached', leftMs: left };
}
