/** Ports on 127.0.0.1: a free one for a server a test starts, and a closed one for "the server is down". */
import {readFileSync} from 'node:fs'
import {connect, createServer} from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

/**
 * A port that refuses connections and that no other test's server can take meanwhile. A port from
 * freePort cannot promise that: the kernel may give it to the next server a parallel test starts
 * (the registry test's Verdaccio once answered a test that wanted no registry). Every server here
 * listens on a port from the kernel's ephemeral range, so a port below it stays closed.
 */
export async function closedPort(): Promise<number> {
  const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 1024 + Math.floor(Math.random() * Math.max(1, ephemeralLow - 1024))
    if (await refuses(port)) return port
  }
  throw new Error(`no closed port below ${ephemeralLow} on 127.0.0.1`)
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}
