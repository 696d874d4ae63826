/**
 * The part of DTD processing the LFS and BLFS books need: entity declarations (general and
 * parameter, internal and SYSTEM), parameter-entity references that pull in other files, and
 * conditional sections (INCLUDE/IGNORE). Element and attribute declarations are skipped: tck
 * reads the books, it does not validate them. The first declaration of a name wins, as in XML.
 *
 * Measured on the BLFS corpus: resolving every page this way takes a few seconds, where the book's
 * own xsltproc + xmllint --postvalid route takes about 2 min 15 s of CPU (and Debian packages).
 */
import {readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

export type Entity = {value: string; base: string} | {file: string}

export interface EntityTable {
  general: Map<string, Entity>
  parameter: Map<string, Entity>
  /** Files named by a declaration that could not be read (the books' generated version.ent, ...). */
  missing: Set<string>
}

export function entityTable(predefined: Record<string, string> = {}): EntityTable {
  const parameter = new Map<string, Entity>(Object.entries(predefined).map(([name, value]) => [name, {value, base: ''}]))
  return {general: new Map(), parameter, missing: new Set()}
}

const fileCache = new Map<string, string | undefined>()

export function readCached(file: string): string | undefined {
  if (!fileCache.has(file)) {
    try {
      fileCache.set(file, readFileSync(file, 'utf8').replace(/^<\?xml[^>]*\?>/, ''))
    } catch {
      fileCache.set(file, undefined)
    }
  }
  return fileCache.get(file)
}

/** `%name;` references inside an entity value or a conditional keyword. */
function expandParameters(text: string, table: EntityTable, depth = 0): string {
  if (depth > 20) return text
  return text.replace(/%([A-Za-z_][\w.-]*);/g, (whole, name: string) => {
    const entity = table.parameter.get(name)
    if (!entity) return whole
    const value = 'value' in entity ? entity.value : (readCached(entity.file) ?? '')
    return expandParameters(value, table, depth + 1)
  })
}

function characterReferences(text: string): string {
  return text.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_, code: string) => String.fromCodePoint(code[0] === 'x' ? parseInt(code.slice(1), 16) : Number(code)))
}

/**
 * Processes DTD text from `start`; returns the index just past where it stopped: the end of the
 * text, or a `]` that closes an internal subset (`]>`) at the top level.
 */
export function processDtd(text: string, base: string, table: EntityTable, start = 0, depth = 0): number {
  let at = start
  const conditions: boolean[] = []
  while (at < text.length) {
    if (text.startsWith('<!--', at)) {
      at = end(text, '-->', at)
    } else if (text.startsWith('<![', at)) {
      const open = text.indexOf('[', at + 3)
      const keyword = expandParameters(text.slice(at + 3, open), table).trim()
      if (keyword === 'INCLUDE' && conditions.every(Boolean)) {
        conditions.push(true)
        at = open + 1
      } else {
        at = skipConditional(text, open + 1)
      }
    } else if (text.startsWith(']]>', at) && conditions.length > 0) {
      conditions.pop()
      at += 3
    } else if (text.startsWith('<!ENTITY', at)) {
      at = declareEntity(text, at, base, table)
    } else if (text.startsWith('<!', at) || text.startsWith('<?', at)) {
      at = endOfDeclaration(text, at)
    } else if (text[at] === '%') {
      const match = /^%([A-Za-z_][\w.-]*);/.exec(text.slice(at, at + 200))
      at += match ? match[0].length : 1
      const entity = match && table.parameter.get(match[1])
      if (entity && depth < 20) {
        if ('file' in entity) {
          includeDtdFile(entity.file, table, depth + 1)
        } else {
          processDtd(entity.value, entity.base, table, 0, depth + 1)
        }
      }
    } else if (text[at] === ']' && conditions.length === 0) {
      return at
    } else {
      at++
    }
  }
  return at
}

interface DtdEffect {
  general: Array<[string, Entity]>
  parameter: Array<[string, Entity]>
  missing: string[]
}

