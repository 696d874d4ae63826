/** Copies a fixture project into a temp dir so tests can build and edit it freely. */
import {cpSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {repoRoot, tempDir} from './cli.js'

export function copyFixture(name: string): string {
  const dir = join(tempDir('tck-project-'), name)
  cpSync(join(repoRoot, 'fixtures', name), dir, {recursive: true, filter: (path) => !path.includes('/out')})
  return dir
}

export function projectWith(files: Record<string, string>): string {
  const dir = tempDir('tck-project-')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}
