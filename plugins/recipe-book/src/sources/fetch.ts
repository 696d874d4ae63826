/**
 * A package's sources through the host's download manager (verified by SHA-256, resumable, tried
 * mirror by mirror, offline from its cache), with the book's mirrors in the book's order:
 * `upstream` (the source's own URL), a URL prefix or a directory where files are found by name,
 * and `debian` (Debian's source archive, asked only when the others did not deliver).
 */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Book, Package, Source} from '../book/model.js'
import {bookError, tckApi} from '../runtime.js'
import {poolAlternatives} from './apt-mirrors.js'
import {debianSourceFiles} from './debian.js'

export interface FetchedSource {
  file: string
  path: string
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

function urlsFor(book: Book, projectRoot: string, source: Source): string[] {
  return book.mirrors.flatMap((mirror) => {
    switch (mirror.kind) {
      case 'upstream':
        return source.url ? [source.url] : []
      case 'url':
        return [mirror.url + encodeURIComponent(source.file)]
      case 'dir':
        return [pathToFileURL(join(resolve(projectRoot, book.dir), mirror.path, source.file)).href]
      case 'debian':
        return []
    }
  })
}

async function fromDebian(pkg: Package, source: Source): Promise<string[] | undefined> {
  const files = await debianSourceFiles(source.debian ?? pkg.name)
  const url = files.find((file) => file.sha256 === source.sha256)?.url
  return url ? poolAlternatives(url) : undefined
}

export async function fetchSources(book: Book, projectRoot: string, pkg: Package, signal?: AbortSignal): Promise<FetchedSource[]> {
  const {toolchains} = tckApi()
  const fetched: FetchedSource[] = []
  for (const source of pkg.sources) {
    const label = `${pkg.name} ${pkg.version}: source ${source.file}`
    if (!source.sha256) {
      throw bookError('CHECKSUM_MISMATCH', `${label} has no sha256${source.md5 ? ' (only the book\'s md5)' : ''}: tck downloads nothing it cannot verify`, `Add its SHA-256 to ${pkg.location.file}:${pkg.location.line}, or import with --sources debian.`)
    }
    const request = {urls: urlsFor(book, projectRoot, source), sha256: source.sha256, label, signal}
    let downloaded
    try {
      downloaded = await toolchains.download(request)
    } catch (error) {
      const code = (error as {code?: string}).code
      if (!book.mirrors.some((mirror) => mirror.kind === 'debian') || code === 'OFFLINE' || (code === 'CHECKSUM_MISMATCH' && request.urls.length > 0)) throw error
      const urls = await fromDebian(pkg, source)
      if (!urls) throw bookError('DOWNLOAD_FAILED', `${label}: Debian's source package ${source.debian ?? pkg.name} has no file with SHA-256 ${source.sha256}`, 'Debian may ship another version now; re-import with --sources debian, or give the upstream URL.')
      downloaded = await toolchains.download({...request, urls})
    }
    if (source.md5 && (await md5Of(downloaded.path)) !== source.md5) {
      throw bookError('CHECKSUM_MISMATCH', `${label}: its SHA-256 matches, but not the book's md5 ${source.md5}`, `One of the two sums in ${pkg.location.file}:${pkg.location.line} is wrong.`)
    }
    fetched.push({file: source.file, path: downloaded.path})
  }
  return fetched
}
