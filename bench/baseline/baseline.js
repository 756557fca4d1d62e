// The benchmark's baseline: fetches the first page of DescribeBatchTasks from
// the same endpoint the widget uses and shows it as a DOM table, then sets the
// same performance mark as the widget. Kept out of index.html so the page is
// comparable under a CSP without inline script.
(function () {
  'use strict';

  const columns = ['BatchId', 'TaskName', 'TaskType', 'Status', 'TotalCount', 'SuccessCount', 'TaskBegin', 'TaskEnd'];
  const status = document.getElementById('baseline-status');
  const table = document.getElementById('baseline-table');

  function render(response) {
    if (!response || !Array.isArray(response.TaskList)) {
      throw new Error(response && response.Code ? response.Code + ': ' + response.Message : 'unexpected answer');
    }
    const body = table.tBodies[0];
    const fragment = document.createDocumentFragment();
    for (const task of response.TaskList) {
      const row = document.createElement('tr');
      for (const column of columns) {
        const cell = document.createElement('td');
        // textContent, never innerHTML: task names are arbitrary user text.
        cell.textContent = task[column] === undefined || task[column] === null ? '' : String(task[column]);
        row.appendChild(cell);
      }
      fragment.appendChild(row);
    }
    body.replaceChildren(fragment);
    table.hidden = false;
    status.hidden = true;
    // Reading a layout property forces style and layout now, so the mark comes
    // after the rows are laid out, as the widget's comes after it drew them.
    void table.offsetHeight;
    performance.mark('batch-tasks:first-rows');
  }

  fetch('api', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Action=DescribeBatchTasks&Version=2017-08-01&PageNumber=1&PageSize=30',
  })
    .then(function (answer) { return answer.json(); })
    .then(render)
    .catch(function (error) {
      status.textContent = 'The task table could not be loaded: ' + error.message;
    });
})();
