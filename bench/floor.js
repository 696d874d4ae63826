#!/usr/bin/env node
// The no-tool floor of a cold build: every task's shell command of a tck.config.json run once, in
// dependency order, `jobs` at a time, by plain Node spawns — no keys, no cache, no hooks.
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

const [dir, jobs = '2'] = process.argv.slice(2)
const tasks = JSON.parse(readFileSync(join(dir, 'tck.config.json'), 'utf8')).tasks
const waiting = new Map(Object.entries(tasks).map(([id, task]) => [id, new Set(task.deps ?? [])]))
const dependents = new Map(Object.keys(tasks).map((id) => [id, []]))
for (const [id, task] of Object.entries(tasks)) for (const dep of task.deps ?? []) dependents.get(dep).push(id)
const ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([id]) => id)
let running = 0
const run = (id) => new Promise((done) => spawn('/bin/sh', ['-ec', tasks[id].run], {cwd: join(dir, tasks[id].cwd ?? '.'), stdio: 'ignore'}).on('close', done))
await new Promise((finished) => {
  const next = () => {
    if (ready.length === 0 && running === 0) return finished()
    while (running < Number(jobs) && ready.length > 0) {
      const id = ready.shift()
      running++
      run(id).then(() => {
        running--
        for (const dependent of dependents.get(id)) if (waiting.get(dependent).delete(id) && waiting.get(dependent).size === 0) ready.push(dependent)
        next()
      })
    }
  }
  next()
})
