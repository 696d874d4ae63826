/**
 * The compile profile: how this tck compiles a script of one kind (plain, or Crispy's GLib
 * profile) in one context, so the launcher (bin/cold.sh) can compile and run a new or edited
 * script without Node and leave the caching to a Node run in the background. It is the argv of
 * a real compile with the three words that name the script — its directory's `-I`, the source
 * and the output — as placeholders, and what must still hold for that argv to be the one Node
 * would build: the compiler and its files, the config files, tck and the plugin set (stat), the
 * compiler environment and the params expansion. Written only when nothing but the script's kind
 * and place can change the argv: no params line, no taps but tck's own, no JS config.
 */
import {execFileSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {api} from './api.js'
import {compilerEnv, shQuote as quote, snapshot} from './launch.js'
import type {KeepRequest} from './keep.js'

export type ColdKind = 'plain' | 'crispy'

/** The profiles' directory, beside the launch index (whose names are script paths). */
export const coldDir = (launchDir: string) => join(launchDir, '..', 'cold')

/** The launcher tells what Node reads as UTF-8 by `grep` in the C.UTF-8 locale: only where that locale rejects what Node rejects. */
function localeRejectsBadUtf8(): boolean {
  try {
    execFileSync('grep', ['-aqvx', '.*'], {input: Buffer.from('ok\n\xed\xa0\x80\n', 'latin1'), env: {...process.env, LC_ALL: 'C.UTF-8'}, stdio: ['pipe', 'ignore', 'ignore']})
    return true
  } catch {
    return false
  }
}

/** The compile's argv with the script's own words as `"$c_dir"`-style references, or undefined if they are not exactly where run.ts puts them. */
function template(argv: string[], words: Record<string, string>, root: string): string | undefined {
  const seen = new Set<string>()
  const out: string[] = []
  for (const word of argv) {
    const name = Object.keys(words).find((key) => words[key] === word)
    if (name && !seen.has(name)) {
      seen.add(name)
      out.push(name)
    } else if (name || word.includes(root)) {
      return undefined
    } else {
      out.push(quote(word))
    }
  }
  return out.join(' ')
}

/** Writes (or, when this run's compile cannot stand for its kind, leaves alone) the profile of the run's script kind. */
export async function keepColdProfile(request: KeepRequest, execAs: string, compilerFiles: string[]): Promise<void> {
  const {options, dirs, script, compile, compilerPath} = request
  const {configFiles, files: hostFiles, dataFile} = options.hostSnapshot
  const argv = 'argv' in compile.task.command ? compile.task.command.argv : undefined
  const plainRun = 'file' in options.input && !script.params && script.crispy === 'auto' && !script.debug
  const plainConfig = configFiles.every((file) => !/\.[cm]?js$/.test(file)) && Object.keys(compile.task.env).length === 0
  // The launcher makes its root under the launch root's tmp/, which only runs with that cache clean up; it runs
  // the compiler through `env -i`, which would take a first word with `=` for a variable.
  if (!argv || argv[0].includes('=') || !compilerPath || !plainRun || !plainConfig || dirs.cache !== join(dirs.launch, '..')) return
  const root = compile.build.root
  const words = {'"-I$c_dir"': `-I${dirname(script.file)}`, '"$c_src"': join(root, 'src', `${script.name}.c`), '"$c_out"': join(root, 'out', script.name)}
  const argvTemplate = template(argv, script.provider.sourceFromStdin ? {...words, '"$c_src"': '-'} : words, root)
  const checked = snapshot([compilerPath, ...compilerFiles, ...configFiles, ...hostFiles], request.startedAt)
  if (!argvTemplate || checked.racy || !localeRejectsBadUtf8()) return
  const kind: ColdKind = script.profile ? 'crispy' : 'plain'
  const envNames = [...new Set([...Object.keys(compile.request?.env ?? {}), ...compile.task.envPass])]
  const lines = [
    '# written by tck run (plugins/recipe-cscript/src/cold.ts); read by bin/cold.sh',
    `c_ccflag=${quote(options.compiler ?? '')}`,
    `c_ccname=${quote(request.requested)}`,
    `c_cc=${quote(compilerPath)}`,
    `c_ccfiles=${quote(compilerFiles.join('\n'))}`,
    `c_cfgs=${quote(configFiles.join('\n'))}`,
    `c_extra=${quote(hostFiles.join('\n'))}`,
    `c_data=${quote(dataFile)}`,
    `c_stat=${quote(checked.lines)}`,
    `c_env=${quote(compilerEnv())}`,
    `c_envpass=${quote(envNames.join(' '))}`,
    `c_params=${quote(script.expansion?.raw ?? '')}`,
    `c_pexp=${quote(script.expansion?.expanded ?? '')}`,
    `c_stdin=${script.provider.sourceFromStdin ? '1' : "''"}`,
    `c_argv=${quote(argvTemplate)}`,
    `c_tmp=${quote(join(dirs.cache, 'tmp'))}`,
    `c_execas=${quote(execAs)}`,
    '',
  ]
  await api().atomicWriteFile(join(coldDir(dirs.launch), `${kind}.sh`), lines.join('\n'))
}
