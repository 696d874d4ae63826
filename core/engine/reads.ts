/**
 * Every file a compiler read, and every place it looked: the second half of a compile task's key,
 * the way ccache's direct mode keeps it. The compiler lists what it read (make-rule depfiles:
 * headers, system ones included; libraries and linker scripts); the list is kept in the store
 * under the task's base key, so the next build — on this machine or another sharing the cache —
 * hashes exactly those files before it looks for the result. A manifest keeps the last few sets
 * (headers switched back and forth find their earlier result again, as ccache's do).
 *
 * A file found in a search directory would have been shadowed by the same name in any directory
 * searched before it; those names are recorded as `absent` (search.ts). If one appears, the
 * include (or `-l`) could now resolve elsewhere, so the manifest no longer says what the command
 * reads and the task runs again. The search lists come from the compiler plugin (`-I`,
 * `-isystem`, its defaults, `-L`).
 */
import {readFileSync, statSync, type BigIntStats} from 'node:fs'
import {isAbsolute, relative, resolve} from 'node:path'
import type {CommandReads} from '../contracts/compiler.js'
import type {ExecRequest, KeyPart} from '../contracts/task.js'
import {sha256} from '../io/digest.js'
import type {DigestCache} from '../io/digest-cache.js'
import type {ReadsSeen} from './scans.js'
import type {Store} from '../store/store.js'
import {LIBRARY, shadowingNames} from './search.js'
import {contentOf} from './tools.js'

// 3: the assembler's reads are listed too (gcc), so a set kept by 2 may lack a .incbin file.
const FORMAT = 'tck-reads/3'
/** Read sets kept per base key, newest first. */
const KEPT = 8

/** What one run of a command read: files (by path, from the root when inside it) and names that must stay absent. */
export interface ReadSet {
  files: string[]
  absent: string[]
}

export interface ReadsManifest {
  format: typeof FORMAT
  sets: ReadSet[]
}

/** The prerequisites of make rules as compilers and linkers write them: `target: a.c b.h \` with `\ ` for spaces. */
export function parseDepfile(text: string, cwd: string): string[] {
  const files: string[] = []
  for (const rule of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const colon = rule.search(/:(\s|$)/)
    if (colon < 0) continue
    const words = rule.slice(colon + 1).match(/(?:\\.|[^\s\\])+/g) ?? []
    for (const word of words) if (word !== '-') files.push(resolve(cwd, word.replace(/\\(.)/g, '$1').replace(/\$\$/g, '$')))
  }
  return files
}

/** What a build knows of the files a command read: each one's digest, and what the build has seen of them (scans.ts). */
export interface Contents {
  digestOf(path: string, info?: BigIntStats): Promise<string>
  seen: ReadsSeen
}

/** Each file's digest asked once: the reads of one finished command are looked at three ways. */
export function contentsOnce(digests: DigestCache, seen: ReadsSeen): Contents {
  const known = new Map<string, Promise<string>>()
  const digestOf = (path: string, info?: BigIntStats) => {
    let digest = known.get(path)
    if (!digest) known.set(path, (digest = contentOf(digests, path, info)))
    return digest
  }
  return {digestOf, seen}
}

/** After a run: the files the depfiles list and the names that must stay absent for them to be found again. */
export async function readSetOf(reads: CommandReads, depfiles: string[], cwd: string, root: string, contents: Contents): Promise<ReadSet | undefined> {
  let anyListing = false
  const files = new Map<string, BigIntStats>()
  for (const depfile of depfiles) {
    let text: string
    try {
      text = readFileSync(depfile, 'utf8')
    } catch {
      continue // a link-only command writes no compile depfile
    }
    anyListing = true
    const listed = reads.listing?.parse ? reads.listing.parse(text).map((file) => resolve(cwd, file)) : parseDepfile(text, cwd)
    // A file gone by now was the command's own temporary (gcc's /tmp/cc*.o): nothing to key.
    for (const file of listed) {
      const info = files.has(file) ? undefined : statSync(file, {bigint: true, throwIfNoEntry: false})
      if (info) files.set(file, info)
    }
  }
  // Nothing listed at all: the compiler did not do what was asked, so what it read is unknown.
  if (!anyListing) return undefined
  const sources = await sourceDigests([...files.keys()], contents, files)
  const absolute = (dirs: string[]) => dirs.map((dir) => resolve(cwd, dir))
  const lists = {quote: absolute(reads.search.quote), angle: absolute(reads.search.angle), libraries: absolute(reads.search.libraries)}
  const shadowing = shadowingNames(files.keys(), lists, (file) => contents.seen.directives(file, sources.get(file)!))
  const absent = [...shadowing].filter((name) => !files.has(name) && contents.seen.absent(name))
  return {files: [...files.keys()].map((file) => fromRoot(root, file)).sort(), absent: absent.map((name) => fromRoot(root, name)).sort()}
}

