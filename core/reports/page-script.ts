/**
 * The script of the HTML report, as text: it draws the timeline as inline SVG from the report
 * JSON embedded in the page and makes the task table sortable. Plain ES2017, no network, no library.
 */
export const pageScript = String.raw`
(function () {
  'use strict'
  var report = JSON.parse(document.getElementById('tck-report').textContent)
  var NS = 'http://www.w3.org/2000/svg'
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name)
    for (var key in attrs) node.setAttribute(key, String(attrs[key]))
    if (parent) parent.appendChild(node)
    return node
  }
  function niceStep(raw) {
    var power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))))
    var steps = [1, 2, 5, 10]
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= raw) return steps[i] * power
    return 10 * power
  }

  var placed = report.tasks.filter(function (task) { return task.worker != null && task.startedAt != null && task.endedAt != null })
  var span = Math.max(1, report.durationMs, Math.max.apply(null, placed.map(function (task) { return task.endedAt }).concat([0])))
  var lanes = Math.max(1, report.workers)
  var laneHeight = 26, left = 78, width = 1000, top = 26
  // Steps inside tasks (a CMake build's compiles and links), packed into as few lanes as overlap allows, under the workers.
  var stepLanes = []
  report.tasks.forEach(function (task) {
    var own = []
    ;(task.steps || []).slice().sort(function (a, b) { return a.startedAt - b.startedAt }).forEach(function (step) {
      var lane = own.filter(function (candidate) { return candidate.end <= step.startedAt })[0]
      if (!lane) own.push(lane = {task: task.id, steps: [], end: 0})
      lane.steps.push(step)
      lane.end = step.endedAt
    })
    stepLanes = stepLanes.concat(own)
  })
  var rows = lanes + stepLanes.length
  var x = function (ms) { return left + (ms / span) * width }
  var svg = el('svg', {id: 'timeline', xmlns: NS, viewBox: '0 0 ' + (left + width + 16) + ' ' + (top + rows * laneHeight + 8), role: 'img',
    'aria-label': 'Timeline of the build: one lane per worker, then the steps inside tasks'})

  var step = niceStep(span / 8)
  for (var tick = 0; tick <= span; tick += step) {
    el('line', {x1: x(tick), x2: x(tick), y1: top - 4, y2: top + lanes * laneHeight, class: 'tick'}, svg)
    el('text', {x: x(tick), y: top - 8, class: 'tick-label'}, svg).textContent = tick >= 1000 ? (tick / 1000) + ' s' : tick + ' ms'
  }
  for (var lane = 0; lane < lanes; lane++) {
    el('rect', {x: left, y: top + lane * laneHeight, width: width, height: laneHeight, class: lane % 2 ? 'lane odd' : 'lane'}, svg)
    el('text', {x: 6, y: top + lane * laneHeight + 17, class: 'lane-label'}, svg).textContent = 'worker ' + lane
  }
  stepLanes.forEach(function (row, index) {
    var y = top + (lanes + index) * laneHeight
    el('rect', {x: left, y: y, width: width, height: laneHeight, class: 'step-lane'}, svg)
    el('text', {x: 6, y: y + 17, class: 'lane-label'}, svg).textContent = row.task.length > 12 ? row.task.slice(-12) : row.task
    row.steps.forEach(function (step) {
      var group = el('g', {class: 'step', 'data-step': step.name}, svg)
      el('rect', {x: x(step.startedAt), y: y + 5, width: Math.max(1.5, x(step.endedAt) - x(step.startedAt)), height: laneHeight - 10, rx: 2}, group)
      el('title', {}, group).textContent = (step.group ? step.group + ': ' : '') + step.name + ', ' + (step.endedAt - step.startedAt) + ' ms (' + step.startedAt + '-' + step.endedAt + ' ms)'
    })
  })

  var byId = {}
  placed.forEach(function (task) { byId[task.id] = task })

  // The critical path as one line through its bars, drawn first so the bars cover it and only
  // the hops between them show: the chain reads at a glance without hiding any label.
  var points = report.criticalPath.tasks.filter(function (id) { return byId[id] }).map(function (id) {
    var task = byId[id]
    var y = top + task.worker * laneHeight + laneHeight / 2
    return x(task.startedAt) + ',' + y + ' ' + Math.max(x(task.startedAt) + 2, x(task.endedAt)) + ',' + y
  })
  if (points.length > 0) el('polyline', {points: points.join(' '), class: 'critical-line'}, svg)

  placed.forEach(function (task) {
    var start = x(task.startedAt)
    var barWidth = Math.max(2, x(task.endedAt) - start)
    var y = top + task.worker * laneHeight + 3
    var group = el('g', {class: 'task ' + task.status + (task.critical ? ' critical' : ''), 'data-task': task.id}, svg)
    el('rect', {x: start, y: y, width: barWidth, height: laneHeight - 6, rx: 3}, group)
    el('title', {}, group).textContent = task.id + ': ' + task.status + ', ' + task.durationMs + ' ms (worker ' + task.worker + ', ' +
      task.startedAt + '-' + task.endedAt + ' ms)' + (task.critical ? ', on the critical path' : '')
    var room = Math.floor((barWidth - 8) / 6.6)
    if (room >= 3) {
      el('text', {x: start + 4, y: y + 14, class: 'bar-label'}, group).textContent = task.id.length > room ? task.id.slice(0, room - 1) + '\u2026' : task.id
    }
  })

  var box = document.getElementById('timeline-box')
  box.appendChild(svg)
  var unplaced = report.tasks.filter(function (task) { return !byId[task.id] })
  if (unplaced.length > 0) {
    document.getElementById('not-run').textContent = 'Not on the timeline (never started): ' +
      unplaced.map(function (task) { return task.id + ' (' + task.status + ')' }).join(', ')
  }

  // The table: one row per task, text set through textContent so no id can inject markup. A
  // failure's whole message (its stderr tail) gets a full-width row of its own under the task, so
  // a long error never pushes the other columns off the page.
  var table = document.getElementById('tasks')
  var body = table.tBodies[0]
  var columns = table.tHead.rows[0].cells.length
  var errorRows = Object.create(null)
  report.tasks.forEach(function (task) {
    var row = body.insertRow()
    row.className = task.critical ? 'critical' : ''
    row.setAttribute('data-task', task.id)
    var add = function (text, className, value) {
      var cell = row.insertCell()
      if (className) cell.className = className
      if (value != null) cell.setAttribute('data-value', String(value))
      cell.textContent = text
      return cell
    }
    add('', '').appendChild(document.createElement('code')).textContent = task.id
    add(task.kind)
    add(task.status, 'status ' + task.status)
    add(task.cacheLevel || '', 'level')
    ;[task.durationMs, task.worker, task.startedAt, task.endedAt].forEach(function (number) {
      add(number == null ? '' : String(number), 'number', number)
    })
    add(task.critical ? 'yes' : '')
    var why = add('', 'why')
    ;(task.why || []).forEach(function (line, index) {
      if (index > 0) why.appendChild(document.createElement('br'))
      why.appendChild(document.createTextNode(line))
    })
    if (task.error) {
      var errorRow = body.insertRow()
      errorRow.className = 'error-row'
      errorRow.setAttribute('data-error-of', task.id)
      var cell = errorRow.insertCell()
      cell.colSpan = columns
      cell.appendChild(document.createElement('pre')).className = 'error'
      cell.firstChild.textContent = task.error
      errorRows[task.id] = errorRow
    }
  })

  // Sorting: click a column heading; click again to reverse. An error row stays under its task.
  Array.from(table.tHead.rows[0].cells).forEach(function (heading, column) {
    heading.addEventListener('click', function () {
      var descending = heading.getAttribute('aria-sort') === 'ascending'
      Array.from(table.tHead.rows[0].cells).forEach(function (cell) { cell.removeAttribute('aria-sort') })
      heading.setAttribute('aria-sort', descending ? 'descending' : 'ascending')
      var rows = Array.from(body.rows).filter(function (row) { return row.hasAttribute('data-task') })
      var value = function (row) { var cell = row.cells[column]; return cell.hasAttribute('data-value') ? Number(cell.getAttribute('data-value')) : cell.textContent }
      rows.sort(function (a, b) {
        var left = value(a), right = value(b)
        var order = typeof left === 'number' ? left - right : String(left).localeCompare(String(right))
        return descending ? -order : order
      })
      rows.forEach(function (row) {
        body.appendChild(row)
        var errorRow = errorRows[row.getAttribute('data-task')]
        if (errorRow) body.appendChild(errorRow)
      })
    })
  })
  document.documentElement.setAttribute('data-rendered', String(placed.length))
})()
`
