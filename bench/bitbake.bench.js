// tck bitbake parse side by side with real `bitbake -p` on oe-core (from the corpora), in one run:
// a cold full parse (no parse cache of either) and a cached re-parse of the unchanged tree, both
// as the user BitBake runs as, through each tool's command line. The number of differing values
// comes from the last `npm run conformance bitbake` on the same tree, when there is one.
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {prepareTree, runAs, timeAs} from '../scripts/conformance/bitbake/tree.mjs'

const root = new URL('..', import.meta.url).pathname

function corpora() {
  const dir = resolve(process.env.TCK_CORPORA ?? join(root, '..', 'shared', 'corpora'))
  return existsSync(dir) ? dir : undefined
}

const summary = (out) => /Parsing of .*errors\./.exec(out)?.[0] ?? out.trim().split('\n').slice(-3).join(' | ')

export default async function run() {
  const dir = corpora()
  if (!dir) return [{name: 'bitbake: no corpora (set TCK_CORPORA)', note: 'skipped: nothing to parse'}]
  const tree = prepareTree(dir)
  const home = join(tree.dir, 'bench-home')
  rmSync(home, {recursive: true, force: true})
  const tckEnv = `XDG_CACHE_HOME=${home}/cache XDG_DATA_HOME=${home}/data XDG_CONFIG_HOME=${home}/config TCK_QUIET=1`
  const tck = `${tckEnv} ${process.execPath} ${join(root, 'bin/run.js')}`
  runAs(tree, `mkdir -p ${home} && ${tck} plugins link ${join(root, 'plugins/recipe-bitbake')} --no-install >/dev/null 2>&1`)

  // Cold: no parse cache, no codeparser cache, no bitbake server left running. BitBake's first
  // parse changes the configuration it hashes (host tools, sanity info), so its second parse
  // parses every recipe again; only the third is served from its cache.
  runAs(tree, `rm -rf ${tree.build}/cache ${tree.build}/tmp/cache; bitbake -m >/dev/null 2>&1 || true`, {allowFailure: true})
  const bitbakeCold = await timeAs(tree, 'bitbake -p 2>&1')
  const bitbakeReparse = await timeAs(tree, 'bitbake -p 2>&1')
  const bitbakeCached = await timeAs(tree, 'bitbake -p 2>&1')
  // Output to a file: a pipe closed early (head) would end tck before it writes its cache.
  const tckCold = await timeAs(tree, `${tck} bitbake parse > ${home}/cold.txt 2>&1; cat ${home}/cold.txt`)
  const tckCached = await timeAs(tree, `${tck} bitbake parse > ${home}/cached.txt 2>&1; cat ${home}/cached.txt`)

  const conformance = join(tree.dir, 'conformance-result.json')
  const differing = existsSync(conformance) ? JSON.parse(readFileSync(conformance, 'utf8')) : undefined
  const row = (name, mine, peer, note) => ({
    name,
    value: Number(mine.seconds.toFixed(2)),
    unit: 's',
    peer: 'bitbake -p',
    peerValue: Number(peer.seconds.toFixed(2)),
    ratio: Number((mine.seconds / peer.seconds).toFixed(3)),
    note: `${(peer.seconds / mine.seconds).toFixed(1)}x faster; tck: ${summary(mine.out)}; bitbake: ${summary(peer.out)}${note ? `; ${note}` : ''}`,
  })
  return [
    row('cold full parse of oe-core (955 files, 1,985 targets)', tckCold, bitbakeCold, 'bitbake: its first parse of the tree'),
    row('cold full parse, against bitbake\'s re-parse', tckCold, bitbakeReparse, 'bitbake: second parse (its codeparser cache warm, every recipe parsed again)'),
    row('cached re-parse of the unchanged tree', tckCached, bitbakeCached),
    {
      name: 'values that differ from BitBake (npm run conformance bitbake)',
      value: differing ? differing.differences : undefined,
      unit: 'values',
      note: differing ? `of ${differing.compared} compared on ${differing.date}` : 'run npm run conformance bitbake first',
    },
  ]
}
