import test from 'ava'
import type {BuildEvent} from '../../core/engine/events.js'
import {ProgressState} from '../../core/progress/state.js'
import {renderFrame, ttyView} from '../../core/progress/tty.js'

const counts = {built: 0, cached: 0, failed: 0, skipped: 0, aborted: 0}

function stateAfter(events: BuildEvent[]): ProgressState {
  const state = new ProgressState()
  for (const event of events) state.apply(event)
  return state
}

const startAt = 1_000_000
const opening: BuildEvent[] = [
  {type: 'build-start', time: startAt, total: 10, jobs: 3},
  {type: 'task-start', time: startAt, id: 'a', worker: 0},
  {type: 'task-end', time: startAt + 1000, id: 'a', worker: 0, status: 'built', durationMs: 1000},
  {type: 'task-start', time: startAt + 1000, id: 'b', worker: 0},
  {type: 'task-end', time: startAt + 1000, id: 'b', worker: 0, status: 'cached', durationMs: 1},
  {type: 'task-start', time: startAt + 1000, id: 'compile:main', worker: 0},
  {type: 'task-start', time: startAt + 1500, id: 'link', worker: 1},
]

test('the frame shows done/total, built and cached counts, running tasks with their age, and an ETA', (t) => {
  const frame = renderFrame(stateAfter(opening), startAt + 2000, {columns: 80, rows: 24})
  // 2 done in 2 s: 8 left at that rate is 8 s.
  t.is(frame[0], '[2/10] 1 built · 1 cached · 2 running · ETA 8s')
  t.deepEqual(frame.slice(1), ['  compile:main 1s', '  link 500 ms'])
})

test('the frame fits the terminal: long lines are cut, and extra running tasks are counted, not listed', (t) => {
  const frame = renderFrame(stateAfter(opening), startAt + 2000, {columns: 20, rows: 3})
  t.is(frame.length, 2)
  t.true(frame.every((line) => line.length <= 19))
  t.is(frame[1], '  … and 2 more')
})

test('no ETA before anything has finished', (t) => {
  const frame = renderFrame(stateAfter(opening.slice(0, 2)), startAt + 5000, {columns: 80, rows: 24})
  t.is(frame[0], '[0/10] 0 built · 0 cached · 1 running')
})

function fakeTerminal() {
  const writes: string[] = []
  const stream = {columns: 80, rows: 24, write: (text: string) => writes.push(text) > 0} as unknown as NodeJS.WriteStream
  return {stream, writes}
}

test('the live view redraws in place: it moves up over the lines it drew last, then clears below', async (t) => {
  const {stream, writes} = fakeTerminal()
  let now = startAt
  const view = ttyView(stream, {intervalMs: 5, now: () => now})
  view.onEvent(opening[0])
  t.is(writes.length, 2, 'hides the cursor, then draws the first frame')
  t.is(writes[1], '[0/10] 0 built · 0 cached · 0 running\n')
  for (const event of opening.slice(1)) view.onEvent(event)
  t.is(writes.length, 2, 'redraws are throttled, not one per event')
  now = startAt + 2000
  await new Promise((resolve) => setTimeout(resolve, 30))
  t.is(writes.length, 3)
  t.true(writes[2].startsWith('\u001B[1A\r\u001B[0J[2/10]'), JSON.stringify(writes[2]))
  t.is(writes[2].split('\n').length - 1, 3)
})

test('a failure stays on screen above the live area, and the summary replaces the view at the end', (t) => {
  const {stream, writes} = fakeTerminal()
  const view = ttyView(stream, {intervalMs: 1000, now: () => startAt})
  view.onEvent({type: 'build-start', time: startAt, total: 1, jobs: 1})
  view.onEvent({type: 'task-start', time: startAt, id: 'bad', worker: 0})
  view.onEvent({type: 'task-end', time: startAt, id: 'bad', worker: 0, status: 'failed', durationMs: 5, error: 'task "bad" exited with code 2:\nboom'})
  t.is(writes.at(-1)!.split('\n').slice(0, 2).join('\n'), '\u001B[1A\r\u001B[0Jfailed bad: task "bad" exited with code 2:\n[1/1] 0 built · 0 cached · 1 failed · 0 running')
  view.onEvent({type: 'build-end', time: startAt, ok: false, interrupted: false, durationMs: 5, counts: {...counts, failed: 1}, outcomes: []})
  t.is(writes.at(-1), '\u001B[1A\r\u001B[0Jbuild failed in 5 ms: 1 failed\n\u001B[?25h')
})

test('while a long task runs without events, the clock redraws its age; it stops with the build', async (t) => {
  const {stream, writes} = fakeTerminal()
  let now = startAt
  const view = ttyView(stream, {intervalMs: 1000, tickMs: 10, now: () => now})
  view.onEvent({type: 'build-start', time: startAt, total: 1, jobs: 1})
  view.onEvent({type: 'task-start', time: startAt, id: 'long', worker: 0})
  now = startAt + 3000
  await new Promise((resolve) => setTimeout(resolve, 40))
  t.true(writes.some((text) => text.includes('  long 3s')), JSON.stringify(writes))
  view.onEvent({type: 'task-end', time: now, id: 'long', worker: 0, status: 'built', durationMs: 3000})
  view.onEvent({type: 'build-end', time: now, ok: true, interrupted: false, durationMs: 3000, counts: {...counts, built: 1}, outcomes: []})
  const after = writes.length
  await new Promise((resolve) => setTimeout(resolve, 40))
  t.is(writes.length, after, 'nothing is drawn after the summary')
})
