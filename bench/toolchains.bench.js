// Toolchains: secure extraction of a toolchain-shaped tar.xz (tck's TS tar reader over the xz CLI,
// every entry checked) next to GNU tar extracting the same archive; and a verified, resumable
// download from a loopback server next to a plain undici GET written to disk (no hashing, no lock).
// ratio = tck / peer (times: below 1 is better; rates: above 1 is better).
import {execFileSync} from 'node:child_process'
import {createHash, randomBytes} from 'node:crypto'
import {createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pipeline} from 'node:stream/promises'
import {request} from 'undici'

const root = new URL('..', import.meta.url).pathname
const {extractArchive} = await import(join(root, 'dist/core/io/extract.js'))
const {download} = await import(join(root, 'dist/core/io/download.js'))

const work = mkdtempSync(join(tmpdir(), 'tck-bench-toolchains-'))
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1]
async function time(fn, runs = 3) {
  const samples = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await fn(run)
    samples.push(performance.now() - started)
  }
  return median(samples)
}

/** 4,000 files of C-like text in 200 directories, plus symbolic links: the shape of a toolchain's include/ and lib/. */
function makeArchive() {
  const tree = join(work, 'tree', 'tc-1.0')
  const line = 'static inline int tck_bench_function(const char *name, size_t length) { return (int)length; }\n'
  for (let dir = 0; dir < 200; dir++) {
    mkdirSync(join(tree, `include/d${dir}`), {recursive: true})
    for (let file = 0; file < 20; file++) writeFileSync(join(tree, `include/d${dir}/h${file}.h`), line.repeat(40 + file * 10))
  }
  mkdirSync(join(tree, 'bin'))
  writeFileSync(join(tree, 'bin/cc'), randomBytes(8 << 20))
  execFileSync('ln', ['-s', 'cc', join(tree, 'bin/gcc')])
  const archive = join(work, 'tc.tar.xz')
  execFileSync('tar', ['-cJf', archive, '-C', join(work, 'tree'), 'tc-1.0'], {env: {...process.env, XZ_OPT: '-T0 -1'}})
  return archive
}

export default async function run() {
  const rows = []
  try {
    const archive = makeArchive()
    const tck = await time((run) => extractArchive(archive, join(work, `tck-${run}`), {stripComponents: 1}))
    const tar = await time(async (run) => {
      mkdirSync(join(work, `tar-${run}`))
      execFileSync('tar', ['-xJf', archive, '-C', join(work, `tar-${run}`), '--strip-components=1'])
    })
    rows.push({name: 'extract 4,000-file tar.xz (checked, atomic)', value: Math.round(tck), unit: 'ms', peer: 'GNU tar -xJf', peerValue: Math.round(tar), ratio: tck / tar})

    const body = randomBytes(64 << 20)
    const sha256 = createHash('sha256').update(body).digest('hex')
    const server = createServer((_, response) => response.writeHead(200, {'content-length': body.length}).end(body))
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${server.address().port}/tc`
    const mib = body.length / 1048576
    const ours = await time((run) => download({urls: [url], sha256}, {cacheDir: join(work, `dl-${run}`), progress: 'none'}))
    const plain = await time(async (run) => {
      const response = await request(url)
      await pipeline(response.body, createWriteStream(join(work, `plain-${run}`)))
    })
    server.close()
    rows.push({name: 'download 64 MiB, SHA-256 verified while streaming', value: mib / (ours / 1000), unit: 'MiB/s', peer: 'undici GET to a file', peerValue: mib / (plain / 1000), ratio: plain / ours})
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
  return rows
}
