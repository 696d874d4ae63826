#!/usr/bin/env node
// Builds everything `npm ci` needs (run by `prepare`): TypeScript of the host and every plugin,
// the AssemblyScript modules, and the oclif manifests of plugins that have commands.
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const bin = (name) => join(root, 'node_modules', '.bin', name)
const run = (file, args, cwd = root) => execFileSync(file, args, {cwd, stdio: 'inherit'})
const plugins = readdirSync(join(root, 'plugins')).filter((name) => existsSync(join(root, 'plugins', name, 'tsconfig.json')))

if (!process.argv.includes('--plugin-manifests')) {
  run(bin('tsc'), ['-b', 'tsconfig.json', ...plugins.map((name) => `plugins/${name}/tsconfig.json`)])
  if (existsSync(join(root, 'wasm', 'build.js'))) run(process.execPath, ['wasm/build.js'])
}
// oclif imports every command of a plugin without a manifest at each start-up; a manifest avoids that.
for (const name of plugins) {
  const dir = join(root, 'plugins', name)
  if (existsSync(join(dir, 'dist', 'commands'))) run(bin('oclif'), ['manifest'], dir)
}
