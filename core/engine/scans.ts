/**
 * What one build learned of the files compilers read, so that each compile does not learn it
 * again: what a file's text says — its `#include` directives (search.ts) and the first volatile
 * word it uses (reads.ts), by the file's content digest — and which shadowing names were absent.
 * Every compile that includes a header asks all of it: a cold build of 200 sources that include
 * GLib read and scanned the same hundred headers 200 times over and stat'ed the same few thousand
 * absent names, most of tck's own CPU in that build (bench/compile.bench.js).
 *
 * A file not yet scanned is read once; its scan is remembered only when the bytes read have the
 * digest asked by (a file edited since it was digested is scanned again next time). Only absence
 * is remembered of a name: a name that appears later in the build was absent when the compile that
 * asked ran (else the compiler would have read it), so it only makes the next build check again.
 * Kept in memory only: a section of the build's state that is never written.
 */
import {readFileSync, statSync} from 'node:fs'
import {sha256} from '../io/digest.js'
import type {ProjectState, StateSection} from './state.js'

export interface Directive {
  name: string
  quoted: boolean
}

interface Scan {
  text: string
  directives?: Directive[]
  /** Per list of words asked: the first one the text uses, or undefined. */
  uses: Map<string, string | undefined>
}

const DIRECTIVE = /^[ \t]*#[ \t]*include(?:_next)?[ \t]*([<"])([^>"\n]+)[>"]|__has_include(?:_next)?[ \t]*\([ \t]*([<"])([^>")\n]+)[>"]/gm

export class ReadsSeen implements StateSection {
  readonly dirty = false
  readonly #scans = new Map<string, Scan>()
  readonly #absent = new Set<string>()

  static open(state: ProjectState): Promise<ReadsSeen> {
    return state.section('reads-seen', async () => new ReadsSeen())
  }

  /** True when `path` names nothing the compiler could open (a dangling link included), as found now or earlier in this build. */
  absent(path: string): boolean {
    if (this.#absent.has(path)) return true
    if (statSync(path, {throwIfNoEntry: false})) return false
    this.#absent.add(path)
    return true
  }

  /** Each `#include` and `__has_include` of the file at `path`, whose content has `digest`. */
  directives(path: string, digest: string): Directive[] {
    const scan = this.#scan(path, digest)
    if (!scan) return []
    scan.directives ??= [...scan.text.matchAll(DIRECTIVE)].map((match) => ({quoted: (match[1] ?? match[3]) === '"', name: (match[2] ?? match[4]).trim()}))
    return scan.directives
  }

  /** The first of `words` (as matched by `pattern`) the file uses, or undefined. */
  uses(path: string, digest: string, words: string[], pattern: RegExp): string | undefined {
    const scan = this.#scan(path, digest)
    if (!scan) return undefined
    const asked = words.join(' ')
    if (!scan.uses.has(asked)) scan.uses.set(asked, words.some((word) => scan.text.includes(word)) ? pattern.exec(scan.text)?.[1] : undefined)
    return scan.uses.get(asked)
  }

  #scan(path: string, digest: string): Scan | undefined {
    const known = this.#scans.get(digest)
    if (known) return known
    let data: Buffer
    try {
      data = readFileSync(path)
    } catch {
      return undefined
    }
    const scan: Scan = {text: data.toString('latin1'), uses: new Map()}
    if (sha256(data) === digest) this.#scans.set(digest, scan)
    return scan
  }

  async save(): Promise<void> {}
}
