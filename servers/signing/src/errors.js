// The PolarDB error envelope, so the widget handles one error shape whether
// PolarDB or this service refused a request.
import { randomUUID } from 'node:crypto';

// code -> [HTTP status, message]
const KNOWN = {
  MissingParameter: [400, 'The input parameter that is mandatory for processing this request is not supplied.'],
  InvalidParameter: [400, 'The specified parameter is not valid.'],
  InvalidRegionId: [400, 'The specified region is not served here.'],
  BadRequest: [400, 'The request could not be parsed.'],
  MissingUser: [401, 'The request did not come through the sign-in proxy.'],
  InvalidAction: [403, 'Specified action is not valid.'],
  'Forbidden.CrossOrigin': [403, 'Cross-origin API requests are not accepted.'],
  'Forbidden.ContentType': [403, 'API POST requests must use Content-Type application/x-www-form-urlencoded.'],
  NotFound: [404, 'Not found.'],
  MethodNotAllowed: [405, 'Only GET and POST are accepted here.'],
  LengthRequired: [411, 'Chunked request bodies are not accepted; send Content-Length.'],
  RequestEntityTooLarge: [413, 'The request body is too large.'],
  'ProxyError.Busy': [503, 'Too many requests are waiting for PolarDB; try again shortly.'],
  'ProxyError.NoCredentials': [503, 'The service could not obtain cloud credentials.'],
  'ProxyError.UpstreamUnreachable': [502, 'The PolarDB endpoint could not be reached.'],
  'ProxyError.BadUpstreamResponse': [502, 'The PolarDB endpoint returned a response that is not JSON.'],
  'ProxyError.UpstreamTimeout': [504, 'The PolarDB endpoint did not answer in time.'],
};

export class ApiError extends Error {
  constructor(code, message, status) {
    const [knownStatus, knownMessage] = KNOWN[code] ?? [400, 'The request failed.'];
    super(message ?? knownMessage);
    this.code = code;
    this.status = status ?? knownStatus;
  }

  envelope(hostId) {
    const requestId = newRequestId();
    return {
      RequestId: requestId,
      HostId: hostId,
      Code: this.code,
      Message: this.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(this.code)}&product=polardb&requestId=${requestId}`,
    };
  }
}

// Uppercase UUID: the shape of PolarDB's RequestId.
export function newRequestId() {
  return randomUUID().toUpperCase();
}
