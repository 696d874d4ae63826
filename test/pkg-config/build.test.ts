/** The pkg-config plugin in a build: `attrs.pkgs` brings GLib's flags to argv and shell tasks, and its version into the key. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {requireProgram} from '../helpers/programs.js'

const program = `#include <glib.h>
#include <stdio.h>
int main(void) { GString *s = g_string_new("glib"); printf("%s %d\\n", s->str, GLIB_MAJOR_VERSION); return 0; }
`

async function linkedEnv() {
  const env = isolatedEnv()
  const link = await tck(['plugins', 'link', join(repoRoot, 'plugins/pkg-config'), '--no-install'], {env})
  if (link.code !== 0) throw new Error(`link failed: ${link.stderr}`)
  return env
}

test('an argv task gets the cflags after the compiler and the libs at the end; a shell task gets $PKG_CFLAGS and $PKG_LIBS', async (t) => {
  if (!requireProgram(t, 'pkg-config', 'pkg-config')) return
  const env = await linkedEnv()
  const dir = projectWith({
    'main.c': program,
    'tck.config.json': JSON.stringify({
      tasks: {
        argv: {run: ['cc', 'main.c', '-o', 'argv.out'], inputs: ['main.c'], outputs: ['argv.out'], attrs: {pkgs: 'glib-2.0'}},
        shell: {run: 'cc $PKG_CFLAGS main.c -o shell.out $PKG_LIBS', inputs: ['main.c'], outputs: ['shell.out'], attrs: {pkgs: 'glib-2.0'}},
      },
    }),
  })
  const build = await tck(['build', '--cwd', dir], {env})
  t.is(build.code, 0, build.stderr)
  for (const binary of ['argv.out', 'shell.out']) t.is(execFileSync(join(dir, binary), {encoding: 'utf8'}), 'glib 2\n')

  const manifests = JSON.parse(readFileSync(join(dir, '.tck/explain/current.json'), 'utf8')).tasks
  const glib = execFileSync('pkg-config', ['--modversion', 'glib-2.0'], {encoding: 'utf8'}).trim()
  for (const task of ['argv', 'shell']) {
    const part = manifests[task].parts.find(({kind}: {kind: string}) => kind === 'pkg-config')
    t.true(part?.value.includes(glib), `${task}: the package version ${glib} is a key part: ${JSON.stringify(part)}`)
  }
})
