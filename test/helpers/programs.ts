/**
 * Tests run real programs. One that is missing fails the test with one line naming the Debian
 * package to install — a failure, never a skip — instead of a raw ENOENT further down.
 *
 *   if (!requireProgram(t, 'nginx', 'nginx')) return
 *
 * In a `test.before` hook the failure marks every test of the file as failed, with that line.
 * `.ci/run` installs every package the tests name.
 */
import type {ExecutionContext} from 'ava'
import {accessSync, constants} from 'node:fs'
import {delimiter, isAbsolute, join} from 'node:path'

/** Where Debian puts daemons (nginx); a non-root user's PATH leaves them out. */
const SYSTEM_DIRS = ['/usr/sbin', '/sbin']

/** `program` (a name looked up on PATH and the sbin dirs, or an absolute path) if it can be run here. */
export function findProgram(program: string, path = process.env.PATH ?? ''): string | undefined {
  const dirs = [...path.split(delimiter).filter(Boolean), ...SYSTEM_DIRS]
  const candidates = isAbsolute(program) ? [program] : dirs.map((dir) => join(dir, program))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}

export function missingProgramMessage(program: string, debianPackage: string): string {
  return `this test needs ${program}: install the Debian package ${debianPackage} (apt-get install ${debianPackage}), or run .ci/run`
}

/** True when every program is there; otherwise fails the test (or hook) once, naming the packages, and returns false. */
export function requireProgram(t: ExecutionContext, program: string, debianPackage: string, ...more: Array<[program: string, debianPackage: string]>): boolean {
  const missing = [[program, debianPackage] as [string, string], ...more].filter(([name]) => !findProgram(name))
  if (missing.length === 0) return true
  t.fail(missing.map(([name, pkg]) => missingProgramMessage(name, pkg)).join('; '))
  return false
}
