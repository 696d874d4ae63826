/**
 * CMake's File API: tck writes a query before CMake configures and reads the reply after. The
 * `cmakeFiles` object lists every file CMake read (the configure task's key); the `codemodel`
 * lists the targets, their artifacts and the dependencies between them (tasks for `tck query`).
 */
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {isAbsolute, join, relative} from 'node:path'

const CLIENT = 'client-tck'

export interface CMakeFile {
  /** As the reply gives it: relative to the source directory, or absolute. */
  path: string
  isGenerated?: boolean
  isExternal?: boolean
  isCMake?: boolean
}

export interface CMakeTarget {
  name: string
  id: string
  type: string
  /** Paths relative to the build directory, or absolute. */
  artifacts: string[]
  /** Ids of the targets it depends on. */
  dependencies: string[]
  /** The target's directory in the build tree, relative to the build directory (`.`, `lib`). */
  buildDir: string
}

export interface Reply {
  files: CMakeFile[]
  targets: CMakeTarget[]
  /** The reply index file: changes with every configure. */
  index: string
}

function apiDir(buildDir: string): string {
  return join(buildDir, '.cmake', 'api', 'v1')
}

/** The query: the codemodel and the files CMake read. Written before each configure (it is cheap, and idempotent). */
export async function writeQuery(buildDir: string): Promise<void> {
  const dir = join(apiDir(buildDir), 'query', CLIENT)
  await mkdir(dir, {recursive: true})
  const text = `${JSON.stringify({requests: [{kind: 'codemodel', version: 2}, {kind: 'cmakeFiles', version: 1}]})}\n`
  const current = await readFile(join(dir, 'query.json'), 'utf8').catch(() => '')
  if (current !== text) await writeFile(join(dir, 'query.json'), text)
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T
}

/** The newest reply of the last configure; undefined before the first one. */
export async function readReply(buildDir: string): Promise<Reply | undefined> {
  const dir = join(apiDir(buildDir), 'reply')
  const indexes = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^index-.*\.json$/.test(name)).sort()
  const index = indexes.at(-1)
  if (!index) return undefined
  try {
    const {reply} = await readJson<{reply: Record<string, {'query.json'?: {responses?: Array<{kind: string; jsonFile: string}>}}>}>(join(dir, index))
    const responses = reply[CLIENT]?.['query.json']?.responses ?? []
    const fileOf = (kind: string) => responses.find((response) => response.kind === kind)?.jsonFile
    const filesJson = fileOf('cmakeFiles')
    const codemodelJson = fileOf('codemodel')
    if (!filesJson || !codemodelJson) return undefined
    const {inputs} = await readJson<{inputs: CMakeFile[]}>(join(dir, filesJson))
    const codemodel = await readJson<{configurations: Array<{targets: Array<{name: string; id: string; jsonFile: string}>; directories: Array<{build: string}>}>}>(join(dir, codemodelJson))
    const configuration = codemodel.configurations[0]
    const targets = await Promise.all(
      (configuration?.targets ?? []).map(async ({jsonFile}) => {
        const target = await readJson<{name: string; id: string; type: string; artifacts?: Array<{path: string}>; dependencies?: Array<{id: string}>; paths: {build: string}}>(join(dir, jsonFile))
        return {
          name: target.name,
          id: target.id,
          type: target.type,
          artifacts: (target.artifacts ?? []).map((artifact) => artifact.path),
          dependencies: (target.dependencies ?? []).map((dependency) => dependency.id),
          buildDir: target.paths.build,
        }
      }),
    )
    return {files: inputs, targets, index}
  } catch {
    // A reply being rewritten by a concurrent configure, or from another CMake: read again after the next configure.
    return undefined
  }
}

/** The files CMake read, split into those of the project (inputs, relative to the root) and the rest (absolute). */
export function filesRead(reply: Reply | undefined, root: string, sourceDir: string): {project: string[]; external: string[]} {
  const project = new Set<string>()
  const external = new Set<string>()
  for (const file of reply?.files ?? []) {
    // CMake's own modules are part of cmake, which the key has by content; generated files come from the configure itself.
    if (file.isCMake || file.isGenerated) continue
    const absolute = isAbsolute(file.path) ? file.path : join(sourceDir, file.path)
    const inRoot = relative(root, absolute)
    if (!inRoot.startsWith('..') && !isAbsolute(inRoot)) project.add(inRoot)
    else external.add(absolute)
  }
  return {project: [...project].sort(), external: [...external].sort()}
}
