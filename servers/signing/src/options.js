// Command-line options of the signing service.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: node servers/signing/src/main.js [options]

Serves the widget's API at --api-path: DescribeBatchTasks and DescribeBatchTask
only, signed (ACS3-HMAC-SHA256) with credentials from Alibaba Cloud's default
credential chain, forwarded to the PolarDB endpoint of the request's RegionId.
Prints "Serving http://HOST:PORT/ (API at PATH)" once it listens; one JSON
audit line per API request follows on stdout (or --audit-log).

  --region ID[=URL]      serve this region (repeatable; the first is the default),
                         at its standard endpoint or at URL (default: cn-hangzhou)
  --upstream URL         the endpoint of the default region (as scripts/devserver takes it)
  --user-header NAME     the header naming the signed-in user (e.g. X-Forwarded-User);
                         API requests without it get 401
  --site DIR             also serve the built site from DIR (alias: --root)
  --revalidate           serve site files with Cache-Control: no-cache
  --host ADDRESS         address to listen on (default 127.0.0.1)
  --port N               port (default 8080; 0 picks a free one)
  --api-path PATH        the API's path (default /api); GET PATH/config lists the regions
  --cors-origin ORIGIN   also allow API calls from this one origin
  --upstream-timeout S   seconds to wait for PolarDB's answer (default 15)
  --connect-timeout S    seconds to wait for a connection to PolarDB (default 5)
  --max-upstream N       upstream calls in flight at most (default 32)
  --max-waiting N        calls waiting for a slot at most, beyond that 503 (default 2000)
  --backlog N            listen backlog (default 2048)
  --audit-log FILE       append audit lines to FILE instead of stdout
  --cache-ttl S          identical list calls within S seconds share one answer (default 5)
  --detail-ttl S         the same for DescribeBatchTask (default 5)
  --stale-max S          on throttling, a spent budget or upstream failure, serve the
                         last good answer up to S seconds old, marked stale (default 600)
  --cache-entries N      answers kept at most in this process (default 1000)
  --cache-bytes N        bytes of answers kept at most in this process (default 67108864)
  --upstream-budget N    upstream calls per region per minute at most (default 60)
  --cache redis://HOST:PORT  share the cache, single-flight and budget with every
                         replica through Redis (default: in this process)
  --replicas N           processes sharing --cache; while Redis is unreachable each
                         keeps to its share, budget/N a minute (default 1)
  --quiet                no diagnostic lines on stderr
  --help                 this text

Credentials (the library's default chain, in order): ALIBABA_CLOUD_ACCESS_KEY_ID,
ALIBABA_CLOUD_ACCESS_KEY_SECRET and optionally ALIBABA_CLOUD_SECURITY_TOKEN;
OIDC/RRSA via ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
ALIBABA_CLOUD_OIDC_TOKEN_FILE; the CLI profile (~/.aliyun/config.json); the
credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials,
profile ALIBABA_CLOUD_PROFILE); the ECS instance RAM role (ALIBABA_CLOUD_ECS_METADATA
names the role, ALIBABA_CLOUD_ECS_METADATA_DISABLED=true skips it); a credentials
URI (ALIBABA_CLOUD_CREDENTIALS_URI).
`;

export class UsageError extends Error {}

function number(name, text, { min, integer = false }) {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        region: { type: 'string', multiple: true },
        upstream: { type: 'string' },
        'user-header': { type: 'string' },
        site: { type: 'string' },
        root: { type: 'string' },
        revalidate: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'api-path': { type: 'string' },
        'cors-origin': { type: 'string' },
        'upstream-timeout': { type: 'string' },
        'connect-timeout': { type: 'string' },
        'max-upstream': { type: 'string' },
        'max-waiting': { type: 'string' },
        backlog: { type: 'string' },
        'audit-log': { type: 'string' },
        'cache-ttl': { type: 'string' },
        'detail-ttl': { type: 'string' },
        'stale-max': { type: 'string' },
        'cache-entries': { type: 'string' },
        'cache-bytes': { type: 'string' },
        'upstream-budget': { type: 'string' },
        cache: { type: 'string' },
        replicas: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  const apiPath = `/${(values['api-path'] ?? '/api').replace(/^\/+|\/+$/g, '')}`;
  if (apiPath === '/') throw new UsageError('--api-path cannot be / (the site lives there)');
  const userHeader = values['user-header'];
  if (userHeader !== undefined && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(userHeader)) {
    throw new UsageError(`--user-header must be a header name, got ${JSON.stringify(userHeader)}`);
  }
  const regionSpecs = [...(values.region ?? [])];
  if (values.upstream) {
    // scripts/devserver's --upstream: the default region's endpoint.
    if (!regionSpecs.length) regionSpecs.push('cn-hangzhou');
    if (regionSpecs[0].includes('=')) throw new UsageError('--upstream and --region ID=URL both name the default region\'s endpoint');
    regionSpecs[0] = `${regionSpecs[0]}=${values.upstream}`;
  }
  const cacheUrl = values.cache;
  if (cacheUrl !== undefined && !/^rediss?:\/\/[^\s/]+(\/\d+)?\/?$/.test(cacheUrl)) {
    throw new UsageError(`--cache must be redis://HOST:PORT (or rediss://), got ${JSON.stringify(cacheUrl)}`);
  }
  return {
    help: Boolean(values.help),
    regionSpecs,
    userHeader,
    site: values.site ?? values.root,
    revalidate: Boolean(values.revalidate),
    host: values.host ?? '127.0.0.1',
    port: number('port', values.port ?? '8080', { min: 0, integer: true }),
    apiPath,
    corsOrigin: values['cors-origin'],
    timeoutMs: 1000 * number('upstream-timeout', values['upstream-timeout'] ?? '15', { min: 0.001 }),
    connectTimeoutMs: 1000 * number('connect-timeout', values['connect-timeout'] ?? '5', { min: 0.001 }),
    maxUpstream: number('max-upstream', values['max-upstream'] ?? '32', { min: 1, integer: true }),
    maxWaiting: number('max-waiting', values['max-waiting'] ?? '2000', { min: 0, integer: true }),
    backlog: number('backlog', values.backlog ?? '2048', { min: 1, integer: true }),
    auditLog: values['audit-log'],
    cacheTtlMs: 1000 * number('cache-ttl', values['cache-ttl'] ?? '5', { min: 0 }),
    detailTtlMs: 1000 * number('detail-ttl', values['detail-ttl'] ?? '5', { min: 0 }),
    staleMaxMs: 1000 * number('stale-max', values['stale-max'] ?? '600', { min: 0 }),
    cacheEntries: number('cache-entries', values['cache-entries'] ?? '1000', { min: 1, integer: true }),
    cacheBytes: number('cache-bytes', values['cache-bytes'] ?? String(64 * 1024 * 1024), { min: 1024, integer: true }),
    upstreamBudget: number('upstream-budget', values['upstream-budget'] ?? '60', { min: 1, integer: true }),
    cacheUrl,
    replicas: number('replicas', values.replicas ?? '1', { min: 1, integer: true }),
    quiet: Boolean(values.quiet),
  };
}
