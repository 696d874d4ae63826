#!/usr/bin/env node
// `npm run conformance [name...]`: checks against real corpora (BitBake, the LFS/BLFS books), kept
// out of `npm test` because a user's clone has no corpora. Each check is scripts/conformance/<name>.ts;
// the corpora directory is TCK_CORPORA, else ../shared/corpora next to the checkout.
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {join, resolve} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const dir = join(root, 'scripts', 'conformance')
const known = (existsSync(dir) ? readdirSync(dir) : []).filter((file) => file.endsWith('.ts')).map((file) => file.slice(0, -3)).sort()
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const unknown = names.filter((name) => !known.includes(name))
if (unknown.length > 0) {
  console.error(`conformance: no check named ${unknown.join(', ')} (known: ${known.join(', ') || 'none'})`)
  process.exit(2)
}
const corpora = resolve(process.env.TCK_CORPORA ?? join(root, '..', 'shared', 'corpora'))
if (!existsSync(corpora)) {
  console.error(`conformance: no corpora at ${corpora}; set TCK_CORPORA to the directory that holds them`)
  process.exit(2)
}
let failed = 0
for (const name of names.length > 0 ? names : known) {
  console.log(`\n== conformance ${name} ==`)
  const run = spawnSync(process.execPath, ['--import=tsx', join(dir, `${name}.ts`), ...process.argv.slice(2).filter((arg) => arg.startsWith('-'))], {
    cwd: root,
    stdio: 'inherit',
    env: {...process.env, TCK_CORPORA: corpora},
  })
  if (run.status !== 0) failed++
}
console.log(`\nconformance: ${failed === 0 ? 'all passed' : `${failed} failed`}`)
process.exit(failed === 0 ? 0 : 1)
