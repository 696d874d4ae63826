/**
 * A DocBook book split over many files, read as one tree: each file's DTD (its internal subset and
 * the entity files it pulls in) expands that file's entities, `xi:include` elements are replaced
 * by the files (or the one xpointer form the LFS book uses) they name, and elements profiled for
 * another revision (`revision="systemd"` when reading the sysv book) or architecture are dropped,
 * as the books' own profile.xsl does.
 */
import {dirname, resolve} from 'node:path'
import {parseDocument} from 'htmlparser2'
import type {AnyNode, Element} from 'domhandler'
import {findAll, findOne, getChildren, isTag, replaceElement, removeElement, textContent} from 'domutils'
import {entityTable, processDtd, readCached, type EntityTable} from './dtd.js'

export interface DocbookOptions {
  revision?: 'sysv' | 'systemd'
  arch?: string
}

export interface Docbook {
  root: Element
  /** Entities of the top file, e.g. packages.ent's versions, for importers. */
  entities: EntityTable
  warnings: string[]
}

/** DocBook's ISO entity sets, as far as the books use them (the DocBook DTD itself is not read). */
const iso: Record<string, string> = {
  nbsp: '\u00a0', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', copy: '\u00a9', reg: '\u00ae', trade: '\u2122',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', times: '\u00d7', deg: '\u00b0', eacute: '\u00e9',
  aacute: '\u00e1', rArr: '\u21d2', le: '\u2264', ge: '\u2265', AElig: '\u00c6', oacute: '\u00f3', uuml: '\u00fc', ouml: '\u00f6', auml: '\u00e4', szlig: '\u00df', ccedil: '\u00e7',
}
const predefined = new Set(['amp', 'lt', 'gt', 'quot', 'apos'])

function expandGeneral(text: string, table: EntityTable, unknown: Set<string>, depth = 0): string {
  if (depth > 30) return text
  return text.replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => {
    if (predefined.has(name)) return whole
    const entity = table.general.get(name)
    if (!entity) {
      if (iso[name]) return iso[name]
      unknown.add(name)
      return `&amp;${name};`
    }
    const value = 'value' in entity ? entity.value : (readCached(entity.file) ?? '')
    return expandGeneral(value, table, unknown, depth + 1)
  })
}

/** Splits `<!DOCTYPE name ... [subset]>` off a document, processing the subset into `table`. */
function takeDoctype(text: string, file: string, table: EntityTable): string {
  const start = text.indexOf('<!DOCTYPE')
  if (start < 0) return text
  let at = start + 9
  while (at < text.length && text[at] !== '[' && text[at] !== '>') {
    if (text[at] === '"' || text[at] === "'") at = text.indexOf(text[at], at + 1) + 1
    else at++
  }
  if (text[at] === '[') at = processDtd(text, dirname(file), table, at + 1) + 1
  const close = text.indexOf('>', at)
  return text.slice(0, start) + text.slice(close + 1)
}

/** `xpointer(/sect1/sect2[1]/para[1])`: a path of element names with 1-based positions. */
function selectXpointer(root: Element, pointer: string): Element | undefined {
  const path = /^xpointer\((.*)\)$/.exec(pointer)?.[1]
  if (!path) return undefined
  let current: Element | undefined
  for (const step of path.split('/').filter(Boolean)) {
    const [, name, index] = /^([\w:-]+)(?:\[(\d+)\])?$/.exec(step) ?? []
    if (!name) return undefined
    const candidates: Element[] = current ? getChildren(current).filter((node): node is Element => isTag(node) && node.name === name) : root.name === name ? [root] : []
    current = candidates[Number(index ?? 1) - 1]
    if (!current) return undefined
  }
  return current
}

function profiledOut(element: Element, options: Required<DocbookOptions>): boolean {
  const {revision, arch} = element.attribs
  if (revision && !revision.split(';').includes(options.revision)) return true
  if (arch && !arch.split(';').includes(options.arch)) return true
  return false
}

interface Loader {
  options: Required<DocbookOptions>
  warnings: string[]
  /** Entities no DTD declares (the books' generated version.ent), by the first file that uses them. */
  unknown: Map<string, string>
  stack: string[]
}

