/** No network unless asked, a scrubbed environment, and exit codes that pass through the sandbox. */
import test from 'ava'
import {readFileSync, rmSync} from 'node:fs'
import {createServer, type AddressInfo, type Server} from 'node:net'
import {join} from 'node:path'
import {build, linkedEnv, project, removeTemporaries, token} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'bwrap', 'bubblewrap') })

let env: NodeJS.ProcessEnv
test.after.always(removeTemporaries)
test.before(async () => {
  env = await linkedEnv({TCK_TEST_SECRET: 'do-not-leak'})
})

async function listen(): Promise<{server: Server; port: number; connections: () => number}> {
  let count = 0
  const server = createServer((socket) => {
    count++
    socket.end('hello from the host\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {server, port: (server.address() as AddressInfo).port, connections: () => count}
}

const connect = (port: number) => ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port} && head -1 <&3 > out/reply.txt`]

test('a task cannot reach a server on the host loopback', async (t) => {
  const {server, port, connections} = await listen()
  t.teardown(() => server.close())
  const dir = project({fetch: {run: connect(port), outputs: ['out/reply.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 1)
  t.regex(result.stderr, /Connection refused/)
  t.is(connections(), 0)
})

test('a task that sets network reaches the same server', async (t) => {
  const {server, port, connections} = await listen()
  t.teardown(() => server.close())
  const dir = project({fetch: {run: connect(port), outputs: ['out/reply.txt'], network: true}})
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  t.is(connections(), 1)
  t.is(readFileSync(join(dir, 'out', 'reply.txt'), 'utf8'), 'hello from the host\n')
})

test('the environment holds only what the task declares', async (t) => {
  const dir = project({env: {run: 'env > out/env.txt', env: {GIVEN: 'yes'}, outputs: ['out/env.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  const seen = Object.fromEntries(
    readFileSync(join(dir, 'out', 'env.txt'), 'utf8').trim().split('\n').map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]),
  )
  t.is(seen.GIVEN, 'yes')
  t.is(seen.PATH, process.env.PATH)
  // PWD is the shell's own; everything else would have leaked from tck's environment.
  t.deepEqual(Object.keys(seen).sort(), ['GIVEN', 'PATH', 'PWD'])
})

test('exit codes pass through the sandbox', async (t) => {
  const dir = project({seven: {run: 'exit 7'}, zero: {run: ['true']}})
  const failed = await build(env, dir, 'seven')
  t.is(failed.code, 1)
  t.regex(failed.stderr, /task "seven" exited with code 7/)
  const passed = await build(env, dir, 'zero')
  t.is(passed.code, 0, passed.stderr)
})

test('the task has its own pid namespace: it sees only its own processes', async (t) => {
  const dir = project({ps: {run: 'ls /proc | grep -c "^[0-9]" > out/count.txt; echo $$ > out/pid.txt', outputs: ['out/count.txt', 'out/pid.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  // bwrap's init, the shell, ls and grep: a handful, where the host has hundreds.
  t.true(Number(readFileSync(join(dir, 'out', 'count.txt'), 'utf8')) <= 5)
  t.true(Number(readFileSync(join(dir, 'out', 'pid.txt'), 'utf8')) <= 3)
})

test('without network a daemon\'s unix socket under /run is out of reach; with network it is not', async (t) => {
  let connections = 0
  const path = `/run/tck-bwrap-${token()}.sock`
  const server = createServer((socket) => {
    connections++
    socket.end()
  })
  await new Promise<void>((resolve) => server.listen(path, resolve))
  t.teardown(() => {
    server.close()
    rmSync(path, {force: true})
  })
  const connect = [process.execPath, '-e', 'require("net").connect(process.argv[1]).on("connect", () => process.exit(0)).on("error", (e) => { console.error(e.code); process.exit(3) })', path]
  const dir = project({closed: {run: connect}, open: {run: connect, network: true}})
  const closed = await build(env, dir, 'closed')
  t.is(closed.code, 1)
  t.regex(closed.stderr, /exited with code 3:\s*ENOENT/)
  t.is(connections, 0)
  const open = await build(env, dir, 'open')
  t.is(open.code, 0, open.stderr)
  t.is(connections, 1)
})
