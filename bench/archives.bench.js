// tck's hand-written tar reader (core/io/archive/tar.ts) against node-tar 7's Parser
// (bench/node-tar-reader.js), both writing through the same SafeTree: first the archive attacks
// (each must be refused; the archives are the tests' own, from test/toolchains/archives.ts),
// then speed on the same decompressed tar held in memory, so only the readers differ: once with
// every entry skipped (the parsers alone) and once extracted. The trees go to tmpfs (/dev/shm)
// when there is one: this machine's ext4 with `discard` swung file creation tenfold between runs.
// ratio = hand-written / node-tar (attacks refused: above 1 is better; times: below 1 is better).
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {tsImport} from 'tsx/esm/api'
import {bestOfTurns} from './measure.js'
import {extractTarWithNodeTar} from './node-tar-reader.js'

const root = new URL('..', import.meta.url).pathname
const {extractTar} = await import(join(root, 'dist/core/io/archive/tar.js'))
const {SafeTree} = await import(join(root, 'dist/core/io/archive/tree.js'))
const {asArchiveError} = await import(join(root, 'dist/core/io/archive/errors.js'))
const {paxRecord, tar} = await tsImport(join(root, 'test/toolchains/archives.ts'), import.meta.url)

const readers = {'hand-written': extractTar, 'node-tar 7': extractTarWithNodeTar}
const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tck-bench-archives-'))
let runs = 0

async function* chunks(data, size = 1 << 20) {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size)
}

