/**
 * Every metadata file read and parsed once per process, shared by every recipe and worker that
 * includes or inherits it, and the list of files that were read (for the parse cache's keys).
 */
import {readFileSync, statSync} from 'node:fs'
import {parseMetadata} from './parse.js'
import type {ParsedFile} from './statements.js'

export class FileCache {
  private parsed = new Map<string, ParsedFile | null>()

  /** The parsed file, or undefined when it does not exist (or is not a regular file). */
  get(path: string): ParsedFile | undefined {
    let found = this.parsed.get(path)
    if (found === undefined) {
      found = read(path)
      this.parsed.set(path, found)
    }
    return found ?? undefined
  }

  get size(): number {
    return this.parsed.size
  }
}

function read(path: string): ParsedFile | null {
  try {
    if (!statSync(path).isFile()) return null
    return parseMetadata(path, readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}
