/**
 * A separate process using one cache-fs directory, for the fault tests:
 *   hammer <dir> <seed>   puts and reads the same shared keys as its siblings, reports mismatches
 *   put-file <dir> <digest> <file>   stores a file (the test kills it half way)
 */
import {createHash} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {FsLevel} from '../../plugins/cache-fs/src/level.js'
import {sharedBlob} from './helpers.js'

const [mode, dir, ...rest] = process.argv.slice(2)
const level = new FsLevel(runtime, {dir, readOnly: false, compression: 'zstd', level: 3})

if (mode === 'hammer') {
  const seed = Number(rest[0])
  let bad = 0
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < 30; n++) {
      const i = (n * 7 + seed * 3 + round) % 30
      const {data, digest} = sharedBlob(i)
      if ((i + seed) % 2 === 0) await level.putBlob(digest, data)
      else {
        const file = join(dir, `..`, `src-${process.pid}-${i}`)
        writeFileSync(file, data)
        await level.putBlobFile(digest, file)
      }
      const back = await level.getBlob(digest)
      if (!back?.equals(data)) bad += 1
      const key = createHash('sha256').update(`action ${i}`).digest('hex')
      await level.putAction(key, {outputs: [{path: `out/${i}`, digest, size: data.length, mode: 0o644}], exitCode: 0, createdAt: 'x', durationMs: i})
      const action = await level.getAction(key)
      if (action?.outputs[0].digest !== digest) bad += 1
    }
  }
  process.stdout.write(JSON.stringify({bad, corrupt: level.counts.corrupt}))
} else if (mode === 'put-file') {
  process.stdout.write('started\n')
  await level.putBlobFile(rest[0], rest[1])
  process.stdout.write('finished\n')
}
