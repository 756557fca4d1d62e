// Chromium's own account of a page load, for scripts/bench: records a trace
// over CDP (Tracing.start/end on a playwright-core CDPSession) and reads
// from it where the time went between navigation and the first rows.
// Every time is in ms from the page's navigationStart, as performance marks are.

// Categories: resource timing, script evaluation, animation frames and the
// wasm code cache (devtools.timeline and its disabled-by-default half),
// streaming compilation, lazy compilation and instantiation (v8.wasm),
// performance marks (blink.user_timing), GL calls that wait for the GPU
// process and the link there (gpu), and the renderer's tasks (toplevel).
const categories = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'blink.user_timing', 'gpu', 'toplevel',
];

export async function startTrace(cdp) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => { events.push(...value); });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: categories, recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      return events;
    },
  };
}

// The renderer waiting for the GPU process to answer a GL call (a round
// trip that also waits for all the GL work queued before it).
const gpuWait = 'ImplementationBase::WaitForCmd';

// What the trace of one load of `pageUrl` says, or null without the marks.
export function phasesFromTrace(events, pageUrl) {
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === pageUrl &&
    e.args.data.isLoadingMainFrame);
  if (!navigation) return null;
  const { pid, tid, ts: t0 } = navigation;
  const at = (ts) => (ts - t0) / 1000;
  const onMain = (e) => e.pid === pid && e.tid === tid;
  const mark = (name) => {
    const e = events.find((x) => x.name === `batch-tasks:${name}` && x.pid === pid && x.ts >= t0);
    return e ? at(e.ts) : null;
  };
  const firstRows = mark('first-rows');
  if (firstRows === null) return null;
  const end = t0 + firstRows * 1000;

  // Resources: send → finish, by URL.
  const requests = new Map();
  for (const e of events) {
    const data = e.args?.data;
    if (!data?.requestId || e.pid !== pid) continue;
    if (e.name === 'ResourceSendRequest') requests.set(data.requestId, { url: data.url, sent: at(e.ts) });
    const r = requests.get(data.requestId);
    if (!r) continue;
    if (e.name === 'ResourceReceiveResponse') r.fromCache = Boolean(data.fromCache) || data.encodedDataLength === 0;
    if (e.name === 'ResourceFinish') r.finished = at(e.ts);
  }
  const resource = (test) => [...requests.values()].find((r) => test(new URL(r.url, pageUrl)));
  const html = resource((u) => u.href === pageUrl);
  const wasm = resource((u) => u.pathname.endsWith('.wasm'));
  const api = resource((u) => u.pathname.endsWith('/api'));

  // Scripts the page evaluated, by file name.
  const scripts = events.filter((e) => e.name === 'EvaluateScript' && onMain(e) && e.args?.data?.url && e.ts >= t0)
    .map((e) => ({ file: new URL(e.args.data.url).pathname.split('/').pop(), start: at(e.ts), end: at(e.ts + e.dur) }));
  const script = (prefix) => scripts.find((s) => s.file.startsWith(prefix)) || null;

  const first = (name, filter = () => true) => events.find((e) => e.name === name && e.ts >= t0 && filter(e));
  const streaming = first('wasm.StartStreamingCompilation');
  const finished = first('wasm.FinishStreaming');
  const instantiate = first('wasm.SyncInstantiate', onMain);
  const before = (e) => e.ts >= t0 && e.ts < end;
  const total = (filter) => {
    let ms = 0;
    let count = 0;
    for (const e of events) if (e.ph === 'X' && before(e) && filter(e)) { ms += e.dur / 1000; count += 1; }
    return { ms, count };
  };
  const lazy = total((e) => e.name === 'wasm.CompileLazy' && onMain(e));
  const glWaits = total((e) => onMain(e) && e.name === gpuWait);
  // The main thread's tasks, overlaps (nested tasks) counted once.
  const tasks = events.filter((e) => e.ph === 'X' && onMain(e) && e.name === 'RunTask' && e.ts + e.dur > t0 && e.ts < end)
    .map((e) => [Math.max(e.ts, t0), Math.min(e.ts + e.dur, end)]).sort((a, b) => a[0] - b[0]);
  let busyUs = 0;
  let reached = t0;
  for (const [from, to] of tasks) {
    if (to > reached) busyUs += to - Math.max(from, reached);
    reached = Math.max(reached, to);
  }
  const busy = { ms: busyUs / 1000 };
  const link = first('GLES2DecoderPassthroughImpl::DoLinkProgram') || first('GLES2DecoderImpl::DoLinkProgram');
  const frames = events.filter((e) => e.name === 'FireAnimationFrame' && onMain(e) && before(e) && e.dur > 1000);
  const firstFrameMark = mark('first-frame');
  const firstFrame = frames.find((f) => firstFrameMark !== null && at(f.ts) <= firstFrameMark && firstFrameMark <= at(f.ts + f.dur));
  const frameWaits = firstFrame
    ? total((e) => onMain(e) && e.name === gpuWait && e.ts >= firstFrame.ts && e.ts < firstFrame.ts + firstFrame.dur)
    : { ms: null, count: null };

  return {
    htmlReceived: html?.finished ?? null,
    htmlFromCache: html ? Boolean(html.fromCache) : null,
    bootScript: script('boot.') || script('baseline.'),
    widgetScript: script('batch_tasks.'),
    boot: mark('boot'),
    webglContext: mark('webgl-context'),
    wasmSent: wasm?.sent ?? null,
    wasmReceived: wasm?.finished ?? null,
    wasmFromCache: wasm ? Boolean(wasm.fromCache) : null,
    compileStart: streaming ? at(streaming.ts) : null,
    compileEnd: finished ? at(finished.ts + finished.dur) : null,
    moduleCacheHit: events.some((e) => e.name === 'v8.wasm.moduleCacheHit' && e.ts >= t0),
    moduleCached: events.some((e) => e.name === 'v8.wasm.cachedModule' && e.ts >= t0),
    instantiateStart: instantiate ? at(instantiate.ts) : null,
    instantiateEnd: instantiate ? at(instantiate.ts + instantiate.dur) : null,
    main: mark('main'),
    started: mark('started'),
    apiSent: api?.sent ?? null,
    apiReceived: api?.finished ?? null,
    earlyAnswer: mark('early-answer'),
    link: link ? at(link.ts) : null,
    firstFrameStart: firstFrame ? at(firstFrame.ts) : null,
    firstFrameMs: firstFrame ? firstFrame.dur / 1000 : null,
    firstFrame: firstFrameMark,
    firstRows,
    lazyCompileMs: lazy.ms,
    lazyCompiled: lazy.count,
    glWaitMs: glWaits.ms,
    glWaits: glWaits.count,
    firstFrameGlWaitMs: frameWaits.ms,
    firstFrameGlWaits: frameWaits.count,
    mainThreadBusyMs: busy.ms,
  };
}
