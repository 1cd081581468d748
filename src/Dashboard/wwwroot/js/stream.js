// The live alert stream: GET /v1/alerts/stream read with fetch (EventSource cannot send the Authorization header),
// parsed as server-sent events, resumed with Last-Event-ID after any drop so no change is missed.
// The header indicator carries data-connection="live" while connected, "stale" otherwise.

import { authHeaders } from './api.js';

export class AlertStream extends EventTarget {
  constructor() {
    super();
    this.lastEventId = null;
    this.state = 'stale';
    this._abort = null;
    this._stopped = true;
    this._retryMs = 500;
    this.received = 0;
  }

  /** Starts (or restarts) the stream; resolves once the server answered, so later changes are all in the stream. */
  start() {
    this._stopped = false;
    return new Promise(resolve => this._connect(resolve));
  }

  stop() {
    this._stopped = true;
    this._abort?.abort();
    this._setState('stale');
  }

  /** Drops the connection as a network failure would (the stream then resumes); used by tests and "reconnect". */
  drop() { this._abort?.abort(); }

  async _connect(onOpen) {
    if (this._stopped) return;
    const abort = new AbortController();
    this._abort = abort;
    const headers = authHeaders({ Accept: 'text/event-stream' });
    if (this.lastEventId !== null) headers['Last-Event-ID'] = String(this.lastEventId);
    try {
      const res = await fetch('/v1/alerts/stream', { headers, credentials: 'same-origin', signal: abort.signal, cache: 'no-store' });
      if (res.status === 401) {
        this._setState('stale');
        this.dispatchEvent(new Event('unauthorized'));
        onOpen?.();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      this._setState('live');
      this._retryMs = 500;
      onOpen?.();
      onOpen = null;
      await this._read(res.body.getReader());
    } catch (e) {
      if (e?.name !== 'AbortError') console.warn('alert stream:', e);
    }
    this._setState('stale');
    onOpen?.();
    if (this._stopped) return;
    // Resume after a pause that grows (0.5 s → 10 s) while the server stays away.
    const wait = this._retryMs;
    this._retryMs = Math.min(this._retryMs * 2, 10000);
    setTimeout(() => this._connect(), wait);
  }

  async _read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { type: 'message', data: [], id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        let line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (event.data.length) this._emit(event);
          event = { type: 'message', data: [], id: null };
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') event.type = val;
        else if (field === 'data') event.data.push(val);
        else if (field === 'id') event.id = val;
      }
    }
  }

  _emit(event) {
    if (event.id !== null && event.id !== '') this.lastEventId = event.id;
    let alert;
    try { alert = JSON.parse(event.data.join('\n')); } catch { return; }
    this.received++;
    this.dispatchEvent(new CustomEvent('alert', { detail: { type: event.type, id: event.id, alert } }));
  }

  _setState(state) {
    if (this.state === state) return;
    this.state = state;
    const el = document.querySelector('[data-connection]');
    if (el) {
      el.dataset.connection = state;
      el.querySelector('.connection-text').textContent = state === 'live' ? 'live' : 'reconnecting…';
    }
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
