// Synthetic workspaces for the engine bench: N small tasks in ten layers. Each task hashes its
// own source file and its two dependencies' outputs into `out.txt`, so every output is derived
// from its inputs. The same graph is written for tck (tck.config.json), Turborepo (turbo.json)
// and Nx (nx.json), each a package per task, so all three run the same shell work.
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export const LAYERS = 10

const name = (index) => `p${index}`

/** Task `index` depends on two neighbours in the layer below: a change fans out slowly upwards. */
export function graphShape(count) {
  const width = Math.ceil(count / LAYERS)
  return Array.from({length: count}, (_, index) => {
    const layer = Math.floor(index / width)
    if (layer === 0) return []
    const position = index % width
    const below = (layer - 1) * width
    return [...new Set([below + position, below + ((position + 1) % width)])].filter((dep) => dep < count)
  })
}

const script = (deps) => `cat src.txt${deps.map((dep) => ` ../${name(dep)}/out.txt`).join('')} | cksum > out.txt`

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
}

/** Writes the workspace for `tool` into `dir` and makes it a git repository, as real ones are. */
export function generateWorkspace(dir, count, tool) {
  const shape = graphShape(count)
  mkdirSync(join(dir, 'packages'), {recursive: true})
  shape.forEach((deps, index) => {
    const packageDir = join(dir, 'packages', name(index))
    mkdirSync(packageDir, {recursive: true})
    writeFileSync(join(packageDir, 'src.txt'), `source of ${name(index)}\n`)
    if (tool === 'tck') return
    const dependencies = Object.fromEntries(deps.map((dep) => [name(dep), 'workspace:*']))
    writeJson(join(packageDir, 'package.json'), {name: name(index), version: '1.0.0', private: true, scripts: {build: script(deps)}, dependencies})
  })
  writeFileSync(join(dir, '.gitignore'), 'out.txt\nnode_modules/\n.turbo/\n.nx/\n.tck/\n')
  if (tool === 'tck') {
    const tasks = Object.fromEntries(
      shape.map((deps, index) => [
        name(index),
        {
          run: script(deps),
          cwd: `packages/${name(index)}`,
          deps: deps.map(name),
          inputs: [`packages/${name(index)}/src.txt`],
          outputs: [`packages/${name(index)}/out.txt`],
        },
      ]),
    )
    writeJson(join(dir, 'tck.config.json'), {tasks})
  } else {
    writeJson(join(dir, 'package.json'), {name: 'bench-workspace', private: true, packageManager: 'bun@1.4.4', workspaces: ['packages/*']})
  }
  if (tool === 'turbo') {
    writeJson(join(dir, 'turbo.json'), {
      $schema: 'https://turborepo.com/schema.json',
      tasks: {build: {dependsOn: ['^build'], inputs: ['src.txt'], outputs: ['out.txt']}},
    })
  }
  if (tool === 'nx') {
    // `^src`: a task's hash covers its dependencies' sources too (dependsOn alone only orders), so a
    // changed leaf reruns its dependents, as it does in turbo (dependency hashes) and tck (dependency keys).
    writeJson(join(dir, 'nx.json'), {
      namedInputs: {src: ['{projectRoot}/src.txt']},
      targetDefaults: {build: {dependsOn: ['^build'], inputs: ['src', '^src'], outputs: ['{projectRoot}/out.txt'], cache: true}},
    })
  }
  const git = (...args) => execFileSync('git', args, {cwd: dir, stdio: 'ignore'})
  git('init', '-q')
  git('add', '-A')
  git('-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '-m', 'workspace')
}

/** The leaf whose change the bench measures: a first-layer task, so its dependents rebuild. */
export function leafSource(dir) {
  return join(dir, 'packages', name(0), 'src.txt')
}
