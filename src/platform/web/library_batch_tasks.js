// Browser facilities for the widget that Emscripten's html5.h does not cover.
// Linked with --js-library; `Module.batchTasksHost` is set by web/boot.js.
mergeInto(LibraryManager.library, {
  bt_js_page_config_endpoint: function () {
    var host = Module['batchTasksHost'] || {};
    var endpoint = String(host.endpoint || 'api');
    var size = lengthBytesUTF8(endpoint) + 1;
    var ptr = _malloc(size);
    stringToUTF8(endpoint, ptr, size);
    return ptr;
  },
  bt_js_announce_ready: function () {
    var host = Module['batchTasksHost'];
    if (host && host.onReady) host.onReady(Module);
  },
  bt_js_mark_first_rows: function () {
    if (typeof performance !== 'undefined' && performance.mark) performance.mark('batch-tasks:first-rows');
  },
  bt_js_set_cursor: function (cursor) {
    var canvas = Module['canvas'];
    if (canvas) canvas.style.cursor = UTF8ToString(cursor);
  },
  bt_js_observe_canvas_resize: function () {
    var canvas = Module['canvas'];
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    new ResizeObserver(function () { _bt_canvas_resized(); }).observe(canvas);
    // A change of devicePixelRatio (zoom, another screen) changes no CSS box.
    var watchRatio = function () {
      var query = matchMedia('(resolution: ' + devicePixelRatio + 'dppx)');
      query.addEventListener('change', function () { _bt_canvas_resized(); watchRatio(); }, { once: true });
    };
    watchRatio();
  },
  bt_js_report_fatal: function (message) {
    var host = Module['batchTasksHost'];
    if (host && host.onFatal) host.onFatal(UTF8ToString(message));
  },
  bt_js_device_pixel_ratio: function () {
    return (typeof devicePixelRatio === 'number' && devicePixelRatio > 0) ? devicePixelRatio : 1;
  },
});
