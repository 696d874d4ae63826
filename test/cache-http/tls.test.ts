import test from 'ava'
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Store} from '../../core/store/store.js'
import {tempDir} from '../helpers/cli.js'
import {startNginx, type Nginx} from '../helpers/nginx.js'
import {blob, openFsLevel} from '../cache-fs/helpers.js'
import {openHttpLevel} from './helpers.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'nginx', 'nginx', ['openssl', 'openssl']) })

// A private CA (openssl) signs nginx's certificate for 127.0.0.1: only a client given the CA trusts it.
const pki = tempDir('tck-pki-')
const file = (name: string) => join(pki, name)
const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: ['ignore', 'ignore', 'pipe']})
const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

let nginx: Nginx
test.before(async () => {
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=tck test CA')
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1')
  writeFileSync(file('ext'), 'subjectAltName=IP:127.0.0.1\n')
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext'))
  nginx = await startNginx({tls: {cert: file('server.pem'), key: file('server.key')}})
})
test.after.always(async () => {
  await nginx?.stop()
})

test('https with a custom CA from TCK_REMOTE_CACHE_CA round-trips blobs', async (t) => {
  const level = openHttpLevel(nginx.url, {}, {TCK_REMOTE_CACHE_CA: file('ca.pem')})
  try {
    const {data, digest} = blob(70_000)
    await level.putBlob(digest, data)
    t.true((await level.getBlob(digest))?.equals(data))
  } finally {
    await level.close()
  }
})

test('without the CA the certificate is refused and the store goes on without the level, warning once', async (t) => {
  const warnings: string[] = []
  const store = new Store([openFsLevel(), openHttpLevel(nginx.url, {retries: 0})], {warn: (message) => warnings.push(message)})
  try {
    const {data, digest} = blob(1234)
    await store.putBlob(digest, data)
    t.true((await store.getBlob(digest))?.equals(data))
    t.is(await store.getAction(blob(1).digest), undefined)
    t.is(warnings.length, 1)
    t.regex(warnings[0], /unreachable after 1 attempt: .*(certificate|self.signed|issuer)/i)
  } finally {
    await store.close()
  }
})
