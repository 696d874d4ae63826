// The candidate the hand-written tar reader (core/io/archive/tar.ts) is measured against:
// node-tar 7's Parser, in strict mode, feeding the same SafeTree, with every hook node-tar offers
// used to refuse what tck refuses. Only bench/archives.bench.js uses it (see docs/design.md).
import {Parser} from 'tar'

/** Resolves on the first of `events`, then stops listening; never rejects (errors are collected apart). */
function first(emitter, ...events) {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of events) emitter.off(event, done)
      resolve()
    }
    for (const event of events) emitter.on(event, done)
  })
}

const kinds = {
  File: 'file', OldFile: 'file', ContiguousFile: 'file', Directory: 'directory',
  SymbolicLink: 'symlink', Link: 'hardlink', CharacterDevice: 'device', BlockDevice: 'device', FIFO: 'fifo',
}

/** node-tar cuts names at a NUL and drops unknown pax keys; the raw meta text is the only place left to look. */
function checkMeta(text, tree) {
  const records = /^\d+ /.test(text) ? text.split('\n').filter((line) => / (path|linkpath)=/.test(line)) : [text.replace(/\0+$/, '')]
  if (records.some((record) => record.includes('\0'))) throw tree.unsafe(tree.current ?? '?', 'has a NUL byte in its name')
  if (text.includes('GNU.sparse.')) throw tree.unsafe(tree.current ?? '?', 'is a sparse file (GNU tar --sparse), which tck does not extract')
}

async function handle(entry, tree) {
  const kind = kinds[entry.type] ?? 'other'
  const rel = tree.enter(entry.path)
  if (kind === 'device' || kind === 'fifo' || kind === 'other') tree.refuse(kind, entry.path)
  tree.account(512 + Math.ceil(entry.size / 512) * 512)
  if (rel === undefined || kind !== 'file') entry.resume()
  if (rel === undefined) return
  if (kind === 'file') await tree.file(rel, entry.path, entry.mode ?? 0o644, entry, entry.size)
  else if (kind === 'directory') await tree.directory(rel, entry.path)
  else if (kind === 'symlink') tree.symlink(rel, entry.path, entry.linkpath ?? '')
  else await tree.hardlink(rel, entry.path, entry.linkpath ?? '')
}

export async function extractTarWithNodeTar(input, tree) {
  const parser = new Parser({strict: true, zstd: false, brotli: false})
  let failure
  let work = Promise.resolve()
  const fail = (error) => {
    failure ??= error
    parser.abort(error)
  }
  parser.on('error', (error) => (failure ??= error))
  parser.on('meta', (text) => {
    try {
      checkMeta(text, tree)
    } catch (error) {
      fail(error)
    }
  })
  parser.on('ignoredEntry', (entry) => fail(tree.unsafe(entry.path, 'has an entry type tck does not extract')))
  parser.on('entry', (entry) => {
    work = work.then(() => (failure ? entry.resume() : handle(entry, tree))).catch((error) => {
      fail(error)
      entry.resume()
    })
  })
  const ended = first(parser, 'end', 'abort', 'error')
  for await (const chunk of input) {
    if (failure) break
    if (!parser.write(chunk)) await first(parser, 'drain', 'abort', 'error')
  }
  if (!failure) parser.end()
  await ended
  await work
  if (failure) throw failure
  await tree.finish()
}