/**
 * What an entity file declares depends only on the parameter entities defined when it is read, so
 * its effect is remembered under them: every BLFS page pulls in general.ent and packages.ent
 * (about 1,200 declarations), and replaying them is what makes reading the book take seconds.
 */
const effects = new Map<string, DtdEffect>()

function includeDtdFile(file: string, table: EntityTable, depth: number): void {
  const parameters = [...table.parameter].map(([name, entity]) => `${name}=${'file' in entity ? `@${entity.file}` : entity.value}`)
  const cacheKey = `${file}\0${parameters.join('\0')}`
  let effect = effects.get(cacheKey)
  if (!effect) {
    const scratch: EntityTable = {general: new Map(table.general), parameter: new Map(table.parameter), missing: new Set()}
    const text = readCached(file)
    if (text === undefined) scratch.missing.add(file)
    else processDtd(text, dirname(file), scratch, 0, depth)
    effect = {
      general: [...scratch.general].slice(table.general.size),
      parameter: [...scratch.parameter].slice(table.parameter.size),
      missing: [...scratch.missing],
    }
    effects.set(cacheKey, effect)
  }
  for (const [name, entity] of effect.general) if (!table.general.has(name)) table.general.set(name, entity)
  for (const [name, entity] of effect.parameter) if (!table.parameter.has(name)) table.parameter.set(name, entity)
  for (const file of effect.missing) table.missing.add(file)
}

function end(text: string, marker: string, from: number): number {
  const found = text.indexOf(marker, from)
  return found < 0 ? text.length : found + marker.length
}

/** Past a nested `<![ ... [ ... ]]>` whose content is ignored. */
function skipConditional(text: string, from: number): number {
  let depth = 1
  let at = from
  while (at < text.length && depth > 0) {
    if (text.startsWith('<![', at)) depth++, (at += 3)
    else if (text.startsWith(']]>', at)) depth--, (at += 3)
    else at++
  }
  return at
}

/** Past a `<!...>` declaration, stepping over quoted strings. */
function endOfDeclaration(text: string, from: number): number {
  let at = from + 2
  while (at < text.length && text[at] !== '>') {
    if (text[at] === '"' || text[at] === "'") at = text.indexOf(text[at], at + 1) + 1 || text.length
    else at++
  }
  return at + 1
}

/** `<!ENTITY [%] name "value">` or `<!ENTITY [%] name SYSTEM|PUBLIC ["pubid"] "file">`, scanned by hand: it runs for every declaration of every page. */
function declareEntity(text: string, at: number, base: string, table: EntityTable): number {
  const stop = endOfDeclaration(text, at)
  const words: string[] = []
  let position = at + 8
  while (position < stop - 1) {
    const char = text[position]
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, position + 1)
      words.push(text.slice(position, close + 1))
      position = close + 1
    } else if (/\s/.test(char)) {
      position++
    } else {
      let word = position
      while (word < stop - 1 && !/[\s"']/.test(text[word])) word++
      words.push(text.slice(position, word))
      position = word
    }
  }
  const isParameter = words[0] === '%'
  const [name, kind, ...rest] = isParameter ? words.slice(1) : words
  const map = isParameter ? table.parameter : table.general
  if (!name || map.has(name)) return stop
  const quoted = (word?: string) => (word && /^["']/.test(word) ? word.slice(1, -1) : undefined)
  if (kind === 'SYSTEM' || kind === 'PUBLIC') {
    const systemId = quoted(kind === 'SYSTEM' ? rest[0] : rest[1])
    if (systemId !== undefined) map.set(name, {file: resolve(base, systemId)})
  } else {
    const raw = quoted(kind)
    if (raw === undefined) return stop
    const value = raw.includes('%') ? expandParameters(raw, table) : raw
    map.set(name, {value: value.includes('&#') ? characterReferences(value) : value, base})
  }
  return stop
}
