// Which PolarDB endpoint serves a region. Regions in the SDK's endpoint map
// share the central endpoint; every other region has its own host.
const CENTRAL_ENDPOINT = 'polardb.aliyuncs.com';
const CENTRAL_REGIONS = new Set([
  'cn-qingdao', 'cn-beijing', 'cn-hangzhou', 'cn-shanghai', 'cn-shenzhen', 'cn-hongkong',
  'ap-southeast-1', 'us-west-1', 'us-east-1',
  'cn-hangzhou-finance', 'cn-shanghai-finance-1', 'cn-shenzhen-finance-1', 'cn-beijing-finance-1',
]);
export const DEFAULT_REGION = 'cn-hangzhou';
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export function isRegionId(text) {
  return typeof text === 'string' && text.length <= 64 && REGION_ID.test(text);
}

export function standardEndpoint(regionId) {
  return `https://${CENTRAL_REGIONS.has(regionId) ? CENTRAL_ENDPOINT : `polardb.${regionId}.aliyuncs.com`}/`;
}

// An endpoint URL split the way the OpenAPI client takes it.
export function parseEndpoint(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) URL: ${text}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`an endpoint must not carry a query, fragment or user info: ${text}`);
  }
  return { url: url.href, protocol: url.protocol.slice(0, -1), host: url.host, pathname: url.pathname || '/' };
}

// "--region ID" and "--region ID=URL" in order; the first is the default.
export class RegionTable {
  constructor(specs) {
    this.endpoints = new Map();
    for (const spec of specs) {
      const [id, ...rest] = spec.split('=');
      const url = rest.join('=');
      if (!isRegionId(id)) throw new Error(`--region ${spec}: ${JSON.stringify(id)} is not a region ID (e.g. cn-hangzhou)`);
      if (this.endpoints.has(id)) throw new Error(`--region ${id} is given twice`);
      try {
        this.endpoints.set(id, parseEndpoint(rest.length ? url : standardEndpoint(id)));
      } catch (error) {
        throw new Error(`--region ${spec}: ${error.message}`);
      }
    }
    if (this.endpoints.size === 0) this.endpoints.set(DEFAULT_REGION, parseEndpoint(standardEndpoint(DEFAULT_REGION)));
    this.defaultRegion = this.endpoints.keys().next().value;
  }

  get ids() {
    return [...this.endpoints.keys()];
  }

  endpoint(regionId) {
    return this.endpoints.get(regionId);
  }

  config() {
    return { regions: this.ids, defaultRegion: this.defaultRegion };
  }
}
