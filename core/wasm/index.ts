/**
 * The WebAssembly façade: each module is instantiated once per process, on first use, so
 * commands that never hash or compress never pay for it. `status()` is what `tck doctor` shows.
 */
import type {IHasher} from 'hash-wasm/dist/lib/WASMInterface.js'
import {loadScheduler} from './scheduler.js'

type Zstd = typeof import('@bokuweb/zstd-wasm')

let zstdModule: Promise<Zstd> | undefined
let xxh3Hasher: Promise<IHasher> | undefined

/** zstd (libzstd compiled to WASM): store blob compression. */
export function zstd(): Promise<Zstd> {
  zstdModule ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init()
    return module
  })
  return zstdModule
}

/** xxh3-128 (hash-wasm): fingerprints for change detection; not a content digest. */
export function xxh3(): Promise<IHasher> {
  xxh3Hasher ??= import('hash-wasm').then((module) => module.createXXHash128())
  return xxh3Hasher
}

/** A private xxh3-128 hasher, for a stream whose updates are spread over awaits. */
export function newXxh3(): Promise<IHasher> {
  return import('hash-wasm').then((module) => module.createXXHash128())
}

export interface WasmModuleStatus {
  name: string
  purpose: string
  loaded: boolean
  error?: string
}

const modules: Array<{name: string; purpose: string; load: () => Promise<unknown>}> = [
  {name: 'zstd', purpose: 'store blob compression', load: zstd},
  {name: 'xxh3-128', purpose: 'input fingerprints', load: xxh3},
]
registerWasmModule('scheduler', 'critical-path ready queue (AssemblyScript)', loadScheduler)

/** Other façade modules (the scheduler) add themselves here. */
export function registerWasmModule(name: string, purpose: string, load: () => Promise<unknown>): void {
  modules.push({name, purpose, load})
}

export async function status(): Promise<WasmModuleStatus[]> {
  return Promise.all(
    modules.map(async ({name, purpose, load}) => {
      try {
        await load()
        return {name, purpose, loaded: true}
      } catch (error) {
        return {name, purpose, loaded: false, error: error instanceof Error ? error.message : String(error)}
      }
    }),
  )
}
