// The board's alerts: every row loaded or streamed, by id, plus the ids newest first. A change is applied only when
// its version is higher than the row's (snapshot pages and stream events may arrive in any order; the higher
// version always wins), so no change is lost and none goes backwards.

import { fromAlert, withTimes } from './rows.js';

export class BoardStore {
  constructor(partition) {
    this.partition = partition; // { tenant, statuses }: what the snapshot asked for
    this.byId = new Map();
    this.ids = [];              // newest first (ids sort by creation time)
    this.revision = 0;          // bumped on every applied change
    this.position = null;       // change-feed seq of the snapshot's first page
    this.total = null;          // how many the server said match
    this.loading = true;
    this.error = null;
    this.onChange = null;
  }

  get size() { return this.ids.length; }

  /** Applies a row if it is newer than what is kept; true when something changed. */
  put(row) {
    const current = this.byId.get(row.id);
    if (current) {
      if (row.version <= current.version) return false;
      this.byId.set(row.id, row);
    } else {
      this.byId.set(row.id, row);
      this._insert(row.id);
    }
    this.revision++;
    return true;
  }

  /** A full alert (stream event, action answer): kept if known, or new and inside the snapshot's partition. */
  putAlert(alert) {
    if (!alert?.id || alert.version == null) return false;
    if (!this.byId.has(alert.id) && !this.accepts(alert)) return false;
    const changed = this.put(fromAlert(alert));
    if (changed) this.changed();
    return changed;
  }

  putSnapshotRows(rows) {
    let any = false;
    for (const r of rows) any = this.put(withTimes(r)) || any;
    return any;
  }

  accepts(alert) {
    const p = this.partition;
    return (!p.tenant || alert.tenant === p.tenant) && (!p.statuses.length || p.statuses.includes(alert.status));
  }

  changed() { this.onChange?.(); }

  rows() {
    const out = new Array(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) out[i] = this.byId.get(this.ids[i]);
    return out;
  }

  // Binary search in the descending ids: a new alert lands at the front, a snapshot page at the end, both O(log n).
  _insert(id) {
    const ids = this.ids;
    let lo = 0, hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] > id) lo = mid + 1; else hi = mid;
    }
    if (lo === ids.length) ids.push(id);
    else if (lo === 0) ids.unshift(id);
    else ids.splice(lo, 0, id);
  }
}
