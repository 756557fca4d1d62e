// Calls PolarDB through Alibaba Cloud's OpenAPI client, which signs each
// request (ACS3-HMAC-SHA256) with the credential chain's current credentials.
// Given a validated call, answers {status, body, requestId, reachedUpstream}.
import openApiPackage from '@alicloud/openapi-client';
import { ApiError } from './errors.js';
import { API_VERSION } from './api_request.js';
import { ConcurrencyLimiter } from './limiter.js';
import { secretsOf } from './credentials.js';

const { Config, Params, OpenApiRequest } = openApiPackage;
const OpenApiClient = openApiPackage.default;
export const MAX_UPSTREAM_BYTES = 8 * 1024 * 1024;
const USER_AGENT = 'batch-tasks-signing-service/1';

function isTimeout(error) {
  return /Timeout/.test(error?.name ?? '') || /Timeout/.test(error?.message ?? '');
}

// A kept-alive socket the upstream closed just as it was reused: safe to
// retry once, since both actions only read.
function isStaleSocket(error) {
  return error?.code === 'ECONNRESET' || /socket hang up/.test(error?.message ?? '');
}

function hideSecrets(text, secrets) {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}

export class Upstream {
  constructor({ credential, regions, timeoutMs, connectTimeoutMs, maxConcurrent, maxWaiting }) {
    this.credential = credential;
    this.regions = regions;
    this.timeoutMs = timeoutMs;
    this.connectTimeoutMs = connectTimeoutMs;
    this.limiter = new ConcurrencyLimiter(maxConcurrent, maxWaiting);
    this.clients = new Map();
    this.calls = 0;
    for (const regionId of regions.ids) {
      const endpoint = regions.endpoint(regionId);
      this.clients.set(regionId, {
        endpoint,
        client: new OpenApiClient(new Config({
          credential,
          endpoint: endpoint.host,
          protocol: endpoint.protocol,
          regionId,
          signatureAlgorithm: 'ACS3-HMAC-SHA256',
          readTimeout: timeoutMs,
          connectTimeout: connectTimeoutMs,
          userAgent: USER_AGENT,
        })),
      });
    }
  }

  hostOf(regionId) {
    return this.regions.endpoint(regionId)?.host ?? this.regions.endpoint(this.regions.defaultRegion).host;
  }

  // {status, body (string), requestId, reachedUpstream}; throws ApiError for what this service answers itself.
  async call({ action, regionId, parameters }) {
    const release = await this.limiter.acquire();
    if (!release) throw Object.assign(new ApiError('ProxyError.Busy'), { reachedUpstream: false });
    try {
      let secrets;
      try {
        secrets = secretsOf(await this.credential.getCredential());
      } catch {
        throw Object.assign(new ApiError('ProxyError.NoCredentials'), { reachedUpstream: false });
      }
      try {
        return await this.send(action, regionId, parameters, secrets);
      } catch (error) {
        if (!isStaleSocket(error)) throw error;
      }
      try {
        return await this.send(action, regionId, parameters, secrets);
      } catch (error) {
        if (!isStaleSocket(error)) throw error;
        throw Object.assign(new ApiError('ProxyError.UpstreamUnreachable'), { reachedUpstream: true, cause: error });
      }
    } finally {
      release();
    }
  }

  async send(action, regionId, parameters, secrets) {
    const { client, endpoint } = this.clients.get(regionId);
    const params = new Params({
      action, version: API_VERSION, protocol: endpoint.protocol, pathname: endpoint.pathname, method: 'POST',
      authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'string',
    });
    const runtime = { autoretry: false, readTimeout: this.timeoutMs, connectTimeout: this.connectTimeoutMs };
    this.calls++;
    let response;
    let timer;
    try {
      // The client's own read timer is not armed on every reused socket, so
      // the deadline is enforced here too.
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { name: 'DeadlineTimeout' })), this.timeoutMs);
      });
      response = await Promise.race([
        client.callApi(params, new OpenApiRequest({ query: { ...parameters } }), runtime), deadline]);
    } catch (error) {
      return this.answerFromError(error, secrets);
    } finally {
      clearTimeout(timer);
    }
    const body = typeof response.body === 'string' ? response.body : '';
    if (Buffer.byteLength(body) > MAX_UPSTREAM_BYTES) {
      throw Object.assign(new ApiError('ProxyError.BadUpstreamResponse', 'The PolarDB response is too large.'),
        { reachedUpstream: true });
    }
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw Object.assign(new ApiError('ProxyError.BadUpstreamResponse',
        `The PolarDB endpoint answered HTTP ${response.statusCode} with a body that is not JSON.`), { reachedUpstream: true });
    }
    return {
      status: response.statusCode, body: hideSecrets(body, secrets),
      requestId: typeof parsed?.RequestId === 'string' ? parsed.RequestId : null, reachedUpstream: true,
    };
  }

  // The client throws for 4xx and 5xx: PolarDB's own envelope passes through.
  answerFromError(error, secrets) {
    const data = error?.data;
    if (data && typeof data === 'object' && Number.isInteger(data.statusCode)) {
      const { statusCode, ...envelope } = data;
      return {
        status: statusCode, body: hideSecrets(JSON.stringify(envelope), secrets),
        requestId: typeof envelope.RequestId === 'string' ? envelope.RequestId : null, reachedUpstream: true,
      };
    }
    if (error instanceof SyntaxError) {
      throw Object.assign(new ApiError('ProxyError.BadUpstreamResponse'), { reachedUpstream: true });
    }
    if (isTimeout(error)) throw Object.assign(new ApiError('ProxyError.UpstreamTimeout'), { reachedUpstream: true });
    if (isStaleSocket(error)) throw error;
    throw Object.assign(new ApiError('ProxyError.UpstreamUnreachable'), { reachedUpstream: false, cause: error });
  }
}
