/**
 * The `tck` entry of CMakeUserPresets.json: configure, build and test presets that point at
 * tck's toolchain file and build directory, so `cmake --preset tck`, `cmake --build --preset tck`,
 * `ctest --preset tck` and IDEs build exactly what `tck build` builds, without tck. Other presets in
 * the file are kept as they are.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TckApi} from 'tck'

export const PRESET = 'tck'
export const USER_PRESETS = 'CMakeUserPresets.json'

export interface PresetInput {
  generator: string
  buildDir: string
  toolchainFile: string
  cacheVariables: Record<string, string>
  environment: Record<string, string>
  description: string
}

interface PresetsFile {
  version: number
  configurePresets?: Array<{name: string}>
  buildPresets?: Array<{name: string}>
  testPresets?: Array<{name: string}>
  [key: string]: unknown
}

async function readPresets(api: TckApi, file: string): Promise<PresetsFile | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = JSON.parse(text) as PresetsFile
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object')
    return parsed
  } catch (error) {
    throw new api.TckError('CONFIG_INVALID', `${file}: ${(error as Error).message}`, {hint: `Fix the file, or remove it and tck writes a new one with the "${PRESET}" presets.`})
  }
}

export function presetEntries(input: PresetInput) {
  return {
    configure: {
      name: PRESET,
      displayName: 'tck',
      description: input.description,
      generator: input.generator,
      binaryDir: `\${sourceDir}/${input.buildDir}`,
      toolchainFile: input.toolchainFile,
      cacheVariables: input.cacheVariables,
      ...(Object.keys(input.environment).length > 0 ? {environment: input.environment} : {}),
    },
    build: {name: PRESET, configurePreset: PRESET},
    test: {name: PRESET, configurePreset: PRESET, output: {outputOnFailure: true}},
  }
}

/** Merges the tck presets into CMakeUserPresets.json; returns its path and whether it changed. */
export async function writePresets(api: TckApi, root: string, input: PresetInput): Promise<{file: string; text: string; changed: boolean}> {
  const shared = await readPresets(api, join(root, 'CMakePresets.json'))
  if (shared?.configurePresets?.some((preset) => preset.name === PRESET)) {
    throw new api.TckError('CONFIG_INVALID', `CMakePresets.json already has a configure preset named "${PRESET}"`, {
      hint: `tck writes its own "${PRESET}" preset into ${USER_PRESETS}; rename the one in CMakePresets.json.`,
    })
  }
  const file = join(root, USER_PRESETS)
  const existing = (await readPresets(api, file)) ?? {version: 3}
  const entries = presetEntries(input)
  const others = (list?: Array<{name: string}>) => (list ?? []).filter((preset) => preset.name !== PRESET)
  const merged: PresetsFile = {
    ...existing,
    version: Math.max(3, Number(existing.version) || 3),
    configurePresets: [...others(existing.configurePresets), entries.configure],
    buildPresets: [...others(existing.buildPresets), entries.build],
    testPresets: [...others(existing.testPresets), entries.test],
  }
  const text = `${JSON.stringify(merged, null, 2)}\n`
  const before = await readFile(file, 'utf8').catch(() => undefined)
  if (before !== text) await api.atomicWriteFile(file, text)
  return {file, text, changed: before !== text}
}
