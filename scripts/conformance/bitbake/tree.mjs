// The BitBake tree that conformance and the bench run on: BitBake and openembedded-core from the
// corpora tarballs unpacked side by side, a build directory made by oe-init-build-env, and a
// non-root user to run as (OE refuses root). Unpacked once per corpus digest; reused after.
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, appendFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const USER = process.env.TCK_BITBAKE_USER ?? 'tckbitbake'

export function corporaFiles(corpora) {
  const names = readdirSync(corpora)
  const find = (prefix) => {
    const name = names.find((n) => n.startsWith(prefix) && n.endsWith('.tar.zst'))
    if (!name) throw new Error(`no ${prefix}*.tar.zst in ${corpora}`)
    return join(corpora, name)
  }
  return {bitbake: find('bitbake-'), oecore: find('openembedded-core-')}
}

function digestOf(files) {
  const hash = createHash('sha256')
  for (const file of files) hash.update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

const isRoot = () => process.getuid?.() === 0

/** Runs a bash script as the tree's user in oe-init-build-env's environment, in the build dir. */
export function bitbakeScript(tree, script) {
  return `set -e; cd ${tree.oecore}; export LANG=en_US.UTF-8 PYTHONHASHSEED=0 BB_ENV_PASSTHROUGH_ADDITIONS=PYTHONHASHSEED; . ./oe-init-build-env ${tree.build} >/dev/null; ${script}`
}

function userArgv(script) {
  return isRoot() ? ['su', [USER, '-s', '/bin/bash', '-c', script]] : ['bash', ['-c', script]]
}

export function runAs(tree, script, options = {}) {
  const [program, args] = userArgv(bitbakeScript(tree, script))
  const result = spawnSync(program, args, {encoding: 'utf8', maxBuffer: 256 << 20, stdio: options.stdio ?? 'pipe', env: {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME, LANG: 'C.UTF-8'}})
  if (result.status !== 0 && !options.allowFailure) throw new Error(`as ${USER}: ${script}\n${result.stderr ?? ''}${result.stdout ?? ''}`.slice(0, 4000))
  return result
}

/** Starts the script and resolves with its output and wall time (for the bench's timings). */
export function timeAs(tree, script) {
  const [program, args] = userArgv(bitbakeScript(tree, script))
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(program, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME, LANG: 'C.UTF-8'}})
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (out += chunk))
    child.on('exit', (code) => resolve({code, out, seconds: (performance.now() - started) / 1000}))
  })
}

function checkLocale() {
  const locales = spawnSync('locale', ['-a'], {encoding: 'utf8'}).stdout ?? ''
  if (!/en_US\.utf-?8/i.test(locales)) throw new Error('BitBake needs the en_US.UTF-8 locale: install Debian package locales, enable en_US.UTF-8 in /etc/locale.gen and run locale-gen (.ci/run does)')
}

function ensureUser() {
  if (!isRoot()) return
  if (spawnSync('id', [USER]).status === 0) return
  execFileSync('useradd', ['-m', '-s', '/bin/bash', USER])
}

/** The unpacked tree for these corpora, made if missing. */
export function prepareTree(corpora, log = (line) => process.stderr.write(`${line}\n`)) {
  checkLocale()
  const files = corporaFiles(corpora)
  const digest = digestOf([files.bitbake, files.oecore])
  const dir = join(process.env.TCK_CONFORMANCE_DIR ?? join(tmpdir(), 'tck-conformance'), `bitbake-${digest}`)
  const tree = {dir, digest, bitbake: join(dir, 'bitbake'), oecore: join(dir, 'openembedded-core'), build: join(dir, 'build')}
  ensureUser()
  if (!existsSync(join(dir, '.unpacked'))) {
    log(`conformance bitbake: unpacking the corpora into ${dir}`)
    mkdirSync(dir, {recursive: true})
    for (const file of [files.bitbake, files.oecore]) execFileSync('bash', ['-c', `zstd -dc '${file}' | tar -x -C '${dir}'`])
    writeFileSync(join(dir, '.unpacked'), `${digest}\n`)
  }
  if (isRoot()) execFileSync('chown', ['-R', `${USER}:`, dir])
  if (!existsSync(join(tree.build, 'conf', 'local.conf'))) {
    runAs(tree, 'true')
    appendFileSync(join(tree.build, 'conf', 'local.conf'), '\nBB_NO_NETWORK = "1"\n')
    if (isRoot()) execFileSync('chown', ['-R', `${USER}:`, tree.build])
  }
  return tree
}
