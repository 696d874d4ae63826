/** A .deb is an ar archive; its `data.tar.*` member holds the files. Extracted by the host's secure extractor. */
import {readFile, rm, writeFile} from 'node:fs/promises'
import type {TckApi} from 'tck'

export function arMembers(data: Buffer): Map<string, Buffer> {
  if (data.subarray(0, 8).toString('latin1') !== '!<arch>\n') throw new Error('not an ar archive')
  const members = new Map<string, Buffer>()
  let offset = 8
  while (offset + 60 <= data.length) {
    const name = data.subarray(offset, offset + 16).toString('latin1').trim().replace(/\/$/, '')
    const size = Number(data.subarray(offset + 48, offset + 58).toString('latin1').trim())
    members.set(name, data.subarray(offset + 60, offset + 60 + size))
    offset += 60 + size + (size % 2)
  }
  return members
}

export async function unpackDeb(api: TckApi, debPath: string, destination: string, scratch: string, label: string): Promise<void> {
  let members: Map<string, Buffer>
  try {
    members = arMembers(await readFile(debPath))
  } catch (error) {
    throw new api.TckError('ARCHIVE_INVALID', `${label} is not a Debian package: ${(error as Error).message}`)
  }
  const data = [...members].find(([name]) => name.startsWith('data.tar'))
  if (!data) throw new api.TckError('ARCHIVE_INVALID', `${label} has no data.tar member`)
  await writeFile(scratch, data[1])
  try {
    await api.toolchains.unpackArchive(scratch, destination, {label})
  } finally {
    await rm(scratch, {force: true})
  }
}
