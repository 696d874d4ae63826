import test from 'ava'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {startServer} from '../helpers/http-server.js'
import {blob} from '../cache-fs/helpers.js'
import {openHttpLevel} from './helpers.js'

// A real loopback server that answers 503 a few times, cuts a body short, or never answers.

test('5xx answers are retried with backoff until one succeeds', async (t) => {
  const {data, digest} = blob(3000)
  const server = await startServer({[`/cas/${digest}`]: {body: data, failTimes: 2}})
  const level = openHttpLevel(`${server.url}/`, {retries: 2})
  try {
    t.true((await level.getBlob(digest))?.equals(data))
    t.is(server.count(`/cas/${digest}`), 3)
  } finally {
    await Promise.all([level.close(), server.close()])
  }
})

test('retries run out: the level reports the last answer', async (t) => {
  const {data, digest} = blob(3001)
  const server = await startServer({[`/cas/${digest}`]: {body: data, failTimes: 5}})
  const level = openHttpLevel(`${server.url}/`, {retries: 1})
  try {
    await t.throwsAsync(level.getBlob(digest), {message: /unreachable after 2 attempts: GET http:\/\/127\.0\.0\.1:\d+\/cas\/\w+ answered 503/})
    t.is(server.count(`/cas/${digest}`), 2)
  } finally {
    await Promise.all([level.close(), server.close()])
  }
})

test('a body cut short is retried, and never taken for the blob', async (t) => {
  const {data, digest} = blob(200_000, false)
  const server = await startServer({[`/cas/${digest}`]: {body: data, cutAfter: 50_000, cutTimes: 1}})
  const level = openHttpLevel(`${server.url}/`, {retries: 1})
  const broken = openHttpLevel(`${server.url}/`, {retries: 0})
  try {
    t.true((await level.getBlob(digest))?.equals(data), 'the second attempt got the whole blob')
    t.is(server.count(`/cas/${digest}`), 2)
    server.files.get(`/cas/${digest}`)!.cutTimes = 1
    await t.throwsAsync(broken.getBlob(digest), {message: /unreachable after 1 attempt/})
  } finally {
    await Promise.all([level.close(), broken.close(), server.close()])
  }
})

test('a server that never answers times out', async (t) => {
  const silent = createServer(() => {})
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const level = openHttpLevel(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, {timeoutMs: 300, retries: 0})
  try {
    await t.throwsAsync(level.hasBlob(blob(5).digest), {message: /unreachable after 1 attempt: .*timeout/i})
  } finally {
    await level.close()
    silent.closeAllConnections()
    silent.close()
  }
})
