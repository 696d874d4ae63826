import test from 'ava'
import {mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {linkedEnv, project as sandboxed, removeTemporaries, temporary} from '../exec-bwrap/sandbox.js'

const outsideTmp = (prefix: string) => {
  mkdirSync(join(homedir(), '.cache'), {recursive: true})
  return temporary(mkdtempSync(join(homedir(), '.cache', prefix)))
}
import {build, snapshot} from './helpers.js'

// Attacks from inside the bwrap sandbox; each asserts, from outside, that the host is unchanged.

test.after.always(removeTemporaries)

let env: NodeJS.ProcessEnv
let home: string
test.before(async () => {
  // Outside /tmp: the sandbox's /tmp is private, which would hide them anyway.
  home = outsideTmp('tck-fake-home-')
  for (const [path, text] of Object.entries({'.ssh/id_ed25519': 'SSH-KEY-SECRET', '.aws/credentials': 'AWS-SECRET', '.npmrc': '//registry/:_authToken=NPM-SECRET', '.docker/config.json': 'DOCKER-SECRET'})) {
    mkdirSync(join(home, path, '..'), {recursive: true})
    writeFileSync(join(home, path), `${text}\n`, {mode: 0o600})
  }
  env = await linkedEnv({HOME: home})
})

test.serial('a task cannot write /proc/sys on the host', async (t) => {
  const before = readFileSync('/proc/sys/vm/swappiness', 'utf8').trim()
  const other = String((Number(before) + 1) % 100)
  const dir = sandboxed({poke: {run: `mkdir -p out; (echo ${other} > /proc/sys/vm/swappiness) 2> out/err || true; echo done > out/r`, outputs: ['out/r', 'out/err']}})
  try {
    const built = await build(dir, env)
    t.is(built.code, 0, built.stdout + built.stderr)
    t.is(readFileSync('/proc/sys/vm/swappiness', 'utf8').trim(), before)
    t.regex(readFileSync(join(dir, 'out/err'), 'utf8'), /Read-only file system/)
  } finally {
    writeFileSync('/proc/sys/vm/swappiness', before)
  }
})

test('no setuid binary leaves the sandbox, declared or not', async (t) => {
  const dir = sandboxed({suid: {run: 'mkdir -p out && cp /bin/sh out/x && chmod 4755 out/x && cp /bin/sh out/stray && chmod 6755 out/stray', outputs: ['out/x']}})
  const built = await build(dir, env)
  t.is(built.code, 0, built.stdout + built.stderr)
  t.is(statSync(join(dir, 'out/x')).mode & 0o7777, 0o755)
  t.is(statSync(join(dir, 'out/stray')).mode & 0o7777, 0o755)
})

test('a root-level output file is bound alone: the rest of the project stays read-only', async (t) => {
  const dir = sandboxed(
    {root: {run: '(echo pwned >> src/main.c; echo pwned >> tck.config.mjs; echo pwned > new-file) 2>/dev/null || true; echo ok > result.txt', outputs: ['result.txt']}},
    {'notes.txt': 'original\n'},
  )
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'src/main.c'), 'int main(void) { return 0; }\n')
  const before = snapshot(dir)
  const built = await build(dir, env)
  t.is(built.code, 0, built.stdout + built.stderr)
  t.is(readFileSync(join(dir, 'result.txt'), 'utf8'), 'ok\n')
  const after = snapshot(dir)
  for (const path of Object.keys(after)) if (path === 'result.txt' || path.startsWith('.tck')) delete after[path]
  t.deepEqual(after, before)
})

test('the hidden paths cannot be read by a task: credentials, /etc/shadow, and a configured list', async (t) => {
  const secrets = outsideTmp('tck-secrets-')
  writeFileSync(join(secrets, 'token'), 'CONFIGURED-SECRET\n')
  const read = (paths: string[]) => `mkdir -p out; for f in ${paths.join(' ')}; do cat "$f" >> out/leak 2>/dev/null || echo "no $f" >> out/leak; done`
  const defaults = sandboxed({leak: {run: read([join(home, '.ssh/id_ed25519'), join(home, '.aws/credentials'), join(home, '.npmrc'), join(home, '.docker/config.json'), '/etc/shadow']), outputs: ['out/leak']}})
  t.is((await build(defaults, env)).code, 0)
  const leaked = readFileSync(join(defaults, 'out/leak'), 'utf8')
  for (const secret of ['SSH-KEY-SECRET', 'AWS-SECRET', 'NPM-SECRET', 'DOCKER-SECRET', 'root:']) t.false(leaked.includes(secret), `${secret} leaked`)

  const configured = sandboxed({leak: {run: read([join(secrets, 'token')]), outputs: ['out/leak']}}, {}, {plugins: {'exec-bwrap': {hide: [secrets]}}})
  const built = await build(configured, env)
  t.is(built.code, 0, built.stdout + built.stderr)
  t.false(readFileSync(join(configured, 'out/leak'), 'utf8').includes('CONFIGURED-SECRET'))
})

test('the executor and its settings are part of the key: a result built unsandboxed does not satisfy bwrap', async (t) => {
  const tasks = {t: {run: 'mkdir -p out && echo hi > out/x', outputs: ['out/x']}}
  const dir = sandboxed(tasks, {}, {executor: 'local'})
  t.is((await build(dir, env)).statuses.t, 'built')
  t.is((await build(dir, env)).statuses.t, 'cached')
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({executor: 'bwrap', tasks})}\n`)
  t.is((await build(dir, env)).statuses.t, 'built', 'the local result was taken for the sandboxed task')
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({executor: 'bwrap', plugins: {'exec-bwrap': {memoryMiB: 512}}, tasks})}\n`)
  t.is((await build(dir, env)).statuses.t, 'built', 'a changed sandbox setting kept the old result')
})
