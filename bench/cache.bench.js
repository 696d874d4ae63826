// Store levels: cache-fs and cache-http put/get per second for 4 KiB and 1 MiB blobs, 8 operations
// in flight (a build with -j 8). Side by side with the floor of each: plain fs writes/reads of the
// same bytes (no compression, no verification, no rename) and plain undici PUT/GET against the
// same nginx (no hashing). ratio = tck / peer: what compression, verification and atomicity cost.
import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Pool} from 'undici'

const root = new URL('..', import.meta.url).pathname
const {runtime} = await import(join(root, 'dist/core/runtime.js'))
const {FsLevel} = await import(join(root, 'plugins/cache-fs/dist/level.js'))
const {HttpLevel} = await import(join(root, 'plugins/cache-http/dist/level.js'))
const {readSettings} = await import(join(root, 'plugins/cache-http/dist/settings.js'))

const IN_FLIGHT = 8
const sizes = [
  {label: '4 KiB', size: 4096, count: 3000},
  {label: '1 MiB', size: 1 << 20, count: 150},
]

/** Text-like content (ratio ≈ 3-4 with zstd), distinct per blob so every put really writes. */
function blobs(size, count) {
  const words = ['static', 'int', 'return', 'struct', 'void', 'const', 'char', '*ptr', '{', '}', ';', 'if', 'for', '0x1f', 'size_t']
  let seed = size
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8)
  return Array.from({length: count}, (_, index) => {
    const parts = [`/* blob ${index} */\n`]
    let length = parts[0].length
    while (length < size) {
      const word = `${words[random() % words.length]}${random() % 7 === 0 ? '\n' : ' '}`
      parts.push(word)
      length += word.length
    }
    const data = Buffer.from(parts.join('').slice(0, size))
    return {data, digest: createHash('sha256').update(data).digest('hex')}
  })
}

async function inFlight(items, operation) {
  let next = 0
  await Promise.all(Array.from({length: IN_FLIGHT}, async () => {
    while (next < items.length) await operation(items[next++])
  }))
}

/** Operations per second over `items`, after a warm-up on other items (JIT, connections, shard dirs). */
async function perSecond({warm, items}, operation) {
  await inFlight(warm, operation)
  const started = performance.now()
  await inFlight(items, operation)
  return items.length / ((performance.now() - started) / 1000)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Debian's nginx with WebDAV on 127.0.0.1, in a private prefix (as test/helpers/nginx.ts). */
async function startNginx(prefix) {
  const port = await freePort()
  for (const dir of ['data', 'body']) mkdirSync(join(prefix, dir), {recursive: true})
  writeFileSync(join(prefix, 'nginx.conf'), `${process.getuid() === 0 ? 'user root;' : ''}
worker_processes 2; daemon off; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/p; fastcgi_temp_path ${prefix}/f;
  uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s; client_max_body_size 0; keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; root ${prefix}/data; location / { dav_methods PUT DELETE; create_full_put_path on; } } }
`)
  const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], {stdio: 'ignore'})
  const pool = new Pool(`http://127.0.0.1:${port}`)
  for (let wait = 0; ; wait++) {
    try {
      await (await pool.request({path: '/', method: 'HEAD', reset: false})).body.dump()
      break
    } catch (error) {
      if (wait > 100) throw new Error(`nginx did not start: ${readFileSync(join(prefix, 'error.log'), 'utf8')}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {url: `http://127.0.0.1:${port}/`, pool, stop: async () => {
    await pool.close()
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }}
}

function row(name, value, peer, peerValue) {
  return {name, value: Math.round(value), unit: 'ops/s', peer, peerValue: Math.round(peerValue), ratio: Number((value / peerValue).toFixed(2))}
}

const ROUNDS = 3
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * Each round puts fresh blobs and gets them back, tck and peer one after the other, so a burst
 * of load on a shared machine hits both sides alike; the median round is reported.
 */
async function sideBySide(rounds, tck, peer) {
  const results = {tckPut: [], tckGet: [], peerPut: [], peerGet: []}
  for (const round of rounds) {
    results.peerPut.push(await perSecond(round.peer, peer.put))
    results.tckPut.push(await perSecond(round.tck, tck.put))
    results.peerGet.push(await perSecond(round.peer, peer.get))
    results.tckGet.push(await perSecond(round.tck, tck.get))
  }
  return Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)]))
}

export default async function run() {
  const work = mkdtempSync(join(tmpdir(), 'tck-bench-cache-'))
  const rows = []
  const nginx = await startNginx(join(work, 'nginx'))
  try {
    for (const {label, size, count} of sizes) {
      const per = count / ROUNDS
      const all = blobs(size, Math.ceil(per * 2.5) * ROUNDS)
      const slice = (from) => ({warm: all.slice(from, from + per / 4), items: all.slice(from + per / 4, from + per * 1.25)})
      const rounds = Array.from({length: ROUNDS}, (_, index) => ({tck: slice(index * per * 2.5), peer: slice(index * per * 2.5 + per * 1.25)}))

      const level = new FsLevel(runtime, {dir: join(work, `fs-${size}`), readOnly: false, compression: 'zstd', level: 3})
      const plainDir = join(work, `plain-${size}`)
      mkdirSync(plainDir)
      const fs = await sideBySide(
        rounds,
        {put: ({data, digest}) => level.putBlob(digest, data), get: ({digest}) => level.getBlob(digest)},
        {put: ({data, digest}) => writeFile(join(plainDir, digest), data), get: ({digest}) => readFile(join(plainDir, digest))},
      )
      rows.push(row(`cache-fs put ${label}`, fs.tckPut, 'plain writeFile', fs.peerPut))
      rows.push(row(`cache-fs get ${label}`, fs.tckGet, 'plain readFile', fs.peerGet))

      const http = new HttpLevel(runtime, readSettings(runtime, {url: `${nginx.url}tck-${size}/`}, {}))
      const raw = (method, digest, body) =>
        nginx.pool.request({path: `/raw-${size}/cas/${digest}`, method, body, reset: false}).then((response) => response.body.arrayBuffer())
      const remote = await sideBySide(
        rounds,
        {put: ({data, digest}) => http.putBlob(digest, data), get: ({digest}) => http.getBlob(digest)},
        {put: ({data, digest}) => raw('PUT', digest, data), get: ({digest}) => raw('GET', digest)},
      )
      await http.close()
      rows.push(row(`cache-http put ${label} (nginx)`, remote.tckPut, 'plain undici PUT', remote.peerPut))
      rows.push(row(`cache-http get ${label} (nginx)`, remote.tckGet, 'plain undici GET', remote.peerGet))
    }
  } finally {
    await nginx.stop()
    rmSync(work, {recursive: true, force: true})
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run())
