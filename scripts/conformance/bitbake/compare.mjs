// Comparing tck's dump with real BitBake's: the targets and skip reasons of every recipe, the
// summary values and task flags of every target, and every variable of the sampled targets.
import {readFileSync} from 'node:fs'

/** Values that differ between any two parses, each with why; they are not compared. */
export const VOLATILE = {
  DATE: 'the day the parse ran',
  TIME: 'the time the parse ran',
  DATETIME: 'DATE and TIME of the parse',
  PID: 'the process id of the parser (${@os.getpid()})',
  BB_ORIGENV: 'a datastore object: its value is its memory address',
  BB_CMDLINE: 'the command line of the tool that parsed (bitbake -p vs tck)',
  LOGFIFO: 'a path ending in the process id of the parser (fifo.${@os.getpid()})',
}
/** Values that embed a volatile one are compared with it replaced by its name (LOGFIFO has the PID). */
const EMBEDDED = ['LOGFIFO', 'DATETIME', 'DATE', 'TIME', 'PID']

export function readDump(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  const head = lines[0].config ? lines.shift() : {config: {}}
  return {head, recipes: new Map(lines.map((line) => [line.file, line]))}
}

function normaliser(all) {
  const pairs = EMBEDDED.map((name) => [name, all?.[name]?.value]).filter(([, value]) => value && value.length >= 4)
  return (text) => {
    if (typeof text !== 'string') return text
    for (const [name, value] of pairs) text = text.replace(new RegExp(`(?<!\\d)${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d])`, 'g'), `<${name}>`)
    return text
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

/** Every difference as {recipe, variable, bitbake, tck}. */
export function compare(reference, mine) {
  const differences = []
  const differ = (recipe, variable, bitbake, tck) => differences.push({recipe, variable, bitbake, tck})
  let targets = 0
  let skipped = 0
  let compared = 0
  for (const [file, ref] of reference.recipes) {
    const own = mine.recipes.get(file)
    if (!own) {
      differ(file, '(recipe file)', 'parsed', 'not collected')
      continue
    }
    if (ref.error || own.error) {
      differ(file, '(parse error)', ref.error ?? null, own.error ? `${own.error.file ?? file}:${own.error.line ?? ''}: ${own.error.message}` : null)
      continue
    }
    const theirs = new Map(ref.variants.map((v) => [v.name, v]))
    const ours = new Map(own.variants.map((v) => [v.name, v]))
    for (const name of new Set([...theirs.keys(), ...ours.keys()])) {
      const a = theirs.get(name)
      const b = ours.get(name)
      if (!a || !b) {
        differ(name, '(target)', a ? 'present' : 'absent', b ? 'present' : 'absent')
        continue
      }
      targets++
      if (a.skipped !== b.skipped) differ(name, '(skip reason)', a.skipped, b.skipped)
      if (a.skipped) {
        skipped++
        continue
      }
      for (const [variable, value] of Object.entries(a.values)) {
        compared++
        if (!same(value, b.values[variable])) differ(name, variable, value, b.values[variable])
      }
      const taskNames = (v) => v.tasks.map((t) => t.name)
      if (!same(taskNames(a), taskNames(b))) differ(name, '(task list)', taskNames(a).join(' '), taskNames(b).join(' '))
      const ourTasks = new Map(b.tasks.map((t) => [t.name, t.flags]))
      for (const task of a.tasks) {
        compared++
        if (ourTasks.has(task.name) && !same(task.flags, ourTasks.get(task.name))) differ(name, `${task.name}[flags]`, task.flags, ourTasks.get(task.name))
      }
    }
  }
  for (const file of mine.recipes.keys()) if (!reference.recipes.has(file)) differ(file, '(recipe file)', 'not collected', 'parsed')
  return {differences, targets, skipped, compared}
}

/** Every variable of each sampled target, volatile ones left out and embedded ones normalised. */
export function compareAll(reference, mine) {
  const differences = []
  let compared = 0
  const scopes = [['(configuration)', reference.head.config.all, mine.head.config.all]]
  for (const [file, ref] of reference.recipes) for (const [name, values] of Object.entries(ref.all ?? {})) scopes.push([name, values, mine.recipes.get(file)?.all?.[name]])
  for (const [name, theirs, ours] of scopes) {
    if (!theirs) continue
    if (!ours) {
      differences.push({recipe: name, variable: '(all variables)', bitbake: 'dumped', tck: 'missing'})
      continue
    }
    const normA = normaliser(theirs)
    const normB = normaliser(ours)
    for (const variable of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
      if (variable in VOLATILE) continue
      compared++
      const a = theirs[variable] ? {...theirs[variable], value: normA(theirs[variable].value)} : undefined
      const b = ours[variable] ? {...ours[variable], value: normB(ours[variable].value)} : undefined
      if (!same(a, b)) differences.push({recipe: name, variable, bitbake: a, tck: b})
    }
  }
  return {differences, compared, targets: scopes.length - 1}
}

/** Kinds of recipe the sample spans, from what a target inherits (first match wins). */
const KINDS = [
  ['native', (v) => v.variant === 'native'],
  ['nativesdk', (v) => v.variant === 'nativesdk'],
  ['image', (v, inh) => inh.includes('/image.bbclass')],
  ['packagegroup', (v, inh) => inh.includes('/packagegroup.bbclass')],
  ['kernel', (v, inh) => /\/(kernel|module|kernel-[^/]*)\.bbclass/.test(inh)],
  ['cross', (v, inh) => inh.includes('/cross.bbclass')],
  ['meson', (v, inh) => inh.includes('/meson.bbclass')],
  ['cmake', (v, inh) => inh.includes('/cmake.bbclass')],
  ['python', (v, inh) => /\/(python3native|setuptools3|python_pep517)\.bbclass/.test(inh)],
  ['autotools', (v, inh) => inh.includes('/autotools.bbclass')],
]

/** A deterministic sample: up to `per` targets of each kind, evenly spread over the sorted names. */
export function sample(reference, per = 13) {
  const byKind = new Map(KINDS.map(([kind]) => [kind, []]))
  for (const ref of reference.recipes.values()) {
    for (const v of ref.variants ?? []) {
      if (v.skipped || (v.variant && v.variant !== 'native' && v.variant !== 'nativesdk')) continue
      const inherits = (v.inherits ?? []).join(' ')
      const kind = KINDS.find(([, test]) => test(v, inherits))
      if (kind) byKind.get(kind[0]).push(v.name)
    }
  }
  const picked = []
  for (const [kind, names] of byKind) {
    names.sort()
    const step = Math.max(1, names.length / per)
    for (let i = 0; i < Math.min(per, names.length); i++) picked.push({kind, name: names[Math.floor(i * step)]})
  }
  return picked
}
