// tck's side of the conformance check, run as the tree's user in the build directory with
// oe-init-build-env's environment (like reference.py): one JSON line per recipe file in the
// reference's shape. `--all names.txt` also dumps every variable of those virtual names.
import {readFileSync, writeFileSync} from 'node:fs'
import {Session} from '../../../plugins/recipe-bitbake/dist/session.js'

const args = process.argv.slice(2)
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const out = option('--out')
const allFile = option('--all')
const wanted = new Map()
for (const name of allFile ? readFileSync(allFile, 'utf8').split('\n').filter(Boolean) : []) {
  const parts = name.split(':')
  const file = parts[parts.length - 1]
  wanted.set(file, [...(wanted.get(file) ?? []), name.startsWith('virtual:') ? parts.slice(1, -1).join(':') : ''])
}

const session = new Session({buildDir: process.cwd(), env: process.env})
const started = performance.now()
await session.configure()
const files = allFile ? session.collected.recipes.filter((file) => wanted.has(file)) : session.collected.recipes
const lines = []
await session.parseMany(files, (result) => lines.push(JSON.stringify({...result, depends: undefined})), (file) => ({values: 'summary', ...(wanted.has(file) ? {all: wanted.get(file)} : {})}))
const config = allFile ? await session.configValues() : null
await session.close()
writeFileSync(out, `${JSON.stringify({config: {files: session.collected.recipes.length, masked: session.collected.masked, all: config}, seconds: (performance.now() - started) / 1000})}\n${lines.join('\n')}\n`)
