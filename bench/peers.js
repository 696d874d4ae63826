// The peers tck is measured against, installed into bench/peers/ only (git-ignored): never a
// dependency of tck. Pinned to versions that run on Node 20 here.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export const peersDir = new URL('./peers/', import.meta.url).pathname
export const peerVersions = {turbo: '2.11.11', nx: '24.0.6', '@oven/bun-linux-x64': '1.4.4'}

export const peerBin = {
  turbo: join(peersDir, 'node_modules', '.bin', 'turbo'),
  nx: join(peersDir, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'),
  bun: join(peersDir, 'node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun'),
}

/** Installs the peers once; later runs find them in place. Returns false when they cannot be had. */
export function ensurePeers(log = (line) => process.stderr.write(`${line}\n`)) {
  if (Object.values(peerBin).every((file) => existsSync(file))) return true
  mkdirSync(peersDir, {recursive: true})
  writeFileSync(
    join(peersDir, 'package.json'),
    `${JSON.stringify({name: 'tck-bench-peers', private: true, dependencies: peerVersions}, null, 2)}\n`,
  )
  log(`bench: installing peers into ${peersDir} (${Object.entries(peerVersions).map(([n, v]) => `${n}@${v}`).join(', ')})`)
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts=false'], {cwd: peersDir, stdio: ['ignore', 'ignore', 'inherit']})
  } catch (error) {
    log(`bench: peers could not be installed: ${error.message}`)
    return false
  }
  return Object.values(peerBin).every((file) => existsSync(file))
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensurePeers() ? 0 : 1)
