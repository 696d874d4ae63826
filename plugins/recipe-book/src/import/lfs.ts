/**
 * LFS to a tck book. A package is a page with a `sect1info` (product name, version, URL); a
 * product the book builds more than once (binutils in chapters 5, 6 and 8) becomes one package
 * with a pass per build. Checksums come from the book's package and patch lists. Chapters 5–7
 * (the temporary tools) are one strict sequence, as the book prescribes; from chapter 8 on, the
 * dependencies are those of Appendix C (its test-suite ones as `check`), each met by the latest build of that package before this
 * one in the book — which is how the book breaks its cycles — and every chapter-8 package needs
 * the temporary system finished first.
 */
import {join} from 'node:path'
import type {Element} from 'domhandler'
import {childElements, elements, loadDocbook, text} from './docbook.js'
import {commandsOf, staged, type Command} from './commands.js'
import {hostRequirements} from './lfs-host.js'
import type {ImportedBook, ImportedPackage} from './write.js'

interface Occurrence {
  name: string
  display: string
  version: string
  url: string
  page: Element
  temporary: boolean
}

const clean = (value: string) => value.replace(/\s+/g, ' ').trim()

function occurrences(root: Element): Occurrence[] {
  const found: Occurrence[] = []
  for (const page of elements(root, 'sect1')) {
    const info = childElements(page, 'sect1info')[0]
    const product = info && clean(text(childElements(info, 'productname')[0] ?? []))
    const version = info && clean(text(childElements(info, 'productnumber')[0] ?? []))
    const title = clean(text(childElements(page, 'title')[0] ?? []))
    // A page that uses a package without building it ("Using GRUB to Set Up the Boot Process") names no version.
    if (!product || !version || !title.includes(version)) continue
    found.push({
      name: product.replace(/-pass\d$/, '').toLowerCase(),
      // "Linux-6.14.6 API Headers", "Udev from Systemd-257.3", "GCC-14.2.0 - Pass 1": as Appendix C names them.
      display: clean(title.replace(`-${version}`, '').replace(` ${version}`, '').replace(/ - Pass \d+$/, '').replace(/ from .*$/, '')),
      version,
      url: clean(text(childElements(info, 'address')[0] ?? [])).replace(/([^:])\/\//g, '$1/'),
      page,
      temporary: page.attribs.id.startsWith('ch-tools-'),
    })
  }
  return found
}

/** Every "Download: URL / MD5 sum: X" entry of the book (its package and patch lists). */
function checksums(root: Element): Map<string, {url: string; md5?: string}> {
  const byFile = new Map<string, {url: string; md5?: string}>()
  for (const entry of elements(root, 'varlistentry')) {
    const url = elements(entry, 'ulink')
      .map((link) => link.attribs.url)
      .find((candidate) => /\.(tar\.\w+|tgz|patch)$/.test(candidate ?? ''))
    if (!url) continue
    const md5 = /MD5 sum:\s*([0-9a-f]{32})/.exec(text(entry))?.[1]
    byFile.set(url.split('/').pop()!, {url: url.replace(/([^:])\/\//g, '$1/'), md5})
  }
  return byFile
}

/** Appendix C: `acl-depends` → "Attr, Bash, ..., and Texinfo", by the package's display name. */
function appendixDependencies(root: Element): Map<string, {build: string[]; runtime: string[]; tests: string[]}> {
  const found = new Map<string, {build: string[]; runtime: string[]; tests: string[]}>()
  const appendix = elements(root, 'appendix').find((element) => element.attribs.id === 'appendixc')
  if (!appendix) return found
  const names = (list: Element | undefined) =>
    list ? clean(text(elements(list, 'seg'))).split(/,\s*|\s+and\s+/).map((name) => name.replace(/^and\s+/, '').trim()).filter((name) => name && name !== 'None') : []
  for (const head of elements(appendix, 'bridgehead')) {
    const id = head.attribs.id?.replace(/-dep$/, '')
    if (!id) continue
    const list = (suffix: string) => elements(appendix, 'segmentedlist').find((element) => element.attribs.id === `${id}-${suffix}`)
    found.set(clean(text(head)).toLowerCase(), {build: names(list('depends')), runtime: names(list('rundeps')), tests: names(list('testdeps'))})
  }
  return found
}

const isCheck = (command: Command) => command.remap === 'test'

function scriptOf(occurrence: Occurrence): {commands: Command[]; script: string; check?: string} {
  const sections = childElements(occurrence.page, 'sect2').filter((section) => !['package', 'content'].includes(section.attribs.role))
  const commands = commandsOf(sections)
  let installing = false
  const script = commands
    .filter((command) => !isCheck(command))
    .map((command) => {
      installing ||= command.remap === 'install'
      // Chapter 8 on runs in the book's chroot and installs into /; a tck package installs into $DESTDIR.
      return !occurrence.temporary && installing && !['configure', 'make', 'pre'].includes(command.remap ?? '') ? staged(command.text) : command.text
    })
  return {commands, script: script.join('\n\n'), check: commands.filter(isCheck).map((command) => command.text).join('\n') || undefined}
}

/** The book's Contents list: installed programs and libraries, as paths to check once installed. */
function contents(occurrence: Occurrence): string[] {
  const section = childElements(occurrence.page, 'sect2').find((element) => element.attribs.role === 'content')
  if (!section || occurrence.temporary) return []
  const files: string[] = []
  for (const list of elements(section, 'segmentedlist')) {
    const titles = elements(list, 'segtitle').map((title) => clean(text(title)))
    elements(list, 'seg').forEach((seg, index) => {
      const items = clean(text(seg).replace(/\([^)]*\)/g, '')).split(/,\s*/).filter((item) => /^[\w.+-]+$/.test(item))
      if (titles[index] === 'Installed programs') files.push(...items.map((item) => `usr/bin/${item}`))
      if (titles[index] === 'Installed libraries') files.push(...items.filter((item) => item.endsWith('.so')).map((item) => `usr/lib/${item}`))
    })
  }
  return files
}

const sbuOf = (page: Element) => {
  const said = clean(text(elements(page, 'seg')[0] ?? []))
  const value = /([\d.]+)\s*SBU/.exec(said)?.[1]
  return value ? Number(value) : undefined
}

export function importLfs(dir: string, options: {revision?: 'sysv' | 'systemd'} = {}): ImportedBook {
  const book = loadDocbook(join(dir, 'index.xml'), {revision: options.revision})
  const warnings = [...book.warnings]
  const found = occurrences(book.root)
  const files = checksums(book.root)
  const appendix = appendixDependencies(book.root)
  const passes = new Map<string, number>()
  for (const occurrence of found) passes.set(occurrence.name, (passes.get(occurrence.name) ?? 0) + 1)
  const byDisplay = new Map(found.map((occurrence) => [occurrence.display.toLowerCase(), occurrence.name]))
  const built: Array<{name: string; key: string}> = []
  const packages: ImportedPackage[] = []
  let lastTemporary: string | undefined
  const seen = new Map<string, number>()
  for (const occurrence of found) {
    const pass = (seen.get(occurrence.name) ?? 0) + 1
    seen.set(occurrence.name, pass)
    const multi = passes.get(occurrence.name)! > 1
    const key = multi && pass < passes.get(occurrence.name)! ? `${occurrence.name}:${pass}` : occurrence.name
    const {script, check} = scriptOf(occurrence)
    const own = occurrence.url.split('/').pop()!
    const sources = [{url: occurrence.url, md5: files.get(own)?.md5}]
    for (const [file, entry] of files) if (file !== own && script.includes(file)) sources.push({url: entry.url, md5: entry.md5})
    const latest = (name: string) => [...built].reverse().find((candidate) => candidate.name === name)?.key
    const required: string[] = []
    const runtime: string[] = []
    const forTests: string[] = []
    const entry = appendix.get(occurrence.display.toLowerCase())
    if (occurrence.temporary || !entry) {
      if (built.length > 0) required.push(built.at(-1)!.key)
    } else {
      if (lastTemporary) required.push(lastTemporary)
      for (const [names, into] of [[entry.build, required], [entry.runtime, runtime], [entry.tests, forTests]] as const) {
        for (const display of names) {
          const name = byDisplay.get(display.toLowerCase())
          const met = name && latest(name)
          if (met) {
            if (!into.includes(met) && met !== key) into.push(met)
          } else if (into === required) {
            warnings.push(`${key}: Appendix C lists ${display}, which the book builds only later; the book's order leaves it to the host`)
          }
        }
      }
    }
    packages.push({
      header: {
        name: occurrence.name,
        version: occurrence.version,
        pass: multi ? pass : undefined,
        description: clean(text(childElements(occurrence.page, 'title')[0] ?? [])),
        sources,
        depends: {required, runtime, check: forTests},
        check,
        files: contents(occurrence),
        sbu: sbuOf(occurrence.page),
      },
      script,
    })
    built.push({name: occurrence.name, key})
    if (occurrence.temporary) lastTemporary = key
  }
  const release = book.entities.parameter.get('relnum')
  return {
    header: {
      book: 'lfs',
      version: release && 'value' in release ? release.value : undefined,
      description: 'Linux From Scratch, imported by tck book import lfs',
      mirrors: ['upstream'],
      // The book's unit: the build time of the first pass of binutils.
      sbu: packages[0] ? (passes.get(packages[0].header.name)! > 1 ? `${packages[0].header.name}:1` : packages[0].header.name) : undefined,
      env: {LFS_TGT: 'x86_64-lfs-linux-gnu'},
      host: hostRequirements(book.root),
    },
    packages,
    warnings,
  }
}
