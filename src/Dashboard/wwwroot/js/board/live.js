// One live board: a store filled from GET /v1/board/alerts (a small first page so the first alert shows at once,
// then large pages in the background) and kept current by the shared stream. It outlives the view, so going to an
// alert's detail and back does not load 50,000 alerts again; a new stream (sign-in) or partition starts over.

import { BoardStore } from './store.js';

const FIRST_PAGE = 200;
const NEXT_PAGE = 5000;

let current = null;

export function liveBoard(ctx, partition) {
  const key = JSON.stringify(partition);
  if (current && current.stream === ctx.stream && current.key === key && current.me === ctx.me?.id) return current;
  current?.dispose();
  current = new LiveBoard(ctx, partition, key);
  return current;
}

class LiveBoard {
  constructor(ctx, partition, key) {
    this.ctx = ctx;
    this.stream = ctx.stream;
    this.key = key;
    this.me = ctx.me?.id;
    this.partition = partition;
    this.max = ctx.config?.maxBoardAlerts || 50000;
    this.onChange = null; // the mounted view's redraw
    this._onAlert = e => this._apply(e.detail);
    // Listening before the snapshot is asked for: whatever changes while it loads arrives here and merges by version.
    this.stream?.addEventListener('alert', this._onAlert);
    this.load();
  }

  dispose() {
    this._abort?.abort();
    this.stream?.removeEventListener('alert', this._onAlert);
    if (current === this) current = null;
  }

  _apply(detail) {
    if (detail.type === 'stream.gap') {
      // Changes were pruned before the stream could resume: only a fresh snapshot is complete again.
      this.load();
      return;
    }
    this.store.putAlert(detail.alert);
  }

  async load() {
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    // A fresh store: after a gap the old rows may hide changes that were pruned (an alert resolved meanwhile). What
    // the stream delivers from now on lands in this store and merges with the snapshot by version.
    const store = new BoardStore(this.partition);
    store.onChange = () => this.onChange?.();
    this.store = store;
    const params = { tenant: this.partition.tenant, status: this.partition.statuses.length ? this.partition.statuses.join(',') : 'all' };
    let cursor = null;
    let loaded = 0;
    try {
      do {
        const size = cursor ? Math.min(NEXT_PAGE, this.max - loaded) : Math.min(FIRST_PAGE, this.max);
        const page = await this.ctx.api.get('/v1/board/alerts', { ...params, pageSize: size, cursor }, { signal: abort.signal });
        if (abort.signal.aborted) return;
        if (!cursor) { store.position = page.position; store.total = page.total; }
        store.putSnapshotRows(page.items);
        loaded += page.items.length;
        cursor = page.nextCursor;
        store.loading = !!cursor && loaded < this.max;
        store.changed();
      } while (cursor && loaded < this.max);
    } catch (e) {
      if (e?.name === 'AbortError' || abort.signal.aborted) return;
      store.error = e.message || String(e);
      store.loading = false;
      store.changed();
    }
  }
}