/** The digests of what the preprocessor read (not the libraries the linker read), by path. */
const sourceDigests = async (files: string[], contents: Contents, stats?: Map<string, BigIntStats>) =>
  new Map(await Promise.all(files.filter((file) => !LIBRARY.test(file)).map(async (file) => [file, await contents.digestOf(file, stats?.get(file))] as const)))

/**
 * Why a run that read `set` (and its stdin) depends on when it ran: the first file that uses one of
 * the command's volatile words (`__TIME__`) not pinned by the request's environment; undefined when
 * none does. The words are macros, so only what the preprocessor read can use them: the libraries
 * the linker read (megabytes, for a GLib script) are not searched.
 */
export async function volatileRead(reads: CommandReads, set: ReadSet, root: string, request: Pick<ExecRequest, 'env' | 'stdin'>, contents: Contents): Promise<string | undefined> {
  const words = (reads.volatile ?? []).filter(({pinnedBy}) => !(pinnedBy && request.env[pinnedBy] !== undefined)).map(({word}) => word)
  if (words.length === 0) return undefined
  const pattern = new RegExp(`(?<![\\w$])(${words.join('|')})(?![\\w$])`)
  if (Buffer.isBuffer(request.stdin)) {
    const text = request.stdin.toString('latin1')
    const used = words.some((word) => text.includes(word)) ? pattern.exec(text)?.[1] : undefined
    if (used) return `its input uses ${used}`
  }
  for (const [path, digest] of await sourceDigests(set.files.map((file) => resolve(root, file)), contents)) {
    const used = contents.seen.uses(path, digest, words, pattern)
    if (used) return `${fromRoot(root, path)} uses ${used}`
  }
  return undefined
}

/** A path inside the root by its path from the root (shareable across checkouts), else as it is. */
export function fromRoot(root: string, path: string): string {
  // Normal absolute paths without path.relative: a cold build asks this of every file each compile read.
  if (isNormal(path) && isNormal(root)) {
    const prefix = root === '/' ? root : `${root}/`
    return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : path
  }
  const inside = relative(root, path)
  return inside && inside !== '..' && !inside.startsWith('../') && !isAbsolute(inside) ? inside : path
}

/** Absolute, no `.` or `..` component, no empty one, no trailing slash (except `/` itself). */
const isNormal = (path: string) => path.startsWith('/') && (path === '/' || !/\/\.\.?(\/|$)|\/\/|\/$/.test(path))

/** The manifest with `set` first, an identical older one dropped, and no more than a few kept. */
export function withSet(manifest: ReadsManifest | undefined, set: ReadSet): ReadsManifest {
  const same = JSON.stringify(set)
  const older = (manifest?.sets ?? []).filter((kept) => JSON.stringify(kept) !== same)
  return {format: FORMAT, sets: [set, ...older].slice(0, KEPT)}
}

/** Where a base key's manifest is kept in the store: an action of its own. */
export const readsKey = (baseKey: string) => sha256(`reads\0${baseKey}`)

const MANIFEST_FILE = 'reads.json'

export async function saveManifest(store: Store, baseKey: string, manifest: ReadsManifest): Promise<void> {
  const data = Buffer.from(JSON.stringify(manifest))
  const digest = sha256(data)
  await store.putBlob(digest, data)
  await store.putAction(readsKey(baseKey), {
    outputs: [{path: MANIFEST_FILE, digest, size: data.length, mode: 0o644}],
    exitCode: 0,
    createdAt: new Date().toISOString(),
    durationMs: 0,
  })
}

const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string')
const isSet = (value: unknown): value is ReadSet => strings((value as ReadSet)?.files) && strings((value as ReadSet)?.absent)

function isManifest(value: unknown): value is ReadsManifest {
  const {format, sets} = (value ?? {}) as Record<string, unknown>
  return format === FORMAT && Array.isArray(sets) && sets.every(isSet)
}

/** The manifest of the last run with this base key; undefined when none is kept (or it is damaged). */
export async function loadManifest(store: Store, baseKey: string): Promise<ReadsManifest | undefined> {
  const action = await store.getAction(readsKey(baseKey))
  const entry = action?.outputs?.find?.((output) => output.path === MANIFEST_FILE)
  const data = entry && (await store.getBlob(entry.digest))
  if (!data) return undefined
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'))
    return isManifest(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/**
 * The key parts of what a read set says was read — each file by content — or why they cannot be
 * had: a name that must be absent now exists (an include may resolve elsewhere).
 */
export async function readParts(set: ReadSet, root: string, digestOf: (path: string) => Promise<string>, exists: (path: string) => boolean): Promise<KeyPart[] | {stale: string}> {
  for (const name of set.absent) {
    if (exists(resolve(root, name))) return {stale: `${name} now exists and may shadow what the last run read`}
  }
  return Promise.all(set.files.map(async (file): Promise<KeyPart> => ({kind: 'read', name: file, value: await digestOf(resolve(root, file))})))
}
