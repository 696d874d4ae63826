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
import {isTag, type Element} from 'domhandler'
import {childElements, elements, loadDocbook, text} from './docbook.js'
import {commandsOf, staged, type Command} from './commands.js'
import type {ImportedBook, ImportedPackage} from './write.js'

type Kind = 'required' | 'recommended' | 'optional' | 'runtime' | 'check'
const strength: Record<Kind, number> = {required: 4, recommended: 3, check: 2, optional: 1, runtime: 0}

interface Found {
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

/** `GLib-2.84.1`, `Kea 2.6.2 DHCP Server`, `libcap-2.76 with PAM`. */
const versionIn = (title: string) => /[-\s](\d[\w+~-]*(?:\.[\w+~-]+)*)(?=$|\s)/.exec(title)?.[1]

function titleOf(element: Element): string {
  return text(childElements(element, 'title')[0] ?? []).replace(/\s+/g, ' ').trim()
}

function sourcesOf(info: Element | undefined): NonNullable<ImportedPackage['header']['sources']> {
  const sources: NonNullable<ImportedPackage['header']['sources']> = []
  if (!info) return sources
  let optional = false
  for (const node of elements(info, ['listitem', 'emphasis'])) {
    const said = text(node).replace(/\s+/g, ' ').trim()
    if (node.name === 'emphasis') {
      // "Patch for Log Level Selection (Optional)" heads the downloads that follow it.
      if (node.attribs.role === 'strong') optional = /\(optional\)/i.test(said)
      continue
    }
    const url = elements(node, 'ulink')[0]?.attribs.url?.trim()
    const md5 = /MD5 sum:\s*([0-9a-f]{32})/i.exec(said)?.[1]
    if (md5 && sources.length > 0 && !sources.at(-1)!.md5) sources.at(-1)!.md5 = md5
    if (!url || optional || /^Optional/i.test(said) || /^Download \(FTP\)/.test(said)) continue
    if (/^(Download( \(HTTP\))?|Required patch|Recommended patch|Patch)/i.test(said) && /^(https?|ftp):\/\//.test(url)) sources.push({url})
  }
  return sources
}

const isCheck = (command: Command) => command.remap === 'test' || /^(make|ninja|meson)\s+(-k\s+)?(check|test)\b/.test(command.text)

/** A patch the book calls optional is not among the sources, so the line applying it is left commented out. */
function withoutOptionalPatches(command: string, files: Set<string>): string {
  return command
    .split('\n')
    .map((line) => {
      const patch = /\bpatch\b.*?-i\s+\S*?([^/\s]+\.patch)/.exec(line)?.[1]
      if (!patch || files.has(patch)) return line
      return `# tck: ${patch} is optional in the book and not among the sources; add it to apply it\n# ${line}`
    })
    .join('\n')
}

function scriptOf(found: Found, sources: Array<{url?: string}>): {script: string; check?: string} {
  const files = new Set(sources.map((source) => source.url?.split('/').pop() ?? ''))
  const commands = commandsOf(found.install).filter((command) => command.remap !== 'doc')
  const checks = commands.filter(isCheck)
  const script = commands.filter((command) => !isCheck(command)).map((command) => withoutOptionalPatches(command.root ? staged(command.text) : command.text, files))
  return {script: script.join('\n\n'), check: checks.map((command) => command.text).join('\n') || undefined}
}

/** Every element id of the book, mapped to the package it belongs to or to the chapter it names. */
function linkTargets(root: Element, packages: Found[]) {
  const owner = new Map<Element, string>()
  for (const found of packages) owner.set(found.element, found.id)
  const targets = new Map<string, {package?: string; chapter?: string}>()
  const walk = (element: Element, current?: string) => {
    const mine = owner.get(element) ?? current
    if (element.attribs.id && !targets.has(element.attribs.id)) targets.set(element.attribs.id, mine ? {package: mine} : {chapter: element.attribs.id})
    for (const child of childElements(element)) walk(child, mine)
  }
  walk(root)
  return targets
}

function dependenciesOf(found: Found, targets: ReturnType<typeof linkTargets>, virtuals: Set<string>, warnings: string[]) {
  const kinds = new Map<string, Kind>()
  const first = new Set<string>()
  const circular = new Set<string>()
  const paragraphs = found.info ? elements(found.info, 'para').filter((para) => ['required', 'recommended', 'optional'].includes(para.attribs.role)) : []
  for (const para of paragraphs) {
    // "Recommended (required for the test suite)": a dependency of the tests only.
    const forTests = /test suite|for (the )?tests/i.test(headingBefore(para))
    for (const xref of elements(para, 'xref')) {
      if (xref.attribs.role === 'nodep') continue
      const target = targets.get(xref.attribs.linkend)
      const name = target?.package ?? target?.chapter
      if (!name) {
        warnings.push(`${found.id}: link to ${xref.attribs.linkend}, which the book does not define`)
        continue
      }
      if (name === found.id) continue
      if (target?.chapter) virtuals.add(name)
      // An optional runtime dependency (polkit's authentication agent) stays optional.
      const note = noteAfter(xref)
      const kind: Kind =
        (xref.attribs.role === 'runtime' || /^\s*\(runtime\)/.test(note)) && para.attribs.role !== 'optional' ? 'runtime' : forTests && para.attribs.role !== 'optional' ? 'check' : (para.attribs.role as Kind)
      if (!kinds.has(name) || strength[kind] > strength[kinds.get(name)!]) kinds.set(name, kind)
      if (xref.attribs.role === 'first') first.add(name)
      if (/circular/i.test(note) && para.attribs.role !== 'optional') {
        const order = builtFirst(note, found.id, name)
        if (order === 'dependency') first.add(name)
        if (order === 'this') circular.add(name)
      }
    }
  }
  return {kinds, first, circular}
}

/**
 * Which package a "circular" note says to build first: "You must build libva first without
 * mesa's EGL..." (on mesa's page: the dependency), "build freetype, then harfbuzz, then reinstall
 * freetype" (on freetype2's page: this one). Names are compared without their trailing digits.
 */
function builtFirst(note: string, self: string, dependency: string): 'this' | 'dependency' | undefined {
  const after = /\bbuild\b([\s\S]*)/i.exec(note)?.[1].toLowerCase()
  if (!after) return undefined
  const at = (name: string) => after.indexOf(name.toLowerCase().replace(/\d+$/, ''))
  const dependencyAt = at(dependency)
  const selfAt = [at(self), after.indexOf('this package')].filter((position) => position >= 0).sort((a, b) => a - b)[0] ?? -1
  if (dependencyAt >= 0 && (selfAt < 0 || dependencyAt < selfAt)) return 'dependency'
  return selfAt >= 0 ? 'this' : undefined
}

/** The bridgehead a dependency paragraph follows ("Recommended", "Required (for the test suite)"). */
function headingBefore(para: Element): string {
  for (let node = para.prev; node; node = node.prev) if (isTag(node)) return node.name === 'bridgehead' ? text(node) : ''
  return ''
}

/** The prose after a link up to the next one: "(circular: build freetype, then harfbuzz, then reinstall freetype)". */
function noteAfter(xref: Element): string {
  let said = ''
  for (let node = xref.next; node && !(isTag(node) && node.name === 'xref'); node = node.next) said += text(node)
  return said
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
