/**
 * An in-memory Bazel-style HTTP cache on loopback that can lie: it stores what is PUT, and can
 * trickle, stall, or answer huge bodies, per area, for the remote-cache probes.
 */
import {createServer, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export type Behaviour = 'normal' | 'stall' | 'trickle' | 'huge'

export interface Remote {
  url: string
  store: Map<string, Buffer>
  /** How GET /cas/... answers. */
  cas: Behaviour
  requests: string[]
  /** Bytes of body sent for GETs, all told. */
  sent: number
  close(): Promise<void>
}

export async function startRemote(): Promise<Remote> {
  const timers = new Set<NodeJS.Timeout>()
  const remote: Remote = {url: '', store: new Map(), cas: 'normal', requests: [], sent: 0, close: async () => {}}
  const send = (response: ServerResponse, chunk: Buffer) => {
    remote.sent += chunk.length
    return response.write(chunk)
  }
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    remote.requests.push(`${request.method} ${path}`)
    if (request.method === 'PUT') {
      const parts: Buffer[] = []
      request.on('data', (chunk: Buffer) => parts.push(chunk))
      request.on('end', () => {
        remote.store.set(path, Buffer.concat(parts))
        response.writeHead(200).end()
      })
      return
    }
    const body = remote.store.get(path)
    if (!body) {
      response.writeHead(404).end()
      return
    }
    const behaviour = path.startsWith('/cas/') ? remote.cas : 'normal'
    if (request.method === 'HEAD') {
      response.writeHead(200, {'content-length': String(body.length)}).end()
      return
    }
    if (behaviour === 'normal') {
      response.writeHead(200, {'content-length': String(body.length)})
      send(response, body)
      response.end()
    } else if (behaviour === 'stall') {
      response.writeHead(200, {'content-length': String(body.length)})
      send(response, body.subarray(0, 1))
    } else if (behaviour === 'trickle') {
      // One byte every 200 ms: never idle long enough for an idle timeout to fire.
      response.writeHead(200, {'content-length': String(body.length)})
      let at = 0
      const timer = setInterval(() => {
        if (at >= body.length || response.destroyed) {
          clearInterval(timer)
          response.end()
          return
        }
        send(response, body.subarray(at, ++at))
      }, 200)
      timers.add(timer)
    } else {
      // 512 MiB of zeros for whatever was asked, chunked (no length to refuse up front).
      response.writeHead(200)
      const chunk = Buffer.alloc(1 << 20)
      let left = 512
      const pump = () => {
        while (left > 0 && !response.destroyed) {
          left -= 1
          if (!send(response, chunk)) return void response.once('drain', pump)
        }
        response.end()
      }
      pump()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  remote.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  remote.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearInterval(timer)
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return remote
}
