/**
 * From targets to the packages a build needs: every enabled dependency followed, one version
 * picked per name (the newest that meets every constraint on it), and each package reached by
 * its shortest chain from a target, which is what plans print and errors quote.
 */
import type {Dependency, Package} from '../book/model.js'
import {formatConstraints, parseDependency, satisfies} from '../book/versions.js'
import {bookError} from '../runtime.js'
import {follows, type BookIndex, type Selection} from './index.js'

export interface Edge {
  to: string
  dependency: Dependency
  /** `build`: must be installed before; `runtime`: must be installed too, in any order. */
  order: 'build' | 'runtime'
}

export interface Node {
  key: string
  pkg: Package
  edges: Edge[]
  /** Keys from a target down to this package (the target first). */
  chain: string[]
  /** How the last link of the chain pulled it in. */
  via: Dependency['kind'] | 'target' | 'earlier pass'
}

export interface Resolution {
  nodes: Map<string, Node>
  targets: string[]
  warnings: string[]
}

interface Demand {
  dependency: Dependency
  chain: string[]
}

const showChain = (chain: string[]) => chain.join(' -> ')

/** Edit distance, for "did you mean": book names are short, so the plain dynamic programme is enough. */
function distance(a: string, b: string): number {
  let row = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]
}

function similar(index: BookIndex, name: string): string {
  const lower = name.toLowerCase()
  const close = [...index.byName.keys()]
    .map((other) => ({other, far: distance(lower, other.toLowerCase())}))
    .filter(({far}) => far <= (name.length > 3 ? Math.max(2, Math.floor(name.length / 3)) : 1))
    .sort((a, b) => a.far - b.far)
    .slice(0, 5)
    .map(({other}) => other)
  return close.length > 0 ? `Did you mean ${close.join(', ')}?` : 'Add the package to the book, or fix the name.'
}

function traverse(index: BookIndex, targets: Dependency[], selection: Selection, chosen: Map<string, string>) {
  const nodes = new Map<string, Node>()
  const demands = new Map<string, Demand[]>()
  const warnings: string[] = []
  const queue: Node[] = []

  const pick = (name: string, dependency: Dependency, chain: string[]): string | undefined => {
    demands.set(name, [...(demands.get(name) ?? []), {dependency, chain}])
    if (!chosen.has(name)) {
      const constraints = (demands.get(name) ?? []).flatMap((demand) => demand.dependency.constraints)
      const version = index.versions(name).find((candidate) => constraints.every((constraint) => satisfies(candidate, constraint)))
      chosen.set(name, version ?? index.versions(name)[0])
    }
    return chosen.get(name)
  }

  /** The node `dependency` leads to from `chain`, created and queued the first time. */
  const reach = (dependency: Dependency, chain: string[], via: Node['via']): string | undefined => {
    let name = dependency.name
    if (!index.byName.has(name)) {
      const providers = index.providers.get(name)
      const preferred = selection.providers[name]
      if (!providers && !preferred) {
        if (chain.length === 0) throw bookError('USAGE', `book ${index.book.name} has no package ${name}`, similar(index, name))
        const line = `${showChain([...chain, name])}: the book has no package ${name}`
        if (dependency.kind === 'recommended' || dependency.kind === 'optional' || dependency.kind === 'check') {
          warnings.push(`${line} (${dependency.kind}, skipped)`)
          return undefined
        }
        throw bookError('GRAPH_INVALID', `missing dependency: ${line}`, similar(index, name))
      }
      name = preferred ?? providers![0].name
    }
    const version = pick(name, dependency, chain)!
    const pkg = index.get(name, version, dependency.pass)
    if (!pkg) {
      throw bookError('GRAPH_INVALID', `missing dependency: ${showChain([...chain, dependency.text])}: ${name} ${version} has no pass ${dependency.pass}`, `Its passes: ${(index.byName.get(name) ?? []).filter((p) => p.version === version).map((p) => p.pass).join(', ')}.`)
    }
    const key = index.key(pkg)
    if (!nodes.has(key)) {
      const node: Node = {key, pkg, edges: [], chain: [...chain, key], via}
      nodes.set(key, node)
      queue.push(node)
    }
    return key
  }

  const targetKeys = targets.map((target) => reach(target, [], 'target')!)
  while (queue.length > 0) {
    const node = queue.shift()!
    const {pkg} = node
    if (pkg.pass > 1) {
      const earlier = (index.byName.get(pkg.name) ?? []).filter((other) => other.version === pkg.version && other.pass < pkg.pass).sort((a, b) => b.pass - a.pass)[0]
      if (earlier) {
        const dependency: Dependency = {name: pkg.name, pass: earlier.pass, constraints: [{op: '=', version: pkg.version}], kind: 'required', text: `${pkg.name}:${earlier.pass}`}
        const to = reach(dependency, node.chain, 'earlier pass')
        if (to) node.edges.push({to, dependency, order: 'build'})
      }
    }
    for (const dependency of pkg.depends) {
      const order = follows(dependency, pkg, selection)
      if (!order) continue
      const to = reach(dependency, node.chain, dependency.kind)
      if (to) node.edges.push({to, dependency, order})
    }
  }
  return {nodes, demands, warnings, targetKeys}
}

/** The newest version of `name` meeting every demand, or a conflict naming each demand's chain. */
function settle(index: BookIndex, name: string, demands: Demand[]): string {
  const versions = index.versions(name)
  const version = versions.find((candidate) => demands.every(({dependency}) => dependency.constraints.every((constraint) => satisfies(candidate, constraint))))
  if (version) return version
  const lines = demands
    .filter(({dependency}) => dependency.constraints.length > 0)
    .map(({dependency, chain}) => `  ${showChain(chain.length > 0 ? chain : ['(target)'])} needs ${name} ${formatConstraints(dependency.constraints)}`)
  throw bookError('GRAPH_INVALID', `version conflict on ${name}: the book has ${versions.join(', ')}, and no version meets every constraint:\n${lines.join('\n')}`, 'Relax one of these constraints, or add a version of the package that meets them all.')
}

export function resolve(index: BookIndex, targets: string[], selection: Selection): Resolution {
  const wanted = targets.map((text) => {
    const dependency = parseDependency(text, 'required')
    if (!dependency) throw bookError('USAGE', `"${text}" is not a package (name[:pass] [op version])`)
    return dependency
  })
  const chosen = new Map<string, string>()
  // Each round keeps every pick or moves names to versions that meet more of the constraints found.
  for (let round = 0; round <= index.book.packages.length; round++) {
    const {nodes, demands, warnings, targetKeys} = traverse(index, wanted, selection, chosen)
    let changed = false
    for (const [name, list] of demands) {
      const version = settle(index, name, list)
      if (version !== chosen.get(name)) {
        chosen.set(name, version)
        changed = true
      }
    }
    if (!changed) return {nodes, targets: [...new Set(targetKeys)], warnings}
  }
  throw bookError('GRAPH_INVALID', 'version selection does not settle; the constraints chase each other', 'Pin versions with = constraints.')
}
