// Starts the widget and publishes its automation API, window.BatchTasks.
// Kept out of index.html so the page runs under a CSP without inline script.
(function () {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  // The API endpoint: a URL parameter, or "api" beside the page (same origin,
  // where the signing proxy or the development server answers).
  const endpoint = params.get('endpoint') || 'api';

  const canvas = document.getElementById('batch-tasks-canvas');
  const status = document.getElementById('batch-tasks-status');

  let resolveReady;
  let rejectReady;
  const ready = new Promise(function (resolve, reject) {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(function () {}); // failures are shown on the page; callers may still await

  let instance = null;
  const api = Object.freeze({
    ready: ready,
    // A JSON-serialisable snapshot of what the widget shows now.
    getState: function () {
      if (!instance) return null;
      return JSON.parse(instance.UTF8ToString(instance._bt_state_json()));
    },
  });
  Object.defineProperty(window, 'BatchTasks', { value: api, enumerable: true });

  function fail(message) {
    status.hidden = false;
    status.textContent = message;
    status.classList.add('batch-tasks-error');
    canvas.hidden = true;
    rejectReady(new Error(message));
  }

  if (typeof WebAssembly !== 'object') {
    fail('This browser cannot run WebAssembly, so the task table cannot start.');
    return;
  }
  if (!document.createElement('canvas').getContext('webgl2')) {
    fail('WebGL 2 is not available in this browser, so the task table cannot be drawn.');
    return;
  }

  const script = document.createElement('script');
  script.src = 'batch_tasks.js';
  script.async = true;
  script.onerror = function () {
    fail('The task table could not be downloaded (batch_tasks.js). Check the connection and reload.');
  };
  script.onload = function () {
    /* global createBatchTasksModule */
    createBatchTasksModule({
      canvas: canvas,
      batchTasksHost: {
        endpoint: endpoint,
        onReady: function (module) {
          instance = module;
          status.hidden = true;
          resolveReady(api);
        },
        onFatal: fail,
      },
    }).catch(function (error) {
      fail('The task table could not start: ' + (error && error.message ? error.message : error));
    });
  };
  document.head.appendChild(script);
})();
