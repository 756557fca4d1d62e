// Starts the widget and publishes its automation API, window.BatchTasks. Kept
// out of index.html so the page runs under a CSP without inline script.
(function () {
  'use strict';

  const script = document.currentScript;
  const moduleUrl = script.dataset.module || 'batch_tasks.js';
  const wasmUrl = script.dataset.wasm || 'batch_tasks.wasm';
  const params = new URLSearchParams(window.location.search);

  // What the model decides and the shell needs before the widget runs, written
  // once (src/shell/shell_facts.hpp): the first request for the default view,
  // the default endpoint, the language rule and the page's own few words
  // (everything the widget draws or announces it translates itself).
  // scripts/package-site puts them here.
  const facts = /* shell facts */ null;

  // Fills the "{}" in one of the page's words with a value.
  const fill = (text, value) => text.replace('{}', () => String(value));
  // The model's rule: a tag's primary language subtag decides, in any case.
  function pickLanguage(tag) {
    const text = String(tag || '');
    let end = 0;
    while (end < text.length && !facts.language.separators.includes(text[end])) end += 1;
    const primary = text.slice(0, end).replace(/[A-Z]/g, (c) => c.toLowerCase());
    const known = facts.language.subtags.find((entry) => entry.subtag === primary);
    return known ? known.tag : facts.language.otherwise;
  }
  let words = facts.words[pickLanguage(params.get('lang') || navigator.language)];
  function setLanguage(tag) {
    words = facts.words[pickLanguage(tag)];
    document.documentElement.lang = pickLanguage(tag);
    document.title = words.title;
    heading.textContent = words.title;
  }
  document.documentElement.lang = pickLanguage(params.get('lang') || navigator.language);
  const canvas = document.getElementById('batch-tasks-canvas');
  const textInput = document.getElementById('batch-tasks-text-input');
  const status = document.getElementById('batch-tasks-status');
  const statusText = document.getElementById('batch-tasks-status-text');
  const progress = document.getElementById('batch-tasks-progress');
  statusText.textContent = words.loading;
  const endpointsMeta = document.querySelector('meta[name="batch-tasks-endpoints"]');
  const mirror = document.getElementById('batch-tasks-mirror');
  const table = document.getElementById('batch-tasks-table');
  const timeline = document.getElementById('batch-tasks-timeline');
  const live = document.getElementById('batch-tasks-live');
  const heading = document.getElementById('batch-tasks-heading');

  // The request the widget sends first for the default view, byte for byte,
  // to the default endpoint. Sent now, while the wasm downloads; the widget
  // adopts the answer if its first request turns out to be exactly this one,
  // and sends its own if not.
  let earlyRequest = null;
  if (!params.has('endpoint') && !window.location.hash.replace(/^#/, '')) {
    earlyRequest = {
      body: facts.firstRequestBody,
      answer: fetch(facts.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: facts.firstRequestBody,
        credentials: 'same-origin',
        cache: 'no-store',
      }).then(
        // The signing service's two headers say how old the answer is and why (model/answer_source.hpp).
        (response) => response.arrayBuffer().then((body) => ({
          status: response.status,
          body: body,
          age: response.headers.get('X-Batch-Tasks-Age') || '',
          stale: response.headers.get('X-Batch-Tasks-Stale') || '',
        })),
        (error) => ({ failed: true, reason: String(error && error.message ? error.message : error) }),
      ).catch((error) => ({ failed: true, reason: String(error) })),
      settled: null, // the answer once it is in, so the widget can take it without waiting a turn
    };
    earlyRequest.answer.then((answer) => {
      earlyRequest.settled = answer;
      mark('early-answer');
    });
  }

  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {}); // failures are shown on the page; callers may still await

  let instance = null;
  const listeners = new Map(); // event name -> Set of functions

  // Strings go to the wasm through its own heap; every call frees what it made.
  function callWithStrings(fn, ...strings) {
    const pointers = strings.map((s) => instance.allocateUTF8(String(s)));
    try {
      return fn(...pointers);
    } finally {
      pointers.forEach((p) => instance._free(p));
    }
  }

  function command(object) {
    if (!instance) throw new Error('the batch tasks widget is not ready yet (await BatchTasks.ready)');
    const error = instance.UTF8ToString(callWithStrings(instance._bt_command, JSON.stringify(object)));
    if (error) throw new Error(error);
  }

  const api = Object.freeze({
    ready: ready,
    // A JSON-serialisable snapshot of what the widget shows now.
    getState() {
      return instance ? JSON.parse(instance.UTF8ToString(instance._bt_state_json())) : null;
    },
    // For monitoring and tests: {heapBytes, allocatedBytes, framesDrawn, systemGlyphs, frameMs}.
    diagnostics() {
      return instance ? {
        heapBytes: instance._bt_heap_bytes(),
        allocatedBytes: instance._bt_allocated_bytes(),
        framesDrawn: instance._bt_frames_drawn(),
        systemGlyphs: instance._bt_system_glyphs(), // glyphs the browser drew for text Roboto lacks
        // Main-thread milliseconds to draw a frame, over the latest 120 frames drawn.
        frameMs: { median: instance._bt_frame_ms_median(), p95: instance._bt_frame_ms_p95() },
      } : null;
    },
    // Changes some fields of the query ({taskType, status, startTime, endTime, pageSize, pageNumber}).
    setQuery(partial) { command({ type: 'setQuery', query: partial }); },
    refresh() { command({ type: 'refresh' }); },
    select(batchId) { command({ type: 'select', batchId: batchId || '' }); },
    setAutoRefresh(seconds) { command({ type: 'setAutoRefresh', seconds: seconds }); },
    // Events: "load", "error", "select"; returns a function that unsubscribes.
    on(event, fn) {
      if (typeof fn !== 'function') throw new TypeError('BatchTasks.on needs a function');
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(fn);
      return () => listeners.get(event).delete(fn);
    },
  });
  Object.defineProperty(window, 'BatchTasks', { value: api, enumerable: true });

  // Announcements for screen readers, at most one every 1.5 s (the latest wins).
  let lastAnnouncedAt = 0;
  let pendingAnnouncement = null;
  function announce(text) {
    const wait = lastAnnouncedAt + 1500 - Date.now();
    if (pendingAnnouncement !== null) { pendingAnnouncement = text; return; }
    if (wait <= 0) {
      live.textContent = text;
      lastAnnouncedAt = Date.now();
      return;
    }
    pendingAnnouncement = text;
    setTimeout(() => {
      live.textContent = pendingAnnouncement;
      pendingAnnouncement = null;
      lastAnnouncedAt = Date.now();
    }, wait);
  }

  // Mirrored controls, one element per ImGui control, kept by its ImGui id.
  const mirrored = new Map();
  function updateControls(items) {
    const focused = document.activeElement;
    const focusWasMirrored = mirror.contains(focused);
    const seen = new Set();
    let previous = null;
    for (const item of items) {
      seen.add(item.id);
      let el = mirrored.get(item.id);
      if (!el) {
        el = document.createElement('button');
        el.type = 'button';
        el.tabIndex = 0;
        el.addEventListener('click', () => instance._bt_activate_item(item.id));
        mirrored.set(item.id, el);
      }
      const label = item.role === 'textbox' ? fill(words.textField, item.label) : item.label;
      if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
      if (item.role === 'checkbox') {
        el.setAttribute('role', 'checkbox');
        el.setAttribute('aria-checked', String(Boolean(item.checked)));
      } else if (item.role === 'combobox') {
        el.setAttribute('aria-haspopup', 'listbox');
        el.setAttribute('aria-expanded', String(Boolean(item.expanded)));
      }
      el.setAttribute('aria-disabled', String(Boolean(item.disabled)));
      el.style.left = `${item.x}px`;
      el.style.top = `${item.y}px`;
      el.style.width = `${item.w}px`;
      el.style.height = `${item.h}px`;
      // Document order follows drawing order, which is reading order.
      const expectedNext = previous ? previous.nextSibling : mirror.firstChild;
      if (expectedNext !== el) mirror.insertBefore(el, expectedNext);
      previous = el;
    }
    for (const [id, el] of mirrored) {
      if (seen.has(id)) continue;
      el.remove();
      mirrored.delete(id);
    }
    // Moving or removing the focused control must not drop the person's place.
    if (focusWasMirrored && document.activeElement !== focused) {
      (focused.isConnected ? focused : canvas).focus({ preventScroll: true });
    }
  }

  // The table as text: same columns, order and cell text as drawn (and
  // translated by the widget).
  function updateTable(text) {
    table.querySelector('caption').textContent = text.caption;
    const head = document.createElement('tr');
    for (const name of [...text.headers, text.actionsHeader]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name;
      head.appendChild(th);
    }
    table.tHead.replaceChildren(head);
    const rows = text.rows.map((cells, i) => {
      const tr = document.createElement('tr');
      const id = text.batchIds[i];
      if (id && id === text.selected) tr.setAttribute('aria-selected', 'true');
      cells.forEach((cell, c) => {
        const td = document.createElement(c === 0 ? 'th' : 'td');
        if (c === 0) td.scope = 'row';
        td.textContent = cell; // text, never markup: names come from the API
        tr.appendChild(td);
      });
      if (id) {
        const td = document.createElement('td');
        const open = document.createElement('button');
        open.type = 'button';
        open.textContent = text.actions[i];
        open.addEventListener('click', () => api.select(id === api.getState().selectedBatchId ? '' : id));
        td.appendChild(open);
        tr.appendChild(td);
      }
      return tr;
    });
    table.tBodies[0].replaceChildren(...rows);
  }

  // The timeline's bars in view as a list, in place of the table while the
  // timeline is shown (the widget words every item).
  function updateTimeline(text) {
    table.hidden = text.shown;
    timeline.hidden = !text.shown;
    if (!text.shown) return;
    timeline.querySelector('h2').textContent = text.caption;
    const items = text.items.map((line, i) => {
      const li = document.createElement('li');
      const id = text.batchIds[i];
      li.textContent = line; // text, never markup: names come from the API
      if (id && id === text.selected) li.setAttribute('aria-current', 'true');
      if (id) {
        const open = document.createElement('button');
        open.type = 'button';
        open.textContent = text.actions[i];
        open.addEventListener('click', () => api.select(id === api.getState().selectedBatchId ? '' : id));
        li.append(' ', open);
      }
      return li;
    });
    timeline.querySelector('ul').replaceChildren(...items);
  }

  // Failures the person has not seen: the title counts them (the widget
  // words it) and the icon wears a red badge, until the person looks.
  const icon = document.getElementById('batch-tasks-icon');
  const plainIcon = icon ? icon.getAttribute('href') : null;
  function showUnseenFailures(count, title) {
    document.title = count > 0 ? title : words.title;
    if (icon && icon.dataset.failed) icon.setAttribute('href', count > 0 ? icon.dataset.failed : plainIcon);
  }
  // Notifications: only with the person's permission, asked on their click.
  const permissionCode = { default: 0, granted: 1, denied: 2 };
  function notificationPermission() {
    if (!('Notification' in window)) return 2;
    return permissionCode[Notification.permission] ?? 2;
  }
  function requestNotificationPermission() {
    if (!('Notification' in window)) { instance._bt_notification_permission(2); return; }
    Promise.resolve(Notification.requestPermission())
      .then((answer) => instance._bt_notification_permission(permissionCode[answer] ?? 2),
        () => instance._bt_notification_permission(2));
  }
  function notify(title, body, tag) {
    try {
      const shown = new Notification(title, { body: body, tag: tag });
      shown.onclick = () => { window.focus(); shown.close(); };
    } catch (error) { /* a browser that will not show it: the title and the live region still tell */ }
  }

  function emit(event, detail, parentOrigin) {
    (listeners.get(event) || []).forEach((fn) => {
      try { fn(detail); } catch (error) { setTimeout(() => { throw error; }); }
    });
    // Only to the one configured parent origin, never '*'.
    if (parentOrigin && window.parent !== window) {
      window.parent.postMessage({ source: 'batch-tasks', version: 1, type: 'event', event: event, detail: detail },
        parentOrigin);
    }
  }

  // Start-up phases for monitoring and scripts/bench: batch-tasks:boot,
  // :webgl-context, :main (the wasm's main begins), :started (start-up done),
  // :first-frame (drawn and sent), then :first-rows.
  function mark(phase) {
    if (window.performance && performance.mark) performance.mark(`batch-tasks:${phase}`);
  }

  let failed = false;
  function fail(message) {
    if (failed) return; // the first reason is the one to read
    failed = true;
    status.hidden = false;
    statusText.textContent = message;
    progress.hidden = true;
    status.classList.add('batch-tasks-error');
    canvas.hidden = true;
    rejectReady(new Error(message));
  }

  if (typeof WebAssembly !== 'object') {
    fail(words.noWasm);
    return;
  }
  // The wasm compiles while it streams in, from the fetched response itself:
  // Chromium keeps the compiled code in its code cache only for a response
  // that came from the network or the HTTP cache, keyed by its URL, so a
  // repeat visit skips compiling (a new Response() around the stream, as
  // this once did for progress, has no URL and is never cached). A slow
  // download shows progress, counted on a clone of the response; a fast one
  // does not, since every repaint of the page competes with the widget's
  // start for the GPU; the clone is dropped once the wasm is compiled.
  const slowDownloadMs = 500;
  const downloadStarted = performance.now();
  let compiled = false;
  const wasmResponse = fetch(wasmUrl, { credentials: 'same-origin' }).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${wasmUrl}`);
    // Cloned before compileStreaming takes the body.
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (total && response.body) showProgress(response.clone().body.getReader(), total);
    return response;
  });
  const compiledWasm = WebAssembly.compileStreaming(wasmResponse);
  compiledWasm.then(() => { compiled = true; }, () => { compiled = true; });
  // Slow before its first byte too (a far or busy server): the bar shows at
  // 0 until bytes come.
  setTimeout(() => { if (!compiled) progress.hidden = false; }, slowDownloadMs);
  function showProgress(reader, total) {
    let loaded = 0;
    const step = ({ done, value }) => {
      if (done || compiled) {
        reader.cancel().catch(() => {});
        return undefined;
      }
      loaded += value.byteLength;
      if (performance.now() - downloadStarted > slowDownloadMs) {
        progress.hidden = false;
        progress.value = Math.min(loaded / total, 1);
      }
      return reader.read().then(step);
    };
    reader.read().then(step).catch(() => {});
  }
  compiledWasm.catch(() => {}); // reported when the module asks for it

  const moduleScript = document.createElement('script');
  moduleScript.src = moduleUrl;
  moduleScript.async = true;
  moduleScript.onerror = () => fail(fill(words.downloadFailed, moduleUrl));
  moduleScript.onload = startModule;
  document.head.appendChild(moduleScript);

  // The widget's WebGL 2 context, made now: creating one takes as long as the
  // downloads (over 100 ms in software GL), so it runs while they stream in.
  // Attributes as the widget asks for them (src/platform/web/gl_renderer.cpp).
  // The backing store gets its size first: resizing it later, with a context,
  // costs another 30-80 ms. The widget keeps it in step from then on.
  const box = canvas.getBoundingClientRect();
  canvas.width = Math.round(box.width * (window.devicePixelRatio || 1));
  canvas.height = Math.round(box.height * (window.devicePixelRatio || 1));
  mark('boot');
  const gl = canvas.getContext('webgl2', { alpha: false, antialias: false, depth: false, stencil: false });
  mark('webgl-context');
  if (!gl) {
    fail(words.noWebGl);
    return;
  }
  const earlyProgram = linkEarly(gl);

  // Dear ImGui's shader program (its OpenGL 3 renderer, GLSL "#version 300 es",
  // byte for byte), compiled and linked now, while the wasm downloads and
  // compiles; the widget takes it instead of linking its own when the
  // sources match (bt_js_adopt_early_program, library_batch_tasks.js). The
  // link is never waited for here: KHR_parallel_shader_compile says when it
  // is complete, and only then is the program asked about, once, so that
  // the browser already holds what ImGui asks (its uniforms and attributes)
  // and the first frame waits for no link. Without the extension it is asked
  // about once the wasm is compiled, when the link is long done.
  function linkEarly(context) {
    const version = '#version 300 es\n';
    const sources = [
      `${version}precision highp float;\nlayout (location = 0) in vec2 Position;\nlayout (location = 1) in vec2 UV;\n` +
        'layout (location = 2) in vec4 Color;\nuniform mat4 ProjMtx;\nout vec2 Frag_UV;\nout vec4 Frag_Color;\n' +
        'void main()\n{\n    Frag_UV = UV;\n    Frag_Color = Color;\n    gl_Position = ProjMtx * vec4(Position.xy,0,1);\n}\n',
      `${version}precision mediump float;\nuniform sampler2D Texture;\nin vec2 Frag_UV;\nin vec4 Frag_Color;\n` +
        'layout (location = 0) out vec4 Out_Color;\nvoid main()\n{\n    Out_Color = Frag_Color * texture(Texture, Frag_UV.st);\n}\n',
    ];
    const parallel = context.getExtension('KHR_parallel_shader_compile');
    const shader = (type, source) => {
      const made = context.createShader(type);
      context.shaderSource(made, source);
      context.compileShader(made);
      return made;
    };
    const program = context.createProgram();
    const vertex = shader(context.VERTEX_SHADER, sources[0]);
    const fragment = shader(context.FRAGMENT_SHADER, sources[1]);
    context.attachShader(program, vertex);
    context.attachShader(program, fragment);
    context.linkProgram(program);
    // The widget compares the sources as WebGL holds them.
    const early = { program, vertex, fragment, sources: [context.getShaderSource(vertex), context.getShaderSource(fragment)],
      adopted: false };
    const learn = () => { context.getProgramParameter(program, context.ACTIVE_UNIFORMS); };
    if (parallel) {
      const poll = () => {
        if (context.isContextLost()) return;
        if (context.getProgramParameter(program, parallel.COMPLETION_STATUS_KHR)) learn();
        else setTimeout(poll, 5);
      };
      setTimeout(poll, 5);
    } else {
      compiledWasm.then(learn, () => {});
    }
    return early;
  }

  function instantiateWasm(imports, done) {
    compiledWasm.then(
      (module) => WebAssembly.instantiate(module, imports).then((instance) => done(instance, module),
        (error) => fail(fill(words.startFailed, error.message))),
      (error) => fail(fill(words.downloadFailed, error.message)));
    return {};
  }

  function startModule() {
    if (failed) return;
    /* global createBatchTasksModule */
    createBatchTasksModule({
      canvas: canvas,
      preinitializedWebGLContext: gl,
      instantiateWasm: instantiateWasm,
      batchTasksHost: {
        query: window.location.search,
        fragment: window.location.hash.replace(/^#/, ''),
        allowedEndpoints: endpointsMeta ? endpointsMeta.content : '',
        earlyRequest: earlyRequest,
        earlyProgram: earlyProgram,
        textInput: textInput,
        mirror: mirror,
        emit: emit,
        announce: announce,
        setLanguage: setLanguage,
        updateControls: updateControls,
        updateTable: updateTable,
        updateTimeline: updateTimeline,
        showUnseenFailures: showUnseenFailures,
        notificationPermission: notificationPermission,
        requestNotificationPermission: requestNotificationPermission,
        notify: notify,
        // A reason code from the widget, or a message to show as it is.
        onFatal: (reason) => fail({ webgl2: words.noWebGl, shaders: words.noShaders }[reason] || reason),
        // The loading message stays until the widget has drawn something.
        onFirstFrame() {
          mark('first-frame');
          status.hidden = true;
        },
        onReady(module) {
          mark('started');
          instance = module;
          wirePage();
          resolveReady(api);
        },
      },
    }).catch((error) => fail(fill(words.startFailed, error && error.message ? error.message : error)));
  }

  // Page events the widget follows once it runs.
  function wirePage() {
    const urlChanged = () => {
      callWithStrings(instance._bt_url_changed, window.location.hash.replace(/^#/, ''));
    };
    window.addEventListener('popstate', urlChanged);
    window.addEventListener('hashchange', urlChanged);
    document.addEventListener('visibilitychange', () => instance._bt_visibility_changed(document.hidden ? 0 : 1));
    if (document.hidden) instance._bt_visibility_changed(0);
    // Visible and focused: the person is looking (unseen failures are seen).
    const focusChanged = () => instance._bt_focus_changed(document.hasFocus() ? 1 : 0);
    window.addEventListener('focus', focusChanged);
    window.addEventListener('blur', focusChanged);
    focusChanged();
    // The theme follows the system: colour scheme, contrast and motion preferences.
    for (const query of ['(prefers-color-scheme: dark)', '(prefers-contrast: more)', '(prefers-reduced-motion: reduce)']) {
      window.matchMedia(query).addEventListener('change', () => instance._bt_color_scheme_changed());
    }
    window.addEventListener('message', (event) => {
      if (event.source === window) return;
      let text;
      try {
        text = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
      } catch (error) {
        text = ''; // not serialisable: refused like any other malformed message
      }
      // Oversized messages are refused in C++ too; this spares copying them.
      callWithStrings(instance._bt_embed_message, event.origin, (text || '').slice(0, 65536 + 1));
    });
    // Text typed through the hidden input: IME compositions when they end,
    // and what a mobile keyboard enters. Pastes go to the widget whole.
    textInput.addEventListener('paste', (event) => {
      event.preventDefault();
      callWithStrings(instance._bt_paste, event.clipboardData ? event.clipboardData.getData('text/plain') : '');
    });
    let composing = false;
    textInput.addEventListener('compositionstart', () => { composing = true; });
    textInput.addEventListener('compositionend', (event) => {
      composing = false;
      if (event.data) callWithStrings(instance._bt_text_input, event.data);
      textInput.value = '';
    });
    textInput.addEventListener('input', (event) => {
      if (composing || event.isComposing) return;
      if (event.data) callWithStrings(instance._bt_text_input, event.data);
      else if (textInput.value) callWithStrings(instance._bt_text_input, textInput.value);
      textInput.value = '';
    });
  }
})();
