/**
 * The host check of a book, as LFS's version-check.sh does it: each required program found on
 * PATH, its `--version` at least the minimum (the first version-like word of its output), and for
 * an alias (`awk`, `yacc`, `sh`) the program it must be (`--version` mentions GNU, Bison, Bash).
 */
import {execFile} from 'node:child_process'
import {release} from 'node:os'
import {promisify} from 'node:util'
import type {HostRequirement} from '../book/model.js'
import {compareVersions} from '../book/versions.js'
import {tckApi} from '../runtime.js'

const run = promisify(execFile)

export interface HostCheck {
  name: string
  program: string
  ok: boolean
  found?: string
  version?: string
  min?: string
  problem?: string
}

async function versionOutput(path: string): Promise<string> {
  try {
    const {stdout, stderr} = await run(path, ['--version'], {timeout: 10_000})
    return `${stdout}\n${stderr}`
  } catch (error) {
    // Some programs print their version and exit non-zero; what they printed still counts.
    const failed = error as {stdout?: string; stderr?: string}
    return `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`
  }
}

export async function checkRequirement(requirement: HostRequirement): Promise<HostCheck> {
  const base = {name: requirement.name, program: requirement.program, min: requirement.min}
  if (requirement.program === 'linux') {
    const version = release().split('-')[0]
    const ok = !requirement.min || compareVersions(version, requirement.min) >= 0
    return {...base, ok, found: 'uname -r', version, problem: ok ? undefined : `Linux ${version} is older than ${requirement.min}`}
  }
  const found = tckApi().which(requirement.program)
  if (!found) return {...base, ok: false, problem: `${requirement.program} is not on PATH`}
  const said = await versionOutput(found)
  const version = /\b(\d+(?:\.\d+)+[a-z]?)\b/.exec(said)?.[1]
  if (requirement.matches && !said.toLowerCase().includes(requirement.matches.toLowerCase())) {
    return {...base, ok: false, found, version, problem: `${found} is not ${requirement.matches} (its --version does not say so)`}
  }
  if (requirement.min && !version) return {...base, ok: false, found, problem: `${found} --version prints no version`}
  if (requirement.min && compareVersions(version!, requirement.min) < 0) return {...base, ok: false, found, version, problem: `${version} is older than ${requirement.min}`}
  return {...base, ok: true, found, version}
}
