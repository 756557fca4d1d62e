// One JSON line per API request, for whoever must answer "who looked at what".
// Parameters are the validated ones only, so nothing a client invents (and no
// credential) can reach the log.
export class AuditLog {
  constructor(write) {
    this.write = write;
  }

  record({ user, action, region, parameters, status, requestId, ms, reachedUpstream, code, age, stale }) {
    const entry = {
      time: new Date().toISOString(),
      user: user ?? null,
      action: action ?? null,
      region: region ?? null,
      parameters: parameters ?? {},
      status,
      requestId: requestId ?? null,
      ms: Math.round(ms),
      upstream: Boolean(reachedUpstream),
    };
    if (code) entry.code = code;
    if (Number.isInteger(age) && !reachedUpstream) entry.age = age;
    if (stale) entry.stale = stale;
    this.write(`${JSON.stringify(entry)}\n`);
  }
}
