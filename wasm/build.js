#!/usr/bin/env node
// Compiles each AssemblyScript module in wasm/<name>/index.ts to wasm/build/<name>.wasm.
// The stub runtime: the modules manage their own memory and allocate no GC objects.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

const here = new URL('.', import.meta.url).pathname
const asc = join(here, '..', 'node_modules', '.bin', 'asc')
const modules = readdirSync(here).filter((name) => existsSync(join(here, name, 'index.ts')))
mkdirSync(join(here, 'build'), {recursive: true})
for (const name of modules) {
  execFileSync(
    asc,
    [join(name, 'index.ts'), '--outFile', join('build', `${name}.wasm`), '-O3', '--noAssert', '--runtime', 'stub'],
    {cwd: here, stdio: 'inherit'},
  )
}
