// Turns an HTTP request for the API into a validated call: one of the two
// read-only actions, its known parameters only, and a served region. Anything
// else is refused here, before any upstream is chosen.
import { ApiError } from './errors.js';

export const API_VERSION = '2017-08-01';
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_FIELDS = 1000;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

// The only actions forwarded, and the only parameters forwarded for each
// (RegionId chooses the endpoint and travels too).
export const FORWARDED_PARAMETERS = {
  DescribeBatchTasks: ['TaskType', 'Status', 'StartTime', 'EndTime', 'PageSize', 'PageNumber'],
  DescribeBatchTask: ['BatchId'],
};

// Checked before the body is read, so an oversized body is never buffered.
export function bodySizeError(headers) {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return new ApiError('LengthRequired');
  const length = headers['content-length'];
  if (length === undefined || length === '') return null;
  if (!/^\d+$/.test(length)) return new ApiError('BadRequest', 'Content-Length is not a number.');
  if (Number(length) > MAX_BODY_BYTES) {
    return new ApiError('RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  return null;
}

function splitHostPort(text) {
  try {
    const url = new URL(`http://${text}`);
    return [url.hostname.toLowerCase(), url.port ? Number(url.port) : null];
  } catch {
    return ['', null];
  }
}

// True when a browser's Origin names the same site as the Host header
// (Host omits default ports: https://example.com matches example.com).
export function originMatchesHost(origin, host) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.origin !== origin.toLowerCase()) return false;
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const [hostName, hostPort] = splitHostPort(host ?? '');
  return url.hostname.toLowerCase() === hostName && (Number(url.port) || defaultPort) === (hostPort ?? defaultPort);
}

export function originAllowed(headers, corsOrigin) {
  const origin = headers.origin;
  if (origin === undefined) return true; // same-origin GETs and non-browser clients send none
  if (corsOrigin && origin === corsOrigin) return true;
  return originMatchesHost(origin, headers.host);
}

// Method and CSRF rules: a page on another site must not be able to make a
// visitor's browser call the API.
export function checkBrowserRules(method, headers, corsOrigin) {
  if (method !== 'GET' && method !== 'POST') return new ApiError('MethodNotAllowed');
  if (!originAllowed(headers, corsOrigin)) {
    return new ApiError('Forbidden.CrossOrigin',
      `Origin ${JSON.stringify(headers.origin)} does not match this server; cross-origin API requests are refused.`);
  }
  if (method === 'POST') {
    const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== FORM_CONTENT_TYPE) return new ApiError('Forbidden.ContentType');
  }
  return null;
}

// Query-string and form-body parameters together, query first; name -> [values].
export function mergedParameters(query, body) {
  const params = new Map();
  let fields = 0;
  for (const source of [query, body]) {
    if (!source) continue;
    for (const [name, value] of new URLSearchParams(source)) {
      if (++fields > MAX_FIELDS) throw new ApiError('BadRequest', `More than ${MAX_FIELDS} parameters.`);
      if (!params.has(name)) params.set(name, []);
      params.get(name).push(value);
    }
  }
  return params;
}

function lastValue(params, name) {
  const values = params.get(name);
  return values?.length ? values[values.length - 1] : undefined;
}

// Status as the SDKs send it: one JSON-array string. Bare values and the
// flattened Status.N form are folded in; PolarDB validates the values.
export function statusAsJsonArray(params) {
  const values = [];
  for (let text of params.get('Status') ?? []) {
    text = text.trim();
    if (text.startsWith('[')) {
      try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed)) {
          values.push(...parsed);
          continue;
        }
      } catch { /* not an array: kept as one value */ }
    }
    if (text) values.push(text);
  }
  const numbered = [...params.keys()]
    .filter((name) => /^Status\.\d+$/.test(name))
    .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
  for (const name of numbered) values.push(...params.get(name).filter(Boolean));
  return values.length ? JSON.stringify(values) : undefined;
}

// {action, regionId, parameters: {name: value}} or an ApiError.
export function validateCall(params, headers, regions) {
  const action = (lastValue(params, 'Action') ?? headers['x-acs-action'] ?? '').trim();
  if (!action) {
    throw new ApiError('MissingParameter',
      'The input parameter "Action" that is mandatory for processing this request is not supplied.');
  }
  if (!Object.hasOwn(FORWARDED_PARAMETERS, action)) {
    throw new ApiError('InvalidAction', `Specified action ${JSON.stringify(action)} is not valid.`);
  }
  const regionId = (lastValue(params, 'RegionId') ?? '').trim() || regions.defaultRegion;
  if (!regions.endpoint(regionId)) {
    throw new ApiError('InvalidRegionId',
      `The region ${JSON.stringify(regionId)} is not served here; served regions: ${regions.ids.join(', ')}.`);
  }
  const parameters = { RegionId: regionId };
  for (const name of FORWARDED_PARAMETERS[action]) {
    const value = name === 'Status' ? statusAsJsonArray(params) : lastValue(params, name);
    if (value) parameters[name] = value; // empty means "no filter"; PolarDB may reject an empty value
  }
  return { action, regionId, parameters };
}
