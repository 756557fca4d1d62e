// Browser facilities for the widget that Emscripten's html5.h does not cover.
// Linked with --js-library. `Module.batchTasksHost` is set by web/boot.js; each
// function works (or quietly does nothing) without it, so the module also runs
// in a bare page. What boot.js hands over is read in quotes (host['query']),
// and options given to the browser are written in quotes ({'once': true}):
// Closure Compiler renames unquoted properties its externs do not name.
mergeInto(LibraryManager.library, {
  $btHost: function () { return Module['batchTasksHost'] || {}; },
  $btString: function (text) {  // a malloc'd UTF-8 copy for C++, which frees it
    if (text === null || text === undefined) return 0;
    text = String(text);
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
  },

  bt_js_page_query__deps: ['$btHost', '$btString'],
  bt_js_page_query: function () { return btString(btHost()['query'] || ''); },
  bt_js_page_fragment__deps: ['$btHost', '$btString'],
  bt_js_page_fragment: function () { return btString(btHost()['fragment'] || ''); },
  bt_js_allowed_endpoints__deps: ['$btHost', '$btString'],
  bt_js_allowed_endpoints: function () { return btString(btHost()['allowedEndpoints'] || ''); },
  bt_js_early_request_body__deps: ['$btHost', '$btString'],
  bt_js_early_request_body: function () {
    var early = btHost()['earlyRequest'];
    return btString(early ? early['body'] : '');
  },
  // Delivers the early request's answer into the heap as bytes, unchanged.
  bt_js_collect_early_response__deps: ['$btHost'],
  bt_js_collect_early_response: function () {
    var early = btHost()['earlyRequest'];
    if (!early) return;
    var heapString = function (text) {
      var size = lengthBytesUTF8(text) + 1;
      var ptr = _malloc(size);
      stringToUTF8(text, ptr, size);
      return ptr;
    };
    var deliver = function (answer) {
      if (answer['failed']) {
        var reasonPtr = heapString(String(answer['reason'] || 'no response'));
        _bt_early_failed(reasonPtr);
        _free(reasonPtr);
        return;
      }
      var bytes = new Uint8Array(answer['body']);
      var ptr = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, ptr);
      var agePtr = heapString(String(answer['age'] || ''));
      var stalePtr = heapString(String(answer['stale'] || ''));
      _bt_early_response(answer['status'], ptr, bytes.length, agePtr, stalePtr);
      _free(stalePtr);
      _free(agePtr);
      _free(ptr);
    };
    // An answer already in is taken now, so the first frame can show it.
    if (early['settled']) deliver(early['settled']);
    else early['answer'].then(deliver);
  },

  bt_js_browser_language__deps: ['$btString'],
  bt_js_browser_language: function () {
    return btString((typeof navigator !== 'undefined' && navigator.language) || '');
  },
  bt_js_set_language__deps: ['$btHost'],
  bt_js_set_language: function (tag) {
    if (btHost()['setLanguage']) btHost()['setLanguage'](UTF8ToString(tag));
  },
  bt_js_announce__deps: ['$btHost'],
  bt_js_announce: function (text) {
    if (btHost()['announce']) btHost()['announce'](UTF8ToString(text));
  },
  // Glyphs Roboto lacks, drawn with the system's fonts on a 2D canvas of their
  // own (src/platform/web/browser_glyphs.cpp). Han characters take their
  // Simplified Chinese forms, the API's language.
  $btGlyphs: { canvas: null, ctx: null },
  $btGlyphContext__deps: ['$btGlyphs'],
  $btGlyphContext: function (font, width, height) {
    var g = btGlyphs;
    if (!g.ctx) {
      g.canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(64, 64) : document.createElement('canvas');
      g.ctx = g.canvas.getContext('2d', { 'willReadFrequently': true });
    }
    if (g.canvas.width < width || g.canvas.height < height) {
      g.canvas.width = Math.max(g.canvas.width, width);
      g.canvas.height = Math.max(g.canvas.height, height);  // resets the context's state
    }
    var ctx = g.ctx;
    if ('lang' in ctx) ctx['lang'] = 'zh-CN';
    ctx.font = font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    return ctx;
  },
  // Chinese, Japanese and Korean characters name the systems' own CJK UI
  // fonts first (macOS, Windows, Linux and Android), Simplified Chinese forms:
  // a generic family makes the browser search its fallback fonts for each new
  // character, several times slower (measured: 30-70 ms against 6-37 ms for
  // 31 characters). Everything else (other scripts, emoji) takes the generic
  // family and the browser's own fallback.
  $btGlyphFont: function (pixelSize, bold, codepoint) {
    var cjk = (codepoint >= 0x2E80 && codepoint <= 0x9FFF) || (codepoint >= 0xAC00 && codepoint <= 0xD7AF) ||
      (codepoint >= 0xF900 && codepoint <= 0xFAFF) || (codepoint >= 0xFF00 && codepoint <= 0xFFEF) ||
      (codepoint >= 0x20000 && codepoint <= 0x3FFFF);
    var families = cjk
      ? '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Hiragino Sans GB", ' +
        '"WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif'
      : 'sans-serif';
    return (bold ? '500 ' : '400 ') + pixelSize + 'px ' + families;
  },
  bt_js_glyph_advance__deps: ['$btGlyphContext', '$btGlyphFont'],
  bt_js_glyph_advance: function (codepoint, pixelSize, bold) {
    var ctx = btGlyphContext(btGlyphFont(pixelSize, bold, codepoint), 0, 0);
    return ctx ? ctx.measureText(String.fromCodePoint(codepoint)).width : -1;
  },
  bt_js_rasterize_glyph__deps: ['$btGlyphContext', '$btGlyphFont'],
  bt_js_rasterize_glyph: function (codepoint, pixelSize, bold, out) {
    var font = btGlyphFont(pixelSize, bold, codepoint);
    var text = String.fromCodePoint(codepoint);
    var ctx = btGlyphContext(font, 0, 0);
    var o = out >> 2;
    HEAPF32[o] = -1;
    HEAP32[o + 3] = 0; HEAP32[o + 4] = 0; HEAP32[o + 5] = 0; HEAP32[o + 6] = 0;
    if (!ctx) return;
    var m = ctx.measureText(text);
    // The ink's box around the pen, with a pixel to spare for antialiasing.
    var left = Math.ceil(m.actualBoundingBoxLeft || 0) + 1;
    var right = Math.ceil(m.actualBoundingBoxRight || 0) + 1;
    var ascent = Math.ceil(m.actualBoundingBoxAscent || 0) + 1;
    var descent = Math.ceil(m.actualBoundingBoxDescent || 0) + 1;
    HEAPF32[o] = m.width;
    HEAPF32[o + 1] = -left;
    HEAPF32[o + 2] = -ascent;
    var width = left + right, height = ascent + descent;
    var inked = (m.actualBoundingBoxLeft || 0) + (m.actualBoundingBoxRight || 0) > 0 &&
      (m.actualBoundingBoxAscent || 0) + (m.actualBoundingBoxDescent || 0) > 0;
    if (!inked || width > 1024 || height > 1024) return;
    ctx = btGlyphContext(font, width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, left, ascent);
    var pixels = ctx.getImageData(0, 0, width, height).data;
    // White text stays white where it has ink; colour means an emoji's own.
    var colored = 0;
    for (var i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] > 32 && (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)) { colored = 1; break; }
    }
    var ptr = _malloc(pixels.length);
    HEAPU8.set(pixels, ptr);
    HEAP32[o + 3] = width;
    HEAP32[o + 4] = height;
    HEAP32[o + 5] = colored;
    HEAP32[o + 6] = ptr;
  },
  bt_js_first_frame__deps: ['$btHost'],
  bt_js_first_frame: function () { if (btHost()['onFirstFrame']) btHost()['onFirstFrame'](); },
  bt_js_announce_ready__deps: ['$btHost'],
  bt_js_announce_ready: function () { if (btHost()['onReady']) btHost()['onReady'](Module); },
  bt_js_mark_main: function () {
    if (typeof performance !== 'undefined' && performance.mark) performance.mark('batch-tasks:main');
  },
  // ImGui's shader program, already linked by web/boot.js while the wasm
  // downloaded (its `earlyProgram`), taken in place of the program ImGui
  // made, when the shaders ImGui attached have the same sources: then nothing
  // is linked now, and nothing waits for a link (gl_shader_checks.cpp).
  // Returns 1 when taken; the program then carries ImGui's shaders, which
  // ImGui detaches and deletes as it would its own.
  bt_js_adopt_early_program__deps: ['$btHost', '$GL'],
  bt_js_adopt_early_program: function (id) {
    var early = btHost()['earlyProgram'];
    var made = GL.programs[id];
    if (!early || early['adopted'] || !made) return 0;
    var attached = GLctx.getAttachedShaders(made) || [];  // Blink answers these two without the GPU process
    var sources = attached.map(function (shader) { return GLctx.getShaderSource(shader); });
    if (sources.length !== 2 || sources.slice().sort().join('\0') !== early['sources'].slice().sort().join('\0')) return 0;
    early['adopted'] = true;
    var program = early['program'];
    GLctx.detachShader(program, early['vertex']);
    GLctx.detachShader(program, early['fragment']);
    GLctx.deleteShader(early['vertex']);
    GLctx.deleteShader(early['fragment']);
    attached.forEach(function (shader) { GLctx.attachShader(program, shader); });
    GLctx.deleteProgram(made);
    // The bookkeeping glCreateProgram and glLinkProgram keep on a program.
    program.name = id;
    program.maxUniformLength = program.maxAttributeLength = program.maxUniformBlockNameLength = 0;
    program.uniformIdCounter = 1;
    program.uniformLocsById = 0;
    program.uniformSizeAndIdsByName = {};
    GL.programs[id] = program;
    return 1;
  },
  bt_js_mark_first_rows: function () {
    if (typeof performance !== 'undefined' && performance.mark) performance.mark('batch-tasks:first-rows');
  },
  bt_js_set_cursor: function (cursor) {
    if (Module['canvas']) Module['canvas'].style.cursor = UTF8ToString(cursor);
  },
  bt_js_observe_canvas_resize: function () {
    var canvas = Module['canvas'];
    if (!canvas) return;
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(function () { _bt_canvas_resized(); }).observe(canvas);
    else window.addEventListener('resize', function () { _bt_canvas_resized(); });
    // A change of devicePixelRatio (zoom, another screen) changes no CSS box.
    var watchRatio = function () {
      var query = window.matchMedia('(resolution: ' + devicePixelRatio + 'dppx)');
      query.addEventListener('change', function () { _bt_canvas_resized(); watchRatio(); }, { 'once': true });
    };
    watchRatio();
  },
  bt_js_device_pixel_ratio: function () {
    return (typeof devicePixelRatio === 'number' && devicePixelRatio > 0) ? devicePixelRatio : 1;
  },
  bt_js_report_fatal__deps: ['$btHost'],
  bt_js_report_fatal: function (message) { if (btHost()['onFatal']) btHost()['onFatal'](UTF8ToString(message)); },

  // history entries for the person's moves; replacements otherwise. The
  // fragment is written as it is: the model encodes it.
  bt_js_write_url__deps: ['$btHost'],
  bt_js_write_url: function (fragment, push) {
    var text = UTF8ToString(fragment);
    var url = location.pathname + location.search + (text ? '#' + text : '');
    btHost()['lastFragment'] = text;
    try {
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    } catch (e) { /* sandboxed documents may refuse; the view still works */ }
  },
  bt_js_emit__deps: ['$btHost'],
  bt_js_emit: function (event, detail, parentOrigin) {
    if (btHost()['emit']) btHost()['emit'](UTF8ToString(event), JSON.parse(UTF8ToString(detail)), UTF8ToString(parentOrigin));
  },
  bt_js_copy: function (text) {
    var value = UTF8ToString(text);
    var fallback = function () {
      var area = document.createElement('textarea');
      area.value = value;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
      area.remove();
      if (Module['canvas']) Module['canvas'].focus();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(fallback);
    else fallback();
  },
  // A file for the person: a Blob behind a temporary download link.
  bt_js_download: function (name, mime, data, length) {
    var blob = new Blob([HEAPU8.slice(data, data + length)], { 'type': UTF8ToString(mime) });
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = UTF8ToString(name);
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },
  bt_js_place_text_input__deps: ['$btHost'],
  bt_js_place_text_input: function (active, x, y, lineHeight, label) {
    var input = btHost()['textInput'];
    var canvas = Module['canvas'];
    if (!input || !canvas) return;
    if (active) {
      // While editing, the hidden input is the text field screen readers meet.
      input.setAttribute('aria-label', UTF8ToString(label) || 'Text');
      input.removeAttribute('aria-hidden');
      var box = canvas.getBoundingClientRect();
      input.style.left = (box.left + window.scrollX + x) + 'px';
      input.style.top = (box.top + window.scrollY + y) + 'px';
      input.style.height = lineHeight + 'px';
      var from = document.activeElement;
      var mirror = btHost()['mirror'];
      if (from === canvas || (mirror && mirror.contains(from))) {
        btHost()['focusAfterEdit'] = from;
        input.focus({ 'preventScroll': true });
      }
    } else {
      input.setAttribute('aria-hidden', 'true');
      if (document.activeElement === input) {
        // Back to where the person was: the mirrored control, or the canvas.
        var back = btHost()['focusAfterEdit'];
        (back && back.isConnected ? back : canvas).focus({ 'preventScroll': true });
      }
    }
  },
  bt_js_update_control_mirror__deps: ['$btHost'],
  bt_js_update_control_mirror: function (json) {
    if (btHost()['updateControls']) btHost()['updateControls'](JSON.parse(UTF8ToString(json)));
  },
  bt_js_update_table_mirror__deps: ['$btHost'],
  bt_js_update_table_mirror: function (json) {
    if (btHost()['updateTable']) btHost()['updateTable'](JSON.parse(UTF8ToString(json)));
  },
  bt_js_update_timeline_mirror__deps: ['$btHost'],
  bt_js_update_timeline_mirror: function (json) {
    if (btHost()['updateTimeline']) btHost()['updateTimeline'](JSON.parse(UTF8ToString(json)));
  },
  // Failures the person has not seen: the page's title and icon say so.
  bt_js_show_unseen_failures__deps: ['$btHost'],
  bt_js_show_unseen_failures: function (count, title) {
    if (btHost()['showUnseenFailures']) btHost()['showUnseenFailures'](count, UTF8ToString(title));
  },
  // 0 default (may ask), 1 granted, 2 denied or no notifications here.
  bt_js_notification_permission__deps: ['$btHost'],
  bt_js_notification_permission: function () {
    return btHost()['notificationPermission'] ? btHost()['notificationPermission']() : 2;
  },
  bt_js_request_notification_permission__deps: ['$btHost'],
  bt_js_request_notification_permission: function () {
    if (btHost()['requestNotificationPermission']) btHost()['requestNotificationPermission']();
  },
  bt_js_notify__deps: ['$btHost'],
  bt_js_notify: function (title, body, tag) {
    if (btHost()['notify']) btHost()['notify'](UTF8ToString(title), UTF8ToString(body), UTF8ToString(tag));
  },
  bt_js_storage_get__deps: ['$btString'],
  bt_js_storage_get: function (key) {
    try {
      var value = window.localStorage.getItem('batch-tasks:' + UTF8ToString(key));
      return value === null ? 0 : btString(value);
    } catch (e) { return 0; }  // no storage (sandboxed or partitioned iframe): defaults
  },
  bt_js_storage_set: function (key, value) {
    try { window.localStorage.setItem('batch-tasks:' + UTF8ToString(key), UTF8ToString(value)); } catch (e) { /* as above */ }
  },
  bt_js_prefers_dark: function () {
    return (typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches) ? 1 : 0;
  },
  bt_js_prefers_more_contrast: function () {
    return (typeof window.matchMedia === 'function' && window.matchMedia('(prefers-contrast: more)').matches) ? 1 : 0;
  },
  bt_js_prefers_reduced_motion: function () {
    return (typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches) ? 1 : 0;
  },
  bt_js_local_offset_minutes: function (unixSeconds) {
    return -new Date(unixSeconds * 1000).getTimezoneOffset();
  },
});