/** 'refused' (an ARCHIVE_* error), 'extracted', or the error code of anything else. */
async function outcome(read, data, limit = {bytes: 16 * 2 ** 30, source: 'default'}) {
  const dir = join(work, `run-${runs++}`)
  mkdirSync(dir)
  const tree = new SafeTree(dir, 'attack', 0, limit)
  try {
    await read(chunks(data), tree)
    return 'extracted'
  } catch (error) {
    const failure = asArchiveError(error, tree.label, tree.current)
    return failure.code.startsWith('ARCHIVE_') ? 'refused' : failure.code
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

const long = (name) => [{name: '././@LongLink', type: 'longname', body: `${name}\0`}, {name: 'x', body: 'x'}]
const cut = tar([{name: 'ok', body: 'ok'}, {name: 'huge', body: 'short', size: 1 << 30}])
const badSum = tar([{name: 'a', body: 'a'}, {name: 'b', body: 'b'}])
badSum[1024 + 10] ^= 1
const attacks = {
  'absolute path': tar([{name: '/tmp/tck-evil', body: 'x'}]),
  '".." path': tar([{name: 'ok/../../evil', body: 'x'}]),
  'symbolic link out': tar([{name: 'a/link', type: 'symlink', link: '../../etc'}]),
  'absolute symbolic link': tar([{name: 'etc', type: 'symlink', link: '/etc'}]),
  'link chain out': tar([{name: 'd1/d2/', type: 'dir'}, {name: 'd1/d2/b', type: 'symlink', link: '../..'}, {name: 'd1/d2/up', type: 'symlink', link: 'b/../..'}]),
  'dangling link chain out': tar([{name: 'd1/d2/', type: 'dir'}, {name: 'd1/d2/b', type: 'symlink', link: '../..'}, {name: 'd1/d2/up', type: 'symlink', link: 'b/../../missing'}]),
  'symbolic link loop': tar([{name: 'a', type: 'symlink', link: 'b'}, {name: 'b', type: 'symlink', link: 'a'}]),
  'write through a link': tar([{name: 'lib', type: 'symlink', link: '.'}, {name: 'lib/x', body: 'x'}]),
  'hard link out': tar([{name: 'passwd', type: 'hardlink', link: '../../../../etc/passwd'}]),
  'absolute hard link': tar([{name: 'passwd', type: 'hardlink', link: '/etc/passwd'}]),
  'character device': tar([{name: 'dev/null', type: 'char'}]),
  'block device': tar([{name: 'dev/sda', type: 'block'}]),
  FIFO: tar([{name: 'pipe', type: 'fifo'}]),
  'NUL in a header name': tar([{name: 'bin/evil\0.txt', body: 'x'}]),
  'NUL in a GNU long name': tar(long('bin/evil\0.txt')),
  'NUL in a pax path': tar([{name: 'PaxHeaders/x', type: 'pax', body: paxRecord('path', 'bin/evil\0.txt')}, {name: 'x', body: 'x'}]),
  'GNU sparse file': tar([{name: 'bin/cc', type: 'sparse', body: 'x'}]),
  'pax sparse file': tar([{name: 'PaxHeaders/cc', type: 'pax', body: paxRecord('GNU.sparse.major', '1') + paxRecord('GNU.sparse.name', 'bin/cc')}, {name: 'GNUSparseFile.0/cc', body: 'x'}]),
  'name too long for the file system': tar(long(`pkg/${'n'.repeat(300)}/file`)),
  'size past the end': cut,
  'bad header checksum': badSum,
  '2 MiB GNU long name': tar(long('n/'.repeat(1 << 20))),
}
const bomb = tar([{name: 'zeros', body: Buffer.alloc(64 << 20)}])

/** Archives both must read the same: GNU tar's gnu and pax formats (long names and links), a base-256 size. */
function legitimate() {
  const source = join(work, 'legit', 'tc')
  const deep = `${'a-long-directory-name/'.repeat(6)}a-file-name-that-pushes-the-path-past-one-hundred-characters.h`
  mkdirSync(join(source, deep, '..'), {recursive: true})
  writeFileSync(join(source, deep), 'deep\n')
  writeFileSync(join(source, 'empty'), '')
  execFileSync('ln', ['-s', deep, join(source, 'shortcut')])
  execFileSync('ln', [join(source, deep), join(source, 'hard')])
  const archives = Object.fromEntries(['gnu', 'pax'].map((format) => [
    `GNU tar --format=${format}`,
    execFileSync('tar', ['-cf', '-', `--format=${format}`, '-C', join(source, '..'), 'tc'], {maxBuffer: 1 << 26}),
  ]))
  const base256 = tar([{name: 'tc/big-field', body: 'sized in base 256'}])
  base256.fill(0, 124, 136)
  base256[124] = 0x80
  base256[135] = 'sized in base 256'.length
  base256.fill(0x20, 148, 156)
  let sum = 0
  for (let index = 0; index < 512; index++) sum += base256[index]
  base256.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  archives['a base-256 size field'] = base256
  return archives
}

/** What a tree holds: each path with its kind and content or link target. */
function listing(dir, prefix = '') {
  return readdirSync(join(dir, prefix), {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const rel = join(prefix, entry.name)
    if (entry.isDirectory()) return [`${rel}/`, ...listing(dir, rel)]
    if (entry.isSymbolicLink()) return [`${rel} -> ${readlinkSync(join(dir, rel))}`]
    return [`${rel}: ${readFileSync(join(dir, rel), 'utf8')}`]
  })
}

async function extracted(read, data) {
  const dir = join(work, `legit-${runs++}`)
  mkdirSync(dir)
  await read(chunks(data), new SafeTree(dir, 'legit'))
  return listing(dir).join('\n')
}

/** The shape of a toolchain: many small headers in a few hundred directories, one big binary, links. */
function toolchainTar(files, bytesEach) {
  const tree = join(work, `tree-${files}`, 'tc-1.0')
  const line = 'static inline int tck_bench_function(const char *name, size_t length) { return (int)length; }\n'
  for (let dir = 0; dir < files / 20; dir++) {
    mkdirSync(join(tree, `include/d${dir}`), {recursive: true})
    for (let file = 0; file < 20; file++) writeFileSync(join(tree, `include/d${dir}/h${file}.h`), line.repeat(Math.ceil(bytesEach / line.length)))
  }
  mkdirSync(join(tree, 'bin'))
  writeFileSync(join(tree, 'bin/cc'), randomBytes(8 << 20))
  execFileSync('ln', ['-s', 'cc', join(tree, 'bin/gcc')])
  return execFileSync('tar', ['-cf', '-', '-C', join(tree, '..'), 'tc-1.0'], {maxBuffer: 1 << 30})
}

/** Best of 5 turns each; `strip` 1 extracts the tree, 99 skips every entry (no file is written). */
async function timed(data, strip) {
  const sides = Object.values(readers).map((read) => async () => {
    const dir = join(work, `speed-${runs++}`)
    mkdirSync(dir)
    await read(chunks(data), new SafeTree(dir, 'bench', strip))
    rmSync(dir, {recursive: true, force: true})
  })
  return bestOfTurns(sides, 5)
}

export default async function run() {
  const rows = []
  try {
    const results = Object.fromEntries(Object.keys(readers).map((name) => [name, {}]))
    for (const [name, read] of Object.entries(readers)) {
      for (const [attack, data] of Object.entries(attacks)) results[name][attack] = await outcome(read, data)
      results[name]['64 MiB bomb, 16 MiB cap'] = await outcome(read, bomb, {bytes: 16 << 20, source: 'option'})
    }
    const names = Object.keys(results['hand-written'])
    const refused = (name) => names.filter((attack) => results[name][attack] === 'refused')
    const through = names.filter((attack) => results['node-tar 7'][attack] !== 'refused').map((attack) => `${attack}: ${results['node-tar 7'][attack]}`)
    const ours = refused('hand-written').length
    const theirs = refused('node-tar 7').length
    rows.push({name: `tar attacks refused (of ${names.length})`, value: ours, unit: 'attacks', peer: 'node-tar 7 Parser + SafeTree', peerValue: theirs, ratio: Number((ours / theirs).toFixed(2)), note: `node-tar lets through: ${through.join('; ') || 'none'}`})
    const missed = names.filter((attack) => results['hand-written'][attack] !== 'refused')
    if (missed.length) rows.push({name: `hand-written reader lets through: ${missed.join('; ')}`})

    const legit = legitimate()
    const same = []
    for (const [name, data] of Object.entries(legit)) {
      const [mine, theirs] = [await extracted(extractTar, data), await extracted(extractTarWithNodeTar, data)]
      if (mine === theirs) same.push(name)
    }
    const differ = Object.keys(legit).filter((name) => !same.includes(name))
    rows.push({name: `well-formed archives both read to the same tree (of ${Object.keys(legit).length})`, value: same.length, unit: 'archives', note: differ.length ? `differ: ${differ.join('; ')}` : ''})

    for (const [files, bytes] of [[4000, 4000], [20000, 100]]) {
      const data = toolchainTar(files, bytes)
      const shape = `${(data.length / 2 ** 20).toFixed(0)} MiB tar, ${files.toLocaleString('en-US')} files + 8 MiB binary, from memory`
      for (const [what, strip] of [['read (every entry skipped)', 99], ['extract', 1]]) {
        const [mine, theirs] = await timed(data, strip)
        for (const measure of ['wall', 'cpu']) {
          const name = `${what}: ${shape} (${measure === 'wall' ? 'wall' : 'CPU time'})`
          rows.push({name, value: Math.round(mine[measure]), unit: 'ms', peer: 'node-tar 7 Parser + SafeTree', peerValue: Math.round(theirs[measure]), ratio: Number((mine[measure] / theirs[measure]).toFixed(2))})
        }
      }
    }
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
  return rows
}
