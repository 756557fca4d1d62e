// Embedding example: the portal side of the widget's postMessage protocol.
//   to the widget:  {source: 'batch-tasks', version: 1, type: 'setQuery', query: {...}}
//                   {source: 'batch-tasks', version: 1, type: 'refresh'}
//   from it:        {source: 'batch-tasks', version: 1, type: 'event', event, detail}
(function () {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  // Where the widget lives; by default beside this page.
  const widgetUrl = new URL(params.get('widget') || 'index.html', window.location.href);
  const widgetOrigin = widgetUrl.origin;
  widgetUrl.searchParams.set('origins', window.location.origin);
  widgetUrl.searchParams.set('parent', window.location.origin);

  const frame = document.getElementById('widget');
  const form = document.getElementById('controls');
  const log = document.getElementById('events');
  frame.src = widgetUrl.href;

  const received = [];
  function send(message) {
    // Always name the widget's origin: never '*'.
    frame.contentWindow.postMessage(Object.assign({ source: 'batch-tasks', version: 1 }, message), widgetOrigin);
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (!data || data.source !== 'batch-tasks' || data.type !== 'event') return;
    received.push({ event: data.event, detail: data.detail });
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${data.event} ${JSON.stringify(data.detail)}`;
    log.prepend(item);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    send({ type: 'setQuery', query: { taskType: data.get('taskType'), status: data.getAll('status') } });
  });
  document.getElementById('refresh').addEventListener('click', () => send({ type: 'refresh' }));

  // For scripts driving this page (and its tests).
  window.portal = { send: send, events: received, widgetOrigin: widgetOrigin };
})();
