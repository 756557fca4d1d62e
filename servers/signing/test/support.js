// Helpers for the signing service's tests: a local PolarDB stand-in that
// checks V3 signatures with its own implementation, the service as a child
// process on a free loopback port, and plain HTTP calls. Loopback only.
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVICE_MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes.
export function rfc3986(text) {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function canonicalQuery(rawQuery) {
  return rawQuery.split('&').filter(Boolean)
    .map((item) => {
      const at = item.indexOf('=');
      const name = at < 0 ? item : item.slice(0, at);
      const value = at < 0 ? '' : item.slice(at + 1);
      return [rfc3986(decodeURIComponent(name)), rfc3986(decodeURIComponent(value))];
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`).join('&');
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

// The signature V3 of a request, computed from scratch.
export function v3Signature({ method, path: uri, rawQuery, headers, signedHeaders, body, secret }) {
  const canonical = [
    method, uri, canonicalQuery(rawQuery),
    signedHeaders.map((name) => `${name}:${String(headers[name] ?? '').trim()}\n`).join(''),
    signedHeaders.join(';'), sha256(body),
  ].join('\n');
  const canonicalHash = sha256(canonical);
  const signature = crypto.createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${canonicalHash}`).digest('hex');
  return { canonical, canonicalHash, signature };
}

// What is wrong with a request's signature ([] when nothing), given key id -> secret.
export function signatureProblems(method, url, headers, body, secrets) {
  const authorization = headers.authorization ?? '';
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return [`bad Authorization header: ${authorization}`];
  const [, keyId, signedList, signature] = match;
  const problems = [];
  const signedHeaders = signedList.split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required)) problems.push(`${required} is not signed`);
  }
  if (headers['x-acs-security-token'] !== undefined && !signedHeaders.includes('x-acs-security-token')) {
    problems.push('x-acs-security-token is not signed');
  }
  if ([...signedHeaders].sort().join(';') !== signedList) problems.push('signed headers are not sorted');
  if (headers['x-acs-content-sha256'] !== sha256(body)) problems.push('x-acs-content-sha256 does not match the body');
  const sent = Date.parse(headers['x-acs-date'] ?? '');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(headers['x-acs-date'] ?? '') || Math.abs(Date.now() - sent) > 15 * 60 * 1000) {
    problems.push('x-acs-date is not a UTC time within 15 minutes');
  }
  const secret = secrets[keyId];
  if (secret === undefined) return [...problems, `unknown AccessKeyId ${keyId}`];
  const [uri, rawQuery = ''] = url.split('?');
  const expected = v3Signature({ method, path: uri, rawQuery, headers, signedHeaders, body, secret }).signature;
  if (expected !== signature) problems.push('Specified signature does not match our calculation');
  return problems;
}

export const LIST_ANSWER = {
  RequestId: '925B84D9-CA72-432C-95CF-738C22000000', TaskList: [], TotalCount: 6, PageSize: 30, PageNumber: 1,
};