function loadFile(file: string, loader: Loader, table: EntityTable): Element | 'profiled-out' | undefined {
  const text = readCached(file)
  if (text === undefined) {
    loader.warnings.push(`cannot read ${file}`)
    return undefined
  }
  const unknown = new Set<string>()
  // Entities are not references inside comments and CDATA sections: those are kept as written.
  const body = takeDoctype(text, file, table)
    .split(/(<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, index) => (index % 2 === 1 ? part : expandGeneral(part, table, unknown)))
    .join('')
  for (const name of unknown) if (!loader.unknown.has(name)) loader.unknown.set(name, file)
  const document = parseDocument(body, {xmlMode: true})
  const root = document.children.find(isTag)
  if (!root) return undefined
  // A whole file profiled for the other revision (LFS's systemd.xml in the sysv book) includes as nothing.
  if (profiledOut(root, loader.options)) return 'profiled-out'
  for (const element of findAll((node) => profiledOut(node, loader.options), [root])) removeElement(element)
  for (const include of findAll((node) => node.name === 'xi:include', [root])) resolveInclude(include, file, loader)
  return root
}

function resolveInclude(include: Element, from: string, loader: Loader): void {
  const href = include.attribs.href
  if (!href) return removeElement(include)
  const target = resolve(dirname(from), href)
  if (include.attribs.parse === 'text') {
    const text = readCached(target) ?? ''
    return replaceElement(include, parseDocument(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'), {xmlMode: true}).children[0] as Element)
  }
  if (loader.stack.includes(target)) {
    loader.warnings.push(`${from}: include cycle through ${target}`)
    return removeElement(include)
  }
  loader.stack.push(target)
  // Each file's own DTD applies to it; the sysv/systemd switches are the book's, set up front.
  const included = loadFile(target, loader, entityTable(switches(loader.options)))
  loader.stack.pop()
  if (included === 'profiled-out') return removeElement(include)
  const selected = included && include.attribs.xpointer ? selectXpointer(included, include.attribs.xpointer) : included
  if (!selected) {
    loader.warnings.push(`${from}: nothing to include from ${href}${include.attribs.xpointer ? ` ${include.attribs.xpointer}` : ''}`)
    return removeElement(include)
  }
  replaceElement(include, selected)
}

/** The parameter entities the books' generated conditional.ent would define. */
function switches(options: Required<DocbookOptions>): Record<string, string> {
  return {sysv: options.revision === 'sysv' ? 'INCLUDE' : 'IGNORE', systemd: options.revision === 'systemd' ? 'INCLUDE' : 'IGNORE'}
}

export function loadDocbook(index: string, options: DocbookOptions = {}): Docbook {
  const resolved = {revision: options.revision ?? 'sysv', arch: options.arch ?? 'x86_64'}
  const loader: Loader = {options: resolved, warnings: [], unknown: new Map(), stack: [resolve(index)]}
  const entities = entityTable(switches(resolved))
  const root = loadFile(resolve(index), loader, entities)
  if (!root || root === 'profiled-out') throw new Error(`${index} holds no document element`)
  if (loader.unknown.size > 0) {
    const names = [...loader.unknown].map(([name, file]) => `&${name}; (${file})`)
    loader.warnings.push(`entities no DTD declares, left as text: ${names.join(', ')}`)
  }
  return {root, entities, warnings: loader.warnings}
}

/** Text of an element as a reader sees it: entities decoded, whitespace kept. */
export const text = (node: AnyNode | AnyNode[]): string => textContent(node)

/** Elements named `name` (or any of `name`, a list) at or below `root`; `*` for every element. */
export const elements = (root: AnyNode | AnyNode[], name: string | string[]): Element[] =>
  findAll((node) => name === '*' || node.name === name || (Array.isArray(name) && name.includes(node.name)), Array.isArray(root) ? root : [root])

export const first = (root: AnyNode | AnyNode[], test: (element: Element) => boolean): Element | null => findOne(test, Array.isArray(root) ? root : [root])

export const childElements = (element: Element, name?: string): Element[] =>
  getChildren(element).filter((node): node is Element => isTag(node) && (name === undefined || node.name === name))
