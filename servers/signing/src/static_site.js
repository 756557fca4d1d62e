// Serves the built site with the headers the README documents: short caching
// for HTML, a year for content-hashed files, precompressed .br/.gz siblings.
import fs from 'node:fs';
import path from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // streaming compilation needs exactly this
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']]; // in order of preference
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HTML_CACHE = 'public, max-age=60';

export function acceptedEncodings(header = '') {
  const accepted = new Set();
  const refused = new Set();
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';').map((piece) => piece.trim());
    if (!coding) continue;
    let quality = 1;
    for (const param of params) {
      if (param.toLowerCase().startsWith('q=')) quality = Number(param.slice(2)) || 0;
    }
    (quality > 0 ? accepted : refused).add(coding.toLowerCase());
  }
  if (accepted.has('*')) for (const [name] of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

function text(status, body, headers = {}) {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body };
}

export class StaticSite {
  constructor(root, { revalidate = false } = {}) {
    this.root = fs.realpathSync(root);
    this.revalidate = revalidate;
  }

  hasIndex() {
    return fs.existsSync(path.join(this.root, 'index.html'));
  }

  inside(file) {
    try {
      const resolved = fs.realpathSync(file); // follows symlinks: one pointing out of the root is refused
      return (resolved === this.root || resolved.startsWith(this.root + path.sep)) && fs.statSync(resolved).isFile();
    } catch {
      return false;
    }
  }

  // {status, headers, body?: string, file?: path}
  lookup(urlPath, acceptEncoding = '', ifNoneMatch = '') {
    let decoded;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return text(400, 'Bad request\n');
    }
    const segments = decoded.split('/');
    if (segments.includes('..') || decoded.includes('\\') || decoded.includes('\0')) return text(403, 'Forbidden\n');
    const parts = segments.filter(Boolean);
    if (parts.some((part) => part.startsWith('.'))) return text(404, 'Not found\n'); // .git, .env never published
    let target = path.join(this.root, ...parts);
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(target).isDirectory();
    } catch { /* missing: 404 below */ }
    if (isDirectory) {
      if (!urlPath.endsWith('/')) return text(301, 'Moved\n', { Location: `${urlPath}/` });
      target = path.join(target, 'index.html');
    }
    const variants = [[null, target], ...ENCODINGS.map(([coding, suffix]) => [coding, target + suffix])];
    const existing = variants.filter(([, file]) => this.inside(file));
    if (!existing.length) return text(404, 'Not found\n');
    const accepted = acceptedEncodings(acceptEncoding);
    let chosen = existing.find(([coding]) => coding && accepted.has(coding));
    if (!chosen && existing[0][0] === null) chosen = existing[0];
    if (!chosen) return text(406, 'Not acceptable: only compressed copies of this file exist\n');
    const [coding, file] = chosen;
    const stat = fs.statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs * 1000).toString(16)}${coding ? `-${coding}` : ''}"`;
    const extension = path.extname(target).toLowerCase();
    const headers = {
      'Content-Type': MIME_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': this.revalidate ? 'no-cache' : extension === '.html' ? HTML_CACHE : IMMUTABLE,
      ETag: etag,
      'Last-Modified': stat.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    };
    if (existing.length > 1) headers.Vary = 'Accept-Encoding';
    if (ifNoneMatch && ifNoneMatch.split(',').map((tag) => tag.trim()).includes(etag)) return { status: 304, headers };
    if (coding) headers['Content-Encoding'] = coding;
    headers['Content-Length'] = String(stat.size);
    return { status: 200, headers, file };
  }
}
