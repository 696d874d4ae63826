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
  // tck's fast start (core/fast.ts) as one module: loading hundreds of small ones is most of a cached build's start-up.
  run(bin('esbuild'), [
    // Beside the modules it bundles, so what stays out resolves: downloads and archives (undici,
    // fflate) load only when a build needs them; cosmiconfig's TypeScript loader never does.
    'dist/core/fast.js', '--bundle', '--platform=node', '--format=esm', '--target=node20', '--outfile=dist/core/fast.bundle.js', '--log-level=warning',
    // zstd-wasm finds its .wasm beside its own module.
    '--external:./io/download.js', '--external:./io/extract.js', '--external:typescript', '--external:@oclif/*', '--external:@bokuweb/zstd-wasm', '--keep-names',
    // CommonJS dependencies bundled into an ES module still call require() for node's own modules.
    "--banner:js=import {createRequire as __tckCreateRequire} from 'node:module'; const require = __tckCreateRequire(import.meta.url);",
  ])
}
// oclif imports every command of a plugin without a manifest at each start-up; a manifest avoids that.
for (const name of plugins) {
  const dir = join(root, 'plugins', name)
  if (existsSync(join(dir, 'dist', 'commands'))) run(bin('oclif'), ['manifest'], dir)
}
