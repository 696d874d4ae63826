/**
 * The YAML headers of a book: a package's (name, version, sources, dependencies, ...) and the
 * book's own (`book.yaml`, or the first header of a `.book` file). YAML is read with the failsafe
 * schema, so `version: 1.10` stays "1.10" rather than becoming the number 1.1; numbers and
 * booleans are then read from those strings where a key means one. Errors name file and line.
 */
import {isMap, isScalar, LineCounter, parseDocument, type Document} from 'yaml'
import {z} from 'zod'
import {bookError} from '../runtime.js'

const name = z.string().regex(/^[A-Za-z0-9][\w.+-]*$/, 'a name of letters, digits and . _ + -')
const count = z.string().regex(/^\d+$/, 'a whole number').transform(Number)
const number = z.string().regex(/^\d+(\.\d+)?$/, 'a number').transform(Number)
const flag = z.enum(['true', 'false']).transform((value) => value === 'true')
const list = z.array(z.string()).default([])

const source = z
  .object({
    url: z.string().optional(),
    file: z.string().regex(/^[^/]+$/, 'a file name without directories').optional(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits').optional(),
    md5: z.string().regex(/^[0-9a-fA-F]{32}$/, '32 hex digits').optional(),
    debian: z.string().optional(),
  })
  .strict()
  .refine((value) => value.url || value.file, 'a source needs a url or a file')

export const packageHeader = z
  .object({
    name,
    version: z.string().min(1),
    pass: count.optional(),
    description: z.string().optional(),
    sources: z.array(source).default([]),
    depends: z.object({required: list, recommended: list, optional: list, runtime: list, check: list}).strict().default({}),
    provides: z.array(name).default([]),
    check: z.string().optional(),
    files: list,
    run: list,
    sbu: number.optional(),
  })
  .strict()

const requirement = z.object({name: z.string(), program: z.string(), min: z.string().optional(), matches: z.string().optional()}).strict()

export const bookHeader = z
  .object({
    book: name,
    version: z.string().optional(),
    description: z.string().optional(),
    mirrors: z.array(z.string()).default(['upstream']),
    env: z.record(z.string()).default({}),
    sbu: z.string().optional(),
    host: z.array(requirement).default([]),
    tools: z.array(z.string()).optional(),
    targets: z.array(z.string()).optional(),
    recommended: flag.default('true'),
    optional: z.union([flag, z.array(z.string())]).default('false'),
  })
  .strict()

export type PackageHeader = z.infer<typeof packageHeader>
export type BookHeader = z.infer<typeof bookHeader>

/** The line (1-based, in the whole file) of the YAML node at `path`, or of the header's start. */
function lineOf(document: Document, lines: LineCounter, path: Array<string | number>, firstLine: number, key?: string): number {
  let node: unknown = document.getIn(path, true) ?? document.contents
  if (key && isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key ?? node
  const range = (node as {range?: [number, number, number]} | undefined)?.range
  return range ? firstLine + lines.linePos(range[0]).line - 1 : firstLine
}

/** Parses one header; `firstLine` is the file line its first YAML line is on. */
export function readHeader<T extends z.ZodTypeAny>(schema: T, yamlText: string, file: string, firstLine: number): z.infer<T> {
  const lines = new LineCounter()
  const document = parseDocument(yamlText, {schema: 'failsafe', lineCounter: lines, prettyErrors: false})
  const problem = document.errors[0]
  if (problem) {
    const line = firstLine + lines.linePos(problem.pos[0]).line - 1
    throw bookError('CONFIG_INVALID', `${file}:${line}: ${problem.message.split('\n')[0]}`, 'The header between the --- lines is YAML.')
  }
  const parsed = schema.safeParse(document.toJS() ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined
  const line = lineOf(document, lines, issue.path, firstLine, unknownKey)
  const where = [...issue.path, ...(unknownKey ? [unknownKey] : [])].join('.') || 'header'
  const what = unknownKey ? `unknown key "${unknownKey}"` : issue.message
  throw bookError('CONFIG_INVALID', `${file}:${line}: ${where}: ${what}`, 'See docs/books.md for the keys a header takes.')
}
