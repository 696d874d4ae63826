/**
 * Toolchain metadata is data, not code: JSON files naming a toolchain, its releases, and per
 * platform the archive URLs (mirrors in order), SHA-256, size and layout. Sources load them from
 * their own data directory, the user's config directory and `TCK_TOOLCHAIN_METADATA`.
 */
import {readdir, readFile, stat} from 'node:fs/promises'
import {delimiter, join} from 'node:path'
import {z} from 'zod'
import type {ToolchainLayout} from '../contracts/toolchain.js'
import {TckError} from '../errors.js'
import {userMetadataDir} from './dirs.js'

const argv = z.array(z.string().min(1)).min(1)

const layoutSchema = z.object({
  bin: z.string(),
  compilers: z.object({c: argv.optional(), cxx: argv.optional()}).strict(),
  flags: z.object({c: z.array(z.string()).optional(), cxx: z.array(z.string()).optional()}).strict().optional(),
  versionCommand: argv.optional(),
  targetFlag: z.string().optional(),
  target: z.string().optional(),
  sysroot: z.string().optional(),
}).strict()

const artifactSchema = z.object({
  urls: z.array(z.string().url()).min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  size: z.number().int().positive().optional(),
  stripComponents: z.number().int().min(0).default(0),
  /** Oldest libc the binaries run on, e.g. "2.27". */
  minLibcVersion: z.string().optional(),
  /** Where the checksum was published, so a reader can check it. */
  checksumSource: z.string().optional(),
}).strict()

const releaseSchema = z.object({
  version: z.string().min(1),
  layout: layoutSchema.partial().optional(),
  platforms: z.record(z.string().regex(/^[a-z0-9]+-[a-z0-9_]+(-(glibc|musl))?$/, 'must look like linux-x64-glibc'), artifactSchema),
}).strict()

const fileSchema = z.object({
  $comment: z.string().optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -'),
  description: z.string().optional(),
  homepage: z.string().optional(),
  layout: layoutSchema,
  releases: z.array(releaseSchema).min(1),
}).strict()

export type ToolchainArtifact = z.infer<typeof artifactSchema>
export type ToolchainMetadata = z.infer<typeof fileSchema> & {file: string}

export interface MetadataRelease {
  name: string
  version: string
  platform: string
  layout: ToolchainLayout
  artifact: ToolchainArtifact
  description?: string
  file: string
}

export function parseMetadata(text: string, file: string): ToolchainMetadata {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new TckError('TOOLCHAIN_INVALID', `${file}: not valid JSON (${(error as Error).message})`)
  }
  const parsed = fileSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '')
    throw new TckError('TOOLCHAIN_INVALID', `${file}: ${key || '(top level)'}: ${issue.message}`, {
      hint: 'Fix the toolchain metadata file; every release needs urls and a sha256 per platform.',
    })
  }
  return {...parsed.data, file}
}

/** Directories and files to read: the caller's own, the user's config dir, then TCK_TOOLCHAIN_METADATA. */
export function metadataLocations(own: string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.TCK_TOOLCHAIN_METADATA ?? '').split(delimiter).filter(Boolean)
  return [...own, userMetadataDir(env), ...extra]
}

export async function loadMetadata(locations: string[]): Promise<ToolchainMetadata[]> {
  const files: string[] = []
  for (const location of locations) {
    const info = await stat(location).catch(() => undefined)
    if (info?.isDirectory()) {
      for (const name of (await readdir(location)).filter((entry) => entry.endsWith('.json')).sort()) files.push(join(location, name))
    } else if (info?.isFile()) {
      files.push(location)
    }
  }
  return Promise.all(files.map(async (file) => parseMetadata(await readFile(file, 'utf8'), file)))
}

/** Every (release, platform) of the metadata as a flat list, with the release's layout merged in. */
export function releasesOf(metadata: ToolchainMetadata[]): MetadataRelease[] {
  return metadata.flatMap((entry) =>
    entry.releases.flatMap((release) =>
      Object.entries(release.platforms).map(([platform, artifact]) => ({
        name: entry.name,
        version: release.version,
        platform,
        layout: {...entry.layout, ...release.layout} as ToolchainLayout,
        artifact,
        description: entry.description,
        file: entry.file,
      })),
    ),
  )
}
