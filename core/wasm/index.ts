/**
 * The WebAssembly façade: each module is instantiated once per process, on first use, so
 * commands that never compress or schedule never pay for it. `status()` is what `tck doctor` shows.
 */
import {loadScheduler} from './scheduler.js'

type Zstd = typeof import('@bokuweb/zstd-wasm')

let zstdModule: Promise<Zstd> | undefined

/** zstd (libzstd compiled to WASM): store blob compression. */
export function zstd(): Promise<Zstd> {
  zstdModule ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init()
    return module
  })
  return zstdModule
}

export interface WasmModuleStatus {
  name: string
  purpose: string
  loaded: boolean
  error?: string
}

const modules: Array<{name: string; purpose: string; load: () => Promise<unknown>}> = [
  {name: 'zstd', purpose: 'store blob compression, tar.zst without the zstd program', load: zstd},
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
