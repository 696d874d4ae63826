/**
 * Crispy compatibility: a script written for Crispy gets what Crispy gives every script — GLib's
 * compile and link flags for glib-2.0, gobject-2.0, gio-2.0 and gmodule-2.0 — when it looks like
 * one, unless `run.crispy` is `off`: it has a CRISPY_PARAMS line, or it includes a GLib header
 * and has no TCK_PARAMS line (a tck script names its own flags; GLib's twice would cost a second
 * pkg-config run on every cached run).
 * And Crispy's `-p LIB`, which loads a shared library into its process before the script's
 * main, means for tck's programs: the library is linked in, needed even if nothing calls it.
 */
import {existsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {api} from './api.js'
import {expandParams, splitFlags} from './params.js'
import type {ParsedScript} from './source.js'

export type CrispyMode = 'auto' | 'always' | 'off'

export const CRISPY_PACKAGES = ['glib-2.0', 'gobject-2.0', 'gio-2.0', 'gmodule-2.0']

/**
 * Asked of pkg-config at run time, in the params' own shell form: the launcher re-expands it on
 * every cached run, so a changed `.pc` file or PKG_CONFIG_PATH compiles the script again.
 */
export const PROFILE_PARAMS = `$(pkg-config --cflags --libs ${CRISPY_PACKAGES.join(' ')})`

/** `#include <glib.h>`, `<glib-object.h>`, `<gio/gio.h>`, `<gmodule.h>` or any header under glib/, gobject/, gio/. */
const glibInclude = /^\s*#\s*include\s*[<"](glib[\w-]*\.h|gmodule\.h|(?:glib|gobject|gio)\/[^>"]+)[>"]/

export interface CrispyReason {
  /** The script's line that makes it a Crispy script (1 for `always`). */
  line: number
  why: string
}

/** Why the profile applies to this script, or undefined when it does not. */
export function crispyReason(mode: CrispyMode, parsed: ParsedScript): CrispyReason | undefined {
  if (mode === 'off') return undefined
  if (mode === 'always') return {line: 1, why: 'run.crispy is "always"'}
  if (parsed.params?.name === 'CRISPY_PARAMS') return {line: parsed.params.line, why: 'it has a CRISPY_PARAMS line'}
  if (parsed.params) return undefined
  // The body starts with the `#line` directive: its line n + 1 is the script's line n.
  const lines = parsed.body.split('\n')
  const index = lines.findIndex((line) => glibInclude.test(line))
  return index < 0 ? undefined : {line: index, why: `it includes ${glibInclude.exec(lines[index])![1]}`}
}

/** GLib's flags and libraries, as pkg-config gives them here and now. */
export async function crispyFlags(file: string, reason: CrispyReason, cwd: string): Promise<{flags: string[]; libs: string[]; text: string}> {
  try {
    const expanded = await expandParams(PROFILE_PARAMS, {file, line: reason.line, name: 'the Crispy profile'}, cwd)
    return {...splitFlags(expanded.words), text: expanded.text}
  } catch (error) {
    const detail = (error as Error).message.replace(/^.*?: cannot expand the Crispy profile "[^"]*": /, '')
    throw new (api().TckError)('SCRIPT_INVALID', `${file}:${reason.line}: ${reason.why}, so it gets GLib as under Crispy, but pkg-config cannot give GLib's flags: ${detail}`, {
      hint: "Install GLib's development files and pkg-config (Debian: apt-get install libglib2.0-dev pkg-config), or set run.crispy to \"off\" in tck.config.*.",
    })
  }
}

/**
 * `-p LIB` as link words: a path (from the working directory) must exist and is found again at
 * run time through an rpath; a bare name is a file the linker finds (`-l:libgio-2.0.so.0`).
 * `--push-state --no-as-needed` keeps it when nothing calls it (its constructors still run before
 * main); tcc links every library it is given and knows no such option.
 */
export function preloadLibs(preloads: string[], cwd: string, compiler: string): string[] {
  return preloads.flatMap((library) => {
    let words: string[]
    if (library.includes('/')) {
      const path = resolve(cwd, library)
      if (!existsSync(path)) {
        throw new (api().TckError)('USAGE', `--preload ${library}: no such file (${path})`, {
          hint: 'Give the path of a shared library, or a library file name the linker finds, e.g. -p libgio-2.0.so.0.',
        })
      }
      words = [path, `-Wl,-rpath=${dirname(path)}`]
    } else {
      words = [`-l:${/\.so(\.|$)/.test(library) ? library : `${library}.so`}`]
    }
    return compiler === 'tcc' ? words : ['-Wl,--push-state,--no-as-needed', ...words, '-Wl,--pop-state']
  })
}
