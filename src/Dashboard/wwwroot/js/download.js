// Downloads a file from the API with the signed-in credential (a plain link could not send the key).

import { authHeaders } from './api.js';

/** Saves path's answer as a file; a refusal resolves to { ok: false, status, body } for the caller to show. */
export async function download(path, fallbackName = 'download') {
  const res = await fetch(path, { headers: authHeaders(), credentials: 'same-origin' });
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    return { ok: false, status: res.status, body };
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') || '')?.[1] || fallbackName;
  saveBlob(await res.blob(), name);
  return { ok: true, status: res.status, name };
}

/** Hands blob to the browser as a file download named name. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
