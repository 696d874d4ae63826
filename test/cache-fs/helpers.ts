/** A cache-fs level in a fresh temp dir, opened through the plugin's own provider. */
import {createHash, randomBytes} from 'node:crypto'
import {runtime} from '../../core/runtime.js'
import {FsLevel, type FsLevelOptions} from '../../plugins/cache-fs/src/level.js'
import {tempDir} from '../helpers/cli.js'

export function openFsLevel(options: Partial<FsLevelOptions> = {}): FsLevel {
  return new FsLevel(runtime, {dir: tempDir('tck-cache-fs-'), readOnly: false, compression: 'zstd', level: 3, ...options})
}

export function blob(size: number, compressible = true): {data: Buffer; digest: string} {
  const data = compressible ? Buffer.from('tck '.repeat(Math.ceil(size / 4)).slice(0, size)) : randomBytes(size)
  return {data, digest: createHash('sha256').update(data).digest('hex')}
}

/** Shared content: key i always holds the same bytes in every process; every tenth is multi-chunk. */
export function sharedBlob(i: number): {data: Buffer; digest: string} {
  const size = i % 10 === 0 ? (1 << 20) + 4099 * i : 1000 + 97 * i
  const data = Buffer.alloc(size)
  for (let offset = 0; offset + 4 <= size; offset += 4) data.writeUInt32LE((Math.imul(offset, 2654435761) + i) >>> 0, offset)
  return {data, digest: createHash('sha256').update(data).digest('hex')}
}
