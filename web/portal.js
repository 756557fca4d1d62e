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
    if (data.event === 'summary') showSummary(data.detail);
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${data.event} ${JSON.stringify(data.detail)}`;
    log.prepend(item);
  });

  // The widget cannot change this page's title or icon from its iframe: the
  // portal badges itself from the summary event.
  const badge = document.getElementById('badge');
  const portalTitle = document.title;
  let failedWhileAway = 0;
  function showSummary(summary) {
    if (document.hidden) failedWhileAway += summary.newlyFailed.length;
    const failed = typeof summary.failed === 'number' ? summary.failed : '?';
    const running = typeof summary.running === 'number' ? summary.running : '?';
    badge.textContent = `${running} running · ${failed} failed · ${summary.stalled.length} stalled on screen`;
    badge.hidden = false;
    document.title = failedWhileAway > 0 ? `(${failedWhileAway} failed) ${portalTitle}` : portalTitle;
  }
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    failedWhileAway = 0;
    document.title = portalTitle;
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
