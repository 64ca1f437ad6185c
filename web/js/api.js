// The public HTTP API (docs/http-api.md), nothing else: JSON in and out,
// the session cookie, and the CSRF token header on every write. Refusals
// come back as ApiError carrying the problem+json document.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || { errors: [] };
  }
  get errors() { return this.problem.errors || []; }
  get type() { return (this.problem.type || '').split('/').pop(); }
}

// Over HTTPS the cookie is `__Host-gf_csrf`, over plain HTTP `gf_csrf`.
function csrfToken() {
  const names = ['__Host-gf_csrf=', 'gf_csrf='];
  for (const cookie of document.cookie.split(';').map((c) => c.trim())) {
    const name = names.find((n) => cookie.startsWith(n));
    if (name) return decodeURIComponent(cookie.slice(name.length));
  }
  return '';
}

function isWrite(method) { return !['GET', 'HEAD', 'OPTIONS'].includes(method); }

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  return response.text();
}

export async function request(method, path, { json, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  if (isWrite(method)) init.headers['X-CSRF-Token'] = csrfToken();
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'network', detail: e.message, errors: [] });
  }
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, typeof body === 'object' ? body : { detail: body, errors: [] });
  return { body, headers: response.headers, status: response.status };
}

export const get = async (path) => (await request('GET', path)).body;
export const post = async (path, json) => (await request('POST', path, { json })).body;
export const patch = async (path, json, version) =>
  (await request('PATCH', path, { json, headers: { 'If-Match': `"${version}"` } })).body;
export const del = async (path) => (await request('DELETE', path)).body;

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Multipart upload with progress (fetch cannot report upload progress).
export function upload(path, fields, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-CSRF-Token', csrfToken());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = { detail: xhr.responseText, errors: [] }; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: 'network', errors: [] })));
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file);
    xhr.send(form);
  });
}

// Every item of a cursor-paginated list (up to `max`).
export async function all(path, params = {}, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(path + query({ ...params, limit: 100, cursor }));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}
