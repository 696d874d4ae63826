/**
 * A project's state under `.tck/` (file digests, compiler detections, task durations, key
 * manifests, and any plugin's own sections): opened once per build, each section read on first
 * use, and written once, when the build ends or is interrupted — each changed file atomically
 * (temp file + rename). Everything in it is a cache of facts tck can establish again: a section
 * that is missing, damaged or of another format reads as empty, never as an error.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {atomicWriteFile} from '../io/atomic.js'
import {log} from '../log.js'

/** One piece of state: knows whether it changed and how to write itself. */
export interface StateSection {
  readonly dirty: boolean
  /** Writes the section into the state directory; afterwards it is clean. */
  save(dir: string): Promise<void>
}

/** A section that is one JSON file, `<name>.json`. */
export class JsonSection<T> implements StateSection {
  #dirty = false

  constructor(
    readonly name: string,
    public value: T,
  ) {}

  get dirty(): boolean {
    return this.#dirty
  }

  /** Replaces the value, or says it was changed in place. */
  set(value: T = this.value): void {
    this.value = value
    this.#dirty = true
  }

  async save(dir: string): Promise<void> {
    await atomicWriteFile(join(dir, `${this.name}.json`), JSON.stringify(this.value))
    this.#dirty = false
  }
}

export class ProjectState {
  readonly #sections = new Map<string, Promise<StateSection>>()

  /** `dir`: the project's `.tck/`, or where a script run keeps its state. */
  constructor(readonly dir: string) {}

  /** The parsed JSON of `<name>.json`, or undefined when it is missing or not JSON. */
  async read(name: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${name}.json`), 'utf8'))
    } catch {
      return undefined
    }
  }

  /** A section by name, opened once per build by `open` (which usually calls `read`). */
  section<S extends StateSection>(name: string, open: (state: ProjectState) => Promise<S>): Promise<S> {
    let section = this.#sections.get(name)
    if (!section) this.#sections.set(name, (section = open(this)))
    return section as Promise<S>
  }

  /** A JSON section: `parse` turns what was saved into a value (undefined: start from `empty`). */
  json<T>(name: string, parse: (saved: unknown) => T | undefined, empty: () => T): Promise<JsonSection<T>> {
    return this.section(name, async (state) => new JsonSection(name, parse(await state.read(name)) ?? empty()))
  }

  /** Writes every changed section. A section that cannot be written only costs establishing its facts again. */
  async save(): Promise<void> {
    for (const [name, opening] of this.#sections) {
      const section = await opening.catch(() => undefined)
      if (!section?.dirty) continue
      try {
        await section.save(this.dir)
      } catch (error) {
        log.warn(`could not save ${join(this.dir, name)}: ${(error as Error).message}`)
      }
    }
  }
}
