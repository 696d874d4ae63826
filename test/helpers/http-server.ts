/**
 * A real node HTTP server on 127.0.0.1 (a port chosen at run time) serving in-memory files, with
 * Range support, request counting, and switches to cut a response half way or fail a few times.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface ServedFile {
  body: Buffer
  /** Close the connection after this many bytes, for this many of the next full responses. */
  cutAfter?: number
  cutTimes?: number
  /** Answer 503 to this many of the next requests. */
  failTimes?: number
  /** Send this many bytes of a full response, then hold the connection open without a word more. */
  stallAfter?: number
}

export interface RequestRecord {
  path: string
  method: string
  range?: string
}

export interface TestServer {
  url: string
  files: Map<string, ServedFile>
  requests: RequestRecord[]
  count(path: string, method?: string): number
  close(): Promise<void>
}

function handleRange(request: IncomingMessage, size: number): {start: number; end: number} | 'bad' | undefined {
  const header = request.headers.range
  if (!header) return undefined
  const match = /^bytes=(\d+)-(\d*)$/.exec(header)
  if (!match) return 'bad'
  const start = Number(match[1])
  const end = match[2] ? Number(match[2]) : size - 1
  return start >= size || end < start ? 'bad' : {start, end: Math.min(end, size - 1)}
}

export async function startServer(initial: Record<string, Buffer | ServedFile> = {}): Promise<TestServer> {
  const files = new Map<string, ServedFile>(
    Object.entries(initial).map(([path, file]) => [path, Buffer.isBuffer(file) ? {body: file} : file]),
  )
  const requests: RequestRecord[] = []
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    requests.push({path, method: request.method ?? 'GET', range: request.headers.range})
    const file = files.get(path)
    if (!file) {
      response.writeHead(404).end('not found')
      return
    }
    if (file.failTimes) {
      file.failTimes -= 1
      response.writeHead(503).end('try later')
      return
    }
    const range = handleRange(request, file.body.length)
    if (range === 'bad') {
      response.writeHead(416, {'content-range': `bytes */${file.body.length}`}).end()
      return
    }
    const {start, end} = range ?? {start: 0, end: file.body.length - 1}
    const slice = file.body.subarray(start, end + 1)
    response.writeHead(range ? 206 : 200, {
      'content-length': String(slice.length),
      'accept-ranges': 'bytes',
      ...(range ? {'content-range': `bytes ${start}-${end}/${file.body.length}`} : {}),
    })
    if (request.method === 'HEAD') {
      response.end()
      return
    }
    if (file.stallAfter !== undefined && !range) {
      response.write(slice.subarray(0, file.stallAfter))
      return
    }
    if (file.cutAfter !== undefined && (file.cutTimes ?? 1) > 0 && !range) {
      file.cutTimes = (file.cutTimes ?? 1) - 1
      response.write(slice.subarray(0, file.cutAfter), () => setTimeout(() => response.socket?.destroy(), 150))
      return
    }
    response.end(slice)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    requests,
    count: (path, method = 'GET') => requests.filter((record) => record.path === path && record.method === method).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
