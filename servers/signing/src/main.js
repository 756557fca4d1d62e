#!/usr/bin/env node
// The production signing service: wires the modules together and starts listening.
import fs from 'node:fs';
import { parseOptions, USAGE } from './options.js';
import { RegionTable } from './regions.js';
import { createCredential, checkCredentials } from './credentials.js';
import { Upstream } from './upstream.js';
import { StaticSite } from './static_site.js';
import { AuditLog } from './audit.js';
import { createHttpServer } from './http_server.js';
import { AnswerCache } from './answer_cache.js';
import { LocalStore, RedisStore } from './cache_store.js';

const NAME = 'signing-service';

function fail(message, code = 2) {
  process.stderr.write(`${NAME}: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(code);
}

async function main() {
  let options;
  let regions;
  try {
    options = parseOptions(process.argv.slice(2));
    regions = new RegionTable(options.regionSpecs);
  } catch (error) {
    fail(`${error.message} (see --help)`);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  let site = null;
  if (options.site) {
    try {
      site = new StaticSite(options.site, { revalidate: options.revalidate });
    } catch { /* reported below */ }
    if (!site?.hasIndex()) fail(`no site at ${options.site} (no index.html): build it (scripts/build wasm) or fix --site`);
  }
  const log = options.quiet ? () => {} : (line) => process.stderr.write(`${NAME}: ${line}\n`);
  const credential = createCredential();
  let providerName;
  try {
    providerName = await checkCredentials(credential);
  } catch (error) {
    fail(error.message);
  }
  const auditStream = options.auditLog ? fs.createWriteStream(options.auditLog, { flags: 'a' }) : process.stdout;
  const upstream = new Upstream({
    credential, regions, timeoutMs: options.timeoutMs, connectTimeoutMs: options.connectTimeoutMs,
    maxConcurrent: options.maxUpstream, maxWaiting: options.maxWaiting,
  });
  const local = new LocalStore({ maxEntries: options.cacheEntries, maxBytes: options.cacheBytes });
  let store = local;
  if (options.cacheUrl) {
    store = new RedisStore({
      url: options.cacheUrl, local, log, answerKeepMs: Math.max(options.staleMaxMs, options.cacheTtlMs, options.detailTtlMs, 1000),
      localShare: Math.max(1, Math.floor(options.upstreamBudget / options.replicas)),
    });
    await store.connect();
  }
  const cache = new AnswerCache({
    upstream: (call) => upstream.call(call), store,
    listTtlMs: options.cacheTtlMs, detailTtlMs: options.detailTtlMs, staleMaxMs: options.staleMaxMs,
    budgetPerMinute: options.upstreamBudget,
    // A replica's lock outlives the slowest upstream call it may be waiting on.
    lockMs: options.timeoutMs + options.connectTimeoutMs + 1000,
  });
  const server = createHttpServer({
    apiPath: options.apiPath,
    site,
    regions,
    userHeader: options.userHeader,
    corsOrigin: options.corsOrigin,
    audit: new AuditLog((line) => auditStream.write(line)),
    answer: (call) => cache.answer(call),
    hostIdOf: (regionId) => upstream.hostOf(regionId),
    log,
    limits: {
      // Longer than a browser's or nginx's idle reuse, so the client closes first.
      keepAliveTimeoutMs: 65000,
      headersTimeoutMs: 20000,
      requestTimeoutMs: options.timeoutMs + 30000,
    },
  });
  server.on('error', (error) => fail(`cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`));
  server.listen({ host: options.host, port: options.port, backlog: options.backlog }, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    process.stdout.write(`Serving http://${host}:${port}/ (API at ${options.apiPath})\n`);
    log(`credentials from ${providerName}; regions ${regions.ids.map((id) => `${id} -> ${regions.endpoint(id).url}`).join(', ')}` +
      `${options.userHeader ? `; user from ${options.userHeader}` : ''}${site ? `; site ${site.root}` : ''}`);
  });
  const stop = () => server.close(() => store.close().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
