/**
 * A real nginx (Debian's, with the WebDAV module) on 127.0.0.1 and a port chosen at run time,
 * serving the Bazel HTTP cache protocol from a private prefix: PUT stores, GET/HEAD read.
 * Everything (config, data, temp bodies, logs, pid) lives in one temp dir removed on stop.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'
import {tempDir} from './cli.js'
import {freePort} from './port.js'
import {findProgram, missingProgramMessage} from './programs.js'

export interface Nginx {
  url: string
  port: number
  dataDir: string
  stop(): Promise<void>
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => socket.end(() => resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

export interface NginxOptions {
  /** PEM files: serve https with this certificate. */
  tls?: {cert: string; key: string}
  /** Require `Authorization: Bearer <token>`, or basic auth against an htpasswd file. */
  bearer?: string
  htpasswd?: string
}

function config(prefix: string, port: number, options: NginxOptions): string {
  // As root the worker must be root too, or it cannot write the data and temp dirs it PUTs into.
  const user = process.getuid?.() === 0 ? 'user root;' : ''
  return `${user}
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  client_max_body_size 0;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port}${options.tls ? ' ssl' : ''};
    ${options.tls ? `ssl_certificate ${options.tls.cert}; ssl_certificate_key ${options.tls.key};` : ''}
    root ${prefix}/data;
    location / {
      ${options.htpasswd ? `auth_basic "tck cache"; auth_basic_user_file ${options.htpasswd};` : ''}
      ${options.bearer ? `if ($http_authorization != "Bearer ${options.bearer}") { return 401; }` : ''}
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
`
}

export async function startNginx(options: NginxOptions = {}): Promise<Nginx> {
  // Debian installs it in /usr/sbin, which a non-root PATH leaves out: findProgram looks there too.
  const nginx = findProgram('nginx')
  if (!nginx) throw new Error(missingProgramMessage('nginx', 'nginx'))
  const prefix = tempDir('tck-nginx-')
  const dataDir = join(prefix, 'data')
  mkdirSync(dataDir, {recursive: true})
  mkdirSync(join(prefix, 'body'), {recursive: true})
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    writeFileSync(join(prefix, 'nginx.conf'), config(prefix, port, options))
    const child: ChildProcess = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let up = false
    for (let wait = 0; wait < 100 && child.exitCode === null; wait++) {
      if ((up = await accepting(port))) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    if (up) {
      return {
        url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
        port,
        dataDir,
        async stop() {
          child.kill('SIGTERM')
          await exited
          rmSync(prefix, {recursive: true, force: true})
        },
      }
    }
    child.kill('SIGKILL')
    await exited
    // Another process may have taken the port between probing and binding: try a new one.
    if (attempt >= 3) throw new Error(`nginx did not start: ${stderr.trim()}`)
  }
}
