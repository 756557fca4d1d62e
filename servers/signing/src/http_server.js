// The HTTP front: routes {api}, {api}/config and the static site, checks who
// is asking, refuses what browsers must not do, and writes the audit line.
// A validated call goes to `answer` (the answer cache in front of the upstream).
import http from 'node:http';
import fs from 'node:fs';
import { ApiError } from './errors.js';
import { bodySizeError, checkBrowserRules, mergedParameters, validateCall, MAX_BODY_BYTES } from './api_request.js';

const JSON_TYPE = 'application/json;charset=utf-8';
const MAX_USER_LENGTH = 256;
const MAX_LOGGED_TEXT = 128;

function clip(text, limit = MAX_LOGGED_TEXT) {
  return typeof text === 'string' ? text.slice(0, limit) : null;
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    request.on('error', reject);
  });
}

// Where an answer came from, for the widget to say so: its age in whole
// seconds and, when it is an older answer served instead of a fresh one, why.
export const AGE_HEADER = 'X-Batch-Tasks-Age';
export const STALE_HEADER = 'X-Batch-Tasks-Stale';

function corsHeaders(headers, corsOrigin) {
  return corsOrigin && headers.origin === corsOrigin
    ? { 'Access-Control-Allow-Origin': corsOrigin, 'Access-Control-Expose-Headers': `${AGE_HEADER}, ${STALE_HEADER}, Retry-After`, Vary: 'Origin' }
    : {};
}

function sourceHeaders({ ageSeconds, stale, retryAfterSeconds }) {
  const headers = {};
  if (Number.isInteger(ageSeconds)) headers[AGE_HEADER] = String(ageSeconds);
  if (stale) headers[STALE_HEADER] = stale;
  if (Number.isInteger(retryAfterSeconds)) headers['Retry-After'] = String(retryAfterSeconds);
  return headers;
}

export function createHttpServer(options) {
  const { apiPath, site, regions, userHeader, corsOrigin, audit, answer, hostIdOf, log, limits } = options;
  const userHeaderName = userHeader?.toLowerCase();

  function send(response, status, headers, body) {
    if (response.headersSent || response.destroyed) return;
    const payload = body ?? '';
    response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(payload) });
    response.end(response.req.method === 'HEAD' ? undefined : payload);
  }

  function sendJson(response, status, payload, extra = {}) {
    send(response, status, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...extra },
      typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  function sendError(response, error, hostId, extra) {
    sendJson(response, error.status, error.envelope(hostId), extra);
  }

  async function serveApi(request, response, url, user) {
    const started = performance.now();
    const headers = request.headers;
    const cors = corsHeaders(headers, corsOrigin);
    const entry = { user, action: null, region: null, parameters: {}, status: 0, requestId: null, reachedUpstream: false };
    try {
      if (request.method === 'OPTIONS') return preflight(request, response);
      const sizeProblem = bodySizeError(headers);
      if (sizeProblem) {
        response.setHeader('Connection', 'close'); // the body is left unread
        throw sizeProblem;
      }
      const browserProblem = checkBrowserRules(request.method, headers, corsOrigin);
      if (browserProblem) throw browserProblem;
      const body = request.method === 'POST' ? await readBody(request) : '';
      const params = mergedParameters(url.search.slice(1), body);
      entry.action = clip(params.get('Action')?.at(-1) ?? headers['x-acs-action']);
      entry.region = clip(params.get('RegionId')?.at(-1));
      const call = validateCall(params, headers, regions);
      Object.assign(entry, { action: call.action, region: call.regionId, parameters: call.parameters });
      const result = await answer(call);
      Object.assign(entry, {
        status: result.status, requestId: result.requestId, reachedUpstream: result.reachedUpstream,
        age: result.ageSeconds ?? null, stale: result.stale ?? null,
      });
      sendJson(response, result.status, result.body, { ...cors, ...sourceHeaders(result) });
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError('InternalError',
        'The request processing has failed due to some unknown error.', 500);
      if (!(caught instanceof ApiError)) log(`internal error: ${caught?.name ?? 'Error'} ${caught?.code ?? ''}`.trim());
      if (caught?.cause?.code) log(`upstream ${entry.action} ${entry.region}: ${caught.cause.code}`);
      Object.assign(entry, { status: error.status, code: error.code, reachedUpstream: Boolean(caught?.reachedUpstream) });
      sendError(response, error, hostIdOf(entry.region), { ...cors, ...sourceHeaders(error) });
    } finally {
      if (request.method !== 'OPTIONS') audit.record({ ...entry, ms: performance.now() - started });
    }
  }

  function preflight(request, response) {
    if (!corsOrigin || request.headers.origin !== corsOrigin) {
      return sendError(response, new ApiError('Forbidden.CrossOrigin', 'CORS is not enabled for this origin.'), hostIdOf());
    }
    send(response, 204, {
      'Access-Control-Allow-Origin': corsOrigin,
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Content-Type, x-acs-action',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
  }

  function serveStatic(request, response, url) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
    }
    const found = site.lookup(url.pathname, request.headers['accept-encoding'], request.headers['if-none-match']);
    if (corsOrigin && request.headers.origin === corsOrigin) {
      // The widget fetches its wasm in CORS mode; an allowed origin must be able to read it.
      found.headers['Access-Control-Allow-Origin'] = corsOrigin;
      found.headers.Vary = found.headers.Vary ? `${found.headers.Vary}, Origin` : 'Origin';
    }
    if (!found.file) return send(response, found.status, found.headers, found.body);
    response.writeHead(found.status, found.headers);
    if (request.method === 'HEAD') return response.end();
    const stream = fs.createReadStream(found.file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  const server = http.createServer({
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    maxHeaderSize: 16 * 1024,
  }, (request, response) => {
    let url;
    try {
      url = new URL(request.url, 'http://service.invalid');
    } catch {
      return sendError(response, new ApiError('BadRequest'), hostIdOf());
    }
    const pathname = url.pathname;
    const isApi = pathname === apiPath || pathname === `${apiPath}/`;
    const isConfig = pathname === `${apiPath}/config`;
    if (isApi || isConfig) {
      const user = userHeaderName ? clip(request.headers[userHeaderName]?.trim(), MAX_USER_LENGTH) : null;
      if (userHeaderName && !user) {
        const error = new ApiError('MissingUser', `The request has no ${userHeader} header; sign in through the proxy in front of this service.`);
        audit.record({ user: null, status: error.status, code: error.code, ms: 0, reachedUpstream: false });
        return sendError(response, error, hostIdOf());
      }
      if (isConfig) {
        if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, new ApiError('MethodNotAllowed'), hostIdOf());
        return sendJson(response, 200, regions.config(), corsHeaders(request.headers, corsOrigin));
      }
      return serveApi(request, response, url, user);
    }
    if (pathname.startsWith(`${apiPath}/`) || !site) return sendError(response, new ApiError('NotFound'), hostIdOf());
    return serveStatic(request, response, url);
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
