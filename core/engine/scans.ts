/**
 * What one build learned of the files compilers read, so that each compile does not learn it
 * again: what a file's text says — its `#include` directives (search.ts) and the first volatile
 * word it uses (reads.ts), by the file's content digest — and which shadowing names were absent.
 * Every compile that includes a header asks all of it: a cold build of 200 sources that include
 * GLib read and scanned the same hundred headers 200 times over and stat'ed the same few thousand
 * absent names, most of tck's own CPU in that build (bench/compile.bench.js).
 *
 * A file is read when something not yet known of it is asked (its directives, then its words);
 * what it says is remembered only when the bytes read have the digest asked by (a file edited
 * since it was digested is read again next time), and its text is not kept. Only absence
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

/** What is known of one content: its directives, and per list of words asked the first one it uses. */
interface Scan {
  directives?: Directive[]
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
    const known = this.#scans.get(digest)?.directives
    if (known) return known
    const read = this.#read(path, digest)
    if (!read) return []
    const directives = [...read.text.matchAll(DIRECTIVE)].map((match) => ({quoted: (match[1] ?? match[3]) === '"', name: (match[2] ?? match[4]).trim()}))
    if (read.scan) read.scan.directives = directives
    return directives
  }

  /** The first of `words` (as matched by `pattern`) the file uses, or undefined. */
  uses(path: string, digest: string, words: string[], pattern: RegExp): string | undefined {
    const asked = words.join(' ')
    const known = this.#scans.get(digest)?.uses
    if (known?.has(asked)) return known.get(asked)
    const read = this.#read(path, digest)
    if (!read) return undefined
    const used = words.some((word) => read.text.includes(word)) ? pattern.exec(read.text)?.[1] : undefined
    read.scan?.uses.set(asked, used)
    return used
  }

  /** The file's text, and where to remember what it says when it has the digest asked by. The text is not kept: a large build's distinct headers run to hundreds of megabytes. */
  #read(path: string, digest: string): {text: string; scan?: Scan} | undefined {
    let data: Buffer
    try {
      data = readFileSync(path)
    } catch {
      return undefined
    }
    if (sha256(data) !== digest) return {text: data.toString('latin1')}
    let scan = this.#scans.get(digest)
    if (!scan) this.#scans.set(digest, (scan = {uses: new Map()}))
    return {text: data.toString('latin1'), scan}
  }

  async save(): Promise<void> {}
}
