/**
 * BLFS dependencies: the links of a package's dependency paragraphs, by kind, and what the notes
 * beside them say ("(runtime)", "circular: build X first", "required for the test suite").
 */
import {isTag, type Element} from 'domhandler'
import {childElements, elements, text} from './docbook.js'
import type {Found, Kind} from './blfs.js'

const strength: Record<Kind, number> = {required: 4, recommended: 3, check: 2, optional: 1, runtime: 0}

/** Every element id of the book, mapped to the package it belongs to or to the chapter it names. */
export function linkTargets(root: Element, packages: Found[]) {
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

export function dependenciesOf(found: Found, targets: ReturnType<typeof linkTargets>, virtuals: Set<string>, warnings: string[]) {
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
        (xref.attribs.role === 'runtime' || /^\s*\(runtime\)/.test(note)) && para.attribs.role !== 'optional' ? 'runtime' : (forTests || /^\s*\((needed |required )?(for|by) (the |some )?tests?\b/i.test(note)) && para.attribs.role !== 'optional' ? 'check' : (para.attribs.role as Kind)
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