// A PolarDB stand-in on a free loopback port. `mode` picks its answer; every
// request is recorded with its query, headers and signature problems.
export async function startUpstream({ secrets, name = 'upstream' }) {
  const state = { requests: [], mode: 'ok', secrets, name, connections: 0, inFlight: 0, maxInFlight: 0, held: [] };
  const server = http.createServer((request, response) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    response.on('close', () => { state.inFlight--; });
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const problems = signatureProblems(request.method, request.url, request.headers, body, state.secrets);
      const query = Object.fromEntries(new URL(request.url, 'http://x').searchParams);
      state.requests.push({ method: request.method, url: request.url, query, headers: request.headers, body: body.toString(), problems });
      const answer = (status, payload, type = 'application/json;charset=utf-8') => {
        const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
        response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
        response.end(text);
      };
      request.socket.served = (request.socket.served ?? 0) + 1;
      if (state.mode === 'close-reused' && request.socket.served > 1) return request.socket.destroy(); // as an idle timeout would
      if (problems.length) return answer(400, { RequestId: 'SIG-1', Code: 'SignatureDoesNotMatch', Message: problems.join('; ') });
      switch (state.mode) {
        case 'ok':
        case 'close-reused': return answer(200, { ...LIST_ANSWER, Upstream: state.name });
        case 'echo': return answer(400, { RequestId: 'ECHO-1', Code: 'InvalidAccessKeyId.NotFound', Message: 'echo', Headers: request.headers });
        case 'html': return answer(502, '<html>bad gateway</html>', 'text/html');
        case 'slow': return setTimeout(() => answer(200, LIST_ANSWER), 1500);
        case 'hold': return state.held.push(() => answer(200, LIST_ANSWER)); // answered when the test says
        case 'throttled': return answer(400, { RequestId: 'THR-1', HostId: 'polardb.aliyuncs.com', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });
        default: return answer(500, { Code: 'InternalError' });
      }
    });
  });
  server.on('connection', () => { state.connections++; });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${server.address().port}/`;
  state.host = `127.0.0.1:${server.address().port}`;
  state.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  return state;
}

// Flags that turn the answer cache's reuse off, for tests of forwarding itself:
// nothing fresh, nothing stale, a budget no test reaches (single-flight stays).
export const UNCACHED = ['--cache-ttl', '0', '--detail-ttl', '0', '--stale-max', '0', '--upstream-budget', '1000000'];

// An environment with no credentials of this machine's: no ALIBABA_CLOUD_*,
// an empty home (no credentials file, no CLI profile), no instance metadata.
export function cleanEnvironment(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ALIBABA_CLOUD_')));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-home-'));
  return { ...env, HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...extra };
}

// The service as a child process; resolves once it prints where it listens.
export function startService(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVICE_MAIN, '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = { child, stdout: '', stderr: '', audit: [] };
    let settled = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => { service.stderr += text; });
    child.stdout.on('data', (text) => {
      service.stdout += text;
      const lines = service.stdout.split('\n');
      if (!settled) {
        const match = /^Serving http:\/\/127\.0\.0\.1:(\d+)\/ \(API at (\/[^)]*)\)$/.exec(lines[0]);
        if (lines.length > 1) {
          settled = true;
          if (!match) return reject(new Error(`unexpected first line ${lines[0]}: ${service.stderr}`));
          service.port = Number(match[1]);
          service.apiPath = match[2];
          resolve(service);
        }
      }
    });
    child.on('exit', (code) => {
      service.exitCode = code;
      if (!settled) {
        settled = true;
        reject(Object.assign(new Error(`service exited with ${code}: ${service.stderr}`), { service }));
      }
    });
    service.auditLines = () => service.stdout.split('\n').slice(1).filter(Boolean).map((line) => JSON.parse(line));
    service.stop = () => new Promise((done) => {
      if (service.exitCode !== undefined) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  });
}

// Runs the service to its exit: {code, stdout, stderr}.
export function runService(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVICE_MAIN, '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (text) => { stdout += text; });
    child.stderr.on('data', (text) => { stderr += text; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// One HTTP request on a fresh connection: {status, headers, text, json}.
export function request(port, method, target, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const allHeaders = body === undefined || 'Transfer-Encoding' in headers ? headers : { 'Content-Length': Buffer.byteLength(body), ...headers };
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: allHeaders, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: response.statusCode, headers: response.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// GET {api}?params, or a form POST with them.
export function api(service, params, { method = 'GET', headers = {} } = {}) {
  const encoded = new URLSearchParams(params).toString();
  if (method === 'GET') return request(service.port, 'GET', `${service.apiPath}?${encoded}`, { headers });
  return request(service.port, method, service.apiPath, {
    body: encoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });
}

// Resolves once `condition()` holds; polls, gives up after a few seconds.
export async function until(condition, what) {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

// A tiny built site, like the wasm build's.
export function makeSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-site-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>widget</title>');
  fs.writeFileSync(path.join(root, 'widget.wasm'), Buffer.from('\0asm\x01\0\0\0', 'latin1'));
  fs.writeFileSync(path.join(root, 'widget.js'), "console.log('plain');");
  fs.writeFileSync(path.join(root, 'widget.js.br'), 'BROTLI-BYTES');
  fs.writeFileSync(path.join(root, 'widget.js.gz'), 'GZIP-BYTES');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  return root;
}

// A free loopback port (closed again before it is returned).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Debian's redis-server on a free loopback port, nothing saved to disk; resolves
// once it accepts connections. Fails (never skips) when it is not installed.
export async function startRedis(port = null) {
  port ??= await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signing-redis-'));
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const redis = { child, port, url: `redis://127.0.0.1:${port}`, output: '' };
    let settled = false;
    child.on('error', (error) => {
      settled = true;
      reject(new Error(error.code === 'ENOENT'
        ? 'redis-server is not installed: run scripts/setup (it installs Debian\'s redis-server package)'
        : `redis-server did not start: ${error.message}`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      redis.output += text;
      if (!settled && /Ready to accept connections/.test(redis.output)) {
        settled = true;
        resolve(redis);
      }
    });
    child.on('exit', (code) => {
      redis.exitCode = code;
      if (!settled) {
        settled = true;
        reject(new Error(`redis-server exited with ${code}: ${redis.output.slice(-500)}`));
      }
    });
    redis.stop = (signal = 'SIGTERM') => new Promise((done) => {
      if (redis.exitCode !== undefined) return done();
      child.once('exit', () => {
        fs.rmSync(dir, { recursive: true, force: true });
        done();
      });
      child.kill(signal);
    });
  });
}
