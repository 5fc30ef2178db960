// The public HTTP API, and its errors as values the page can explain. The bearer token is the only identity
// the page ever sends.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;          // HTTP status (0: the server could not be reached)
    this.code = code;              // the stable code: docs/errors.md, docs/service.md
    this.retryAfter = retryAfter;  // seconds, from Retry-After (429, 503), else null
  }
}

export async function api(path, { token = null, method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'unreachable', 'The server cannot be reached. Is nl2sql serve still running?', null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || { code: `http_${response.status}`, message: response.statusText };
    const retry = Number.parseInt(response.headers.get('retry-after') || '', 10);
    throw new ApiError(response.status, error.code, error.message, Number.isFinite(retry) ? retry : null);
  }
  return data;
}
