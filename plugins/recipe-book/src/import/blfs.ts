/**
 * BLFS to a tck book. A package is a page (`sect1`) with a package section, or a module inside
 * such a page (`sect2` with its own package `sect3`: Python and Perl modules, Xorg drivers).
 * Dependencies come from the `para` roles required / recommended / optional and the `xref`
 * role runtime; `nodep` links are prose, not dependencies. A link to a chapter ("a mail server")
 * becomes a virtual name that every package of that chapter provides. `role="first"` marks the
 * book's broken cycles (harfbuzz needs freetype2 built once without it): the linked package gets
 * a first pass without the dependency that closes the cycle.
 */
import {join} from 'node:path'
import type {Element} from 'domhandler'
import {dependenciesOf, linkTargets} from './blfs-deps.js'
import {scriptOf, sourcesOf, titleOf, versionIn} from './blfs-page.js'
import {commandsOf} from './commands.js'
import {childElements, elements, loadDocbook, text} from './docbook.js'
import type {ImportedBook, ImportedPackage} from './write.js'

export type Kind = 'required' | 'recommended' | 'optional' | 'runtime' | 'check'

export interface Found {
  id: string
  element: Element
  info?: Element
  install: Element[]
}

function packagesOf(root: Element): Found[] {
  const found: Found[] = []
  for (const page of elements(root, 'sect1')) {
    const info = childElements(page, 'sect2').find((section) => section.attribs.role === 'package')
    if (!info || !page.attribs.id) continue
    const modules = childElements(page, 'sect2').filter((section) => section.attribs.id && childElements(section, 'sect3').some((inner) => inner.attribs.role === 'package'))
    for (const module of modules) {
      found.push({
        id: module.attribs.id,
        element: module,
        info: childElements(module, 'sect3').find((inner) => inner.attribs.role === 'package'),
        install: childElements(module, 'sect3').filter((inner) => inner.attribs.role === 'installation'),
      })
    }
    // A page that only introduces its modules (Python Modules) is not a package of its own.
    const install = childElements(page, 'sect2').filter((section) => section.attribs.role === 'installation')
    if (modules.length === 0 || install.length > 0) found.push({id: page.attribs.id, element: page, info, install})
  }
  return found
}

export function importBlfs(dir: string, options: {revision?: 'sysv' | 'systemd'} = {}): ImportedBook {
  const book = loadDocbook(join(dir, 'index.xml'), {revision: options.revision})
  const warnings = [...book.warnings]
  const found = packagesOf(book.root)
  const targets = linkTargets(book.root, found)
  const virtuals = new Set<string>()
  const byId = new Map<string, {item: Found; pkg: ImportedPackage; sources: number}>()
  const firsts: Array<{from: string; to: string}> = []
  for (const item of found) {
    const title = titleOf(item.element)
    const version = versionIn(title) ?? versionIn(item.element.attribs.xreflabel ?? '')
    const {kinds, first, circular} = dependenciesOf(item, targets, virtuals, warnings)
    const depends: Record<Kind, string[]> = {required: [], recommended: [], optional: [], runtime: [], check: []}
    for (const [name, kind] of kinds) depends[kind].push(name)
    for (const to of first) firsts.push({from: item.id, to})
    // "D (circular: build this first, then D, then rebuild this)": D needs a first pass of this one.
    for (const from of circular) firsts.push({from, to: item.id})
    const sbu = /([\d.]+)\s*SBU/.exec(text(item.info ?? []))?.[1]
    const sources = sourcesOf(item.info)
    const {script, check} = scriptOf(item, sources)
    const header = {name: item.id, version: version ?? '0', description: title, sources, depends, check, sbu: sbu ? Number(sbu) : undefined}
    byId.set(item.id, {item, pkg: {header, script}, sources: sources.length})
  }
  // A page without a download is a package only when something depends on it (Xorg's build environment).
  const needed = new Set(
    [...byId.values()].filter(({sources}) => sources > 0).flatMap(({pkg}) => Object.values(pkg.header.depends ?? {}).flat()).filter((name): name is string => Boolean(name)),
  )
  const packages: ImportedPackage[] = []
  for (const {item, pkg, sources} of byId.values()) {
    if (sources === 0 && !needed.has(item.id)) {
      warnings.push(`${item.id}: no download and nothing depends on it, so not a package (${titleOf(item.element)})`)
      continue
    }
    if (pkg.header.version === '0') warnings.push(`${item.id}: "${titleOf(item.element)}" names no version; imported as version 0`)
    packages.push(pkg)
  }
  const names = new Set(packages.map((pkg) => pkg.header.name))
  for (const virtual of virtuals) {
    const chapter = elements(book.root, '*').find((element) => element.attribs.id === virtual)
    const inside = new Set(chapter ? elements(chapter, '*').map((element) => element.attribs.id).filter(Boolean) : [])
    const providers = packages.filter((pkg) => inside.has(pkg.header.name))
    for (const pkg of providers) pkg.header.provides = [...(pkg.header.provides ?? []), virtual]
    if (providers.length > 0 || names.has(virtual) || !chapter) {
      if (providers.length === 0 && !names.has(virtual)) warnings.push(`${virtual}: linked as a dependency, but the book does not define it`)
      continue
    }
    // A section that is no package but holds commands others need first (Xorg's build environment).
    const script = commandsOf([chapter]).map((command) => command.text).join('\n\n')
    if (!script) warnings.push(`${virtual}: linked as a dependency, but the book gives no download or commands for it; imported as a step to do by hand`)
    const byHand = `echo '${virtual}: the book gives no download or commands for this; install it by hand (see its page), then remove this line' >&2\nexit 1`
    packages.push({header: {name: virtual, version: '0', description: titleOf(chapter) || virtual}, script: script || byHand})
    names.add(virtual)
  }
  splitFirstPasses(packages, firsts)
  return {header: {book: 'blfs', description: 'Beyond Linux From Scratch, imported by tck book import blfs', mirrors: ['upstream'], recommended: true, optional: false}, packages, warnings}
}

/** `from` needs `to` built before it, but `to` depends on `from`: `to` gets a first pass without that dependency. */
function splitFirstPasses(packages: ImportedPackage[], firsts: Array<{from: string; to: string}>): void {
  for (const {from, to} of firsts) {
    const index = packages.findIndex((pkg) => pkg.header.name === to && !pkg.header.pass)
    const dependant = packages.find((pkg) => pkg.header.name === from)
    if (index < 0 || !dependant) continue
    const target = packages[index]
    // Only a dependency the build follows by default closes a cycle; an optional one is left to whoever enables it.
    const closes = [target.header.depends?.required, target.header.depends?.recommended].some((names) => names?.includes(from))
    if (!closes) continue
    const without = Object.fromEntries(Object.entries(target.header.depends ?? {}).map(([kind, names]) => [kind, (names ?? []).filter((name) => name !== from)]))
    packages.splice(index, 0, {header: {...target.header, pass: 1, depends: without}, script: target.script})
    target.header.pass = 2
    for (const [kind, names] of Object.entries(dependant.header.depends ?? {})) {
      dependant.header.depends![kind as Kind] = (names ?? []).map((name) => (name === to ? `${to}:1` : name))
    }
  }
}
