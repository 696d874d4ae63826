#!/usr/bin/env node
// `tck --version` is asked by scripts and CI on every run: answer it without loading oclif
// (≈200 ms), in oclif's own format.
const args = process.argv.slice(2)
// The commands with a fast start: `build` (core/fast.ts) and `run` (recipe-cscript's tck.fastStart).
// Named here so that no other command pays for loading the bundle only to be handed to oclif.
const FAST_STARTS = new Set(['build', 'run'])
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const {readFileSync} = await import('node:fs')
  const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`tck/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else if (!(FAST_STARTS.has(args[0]) && (await fastStart(args)))) {
  const {execute, settings} = await import('@oclif/core')
  // tck runs plugins as built, linked ones too: oclif must not look for their TypeScript sources
  // (it warns on every command for a linked ESM plugin, and spends ≈0.4 s per command trying
  // tsx when NODE_ENV is test or development).
  settings.enableAutoTranspile = false
  await execute({dir: import.meta.url})
}

/** The command from one bundled module without oclif (core/fast.ts); false: oclif takes it. */
async function fastStart(argv) {
  const {existsSync} = await import('node:fs')
  const bundle = new URL('../dist/core/fast.bundle.js', import.meta.url)
  if (!existsSync(bundle)) return false
  const {runFast} = await import(bundle.href)
  return runFast(argv, new URL('..', import.meta.url).pathname.replace(/\/$/, ''))
}
