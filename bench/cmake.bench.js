// A CMake project, side by side: `tck configure && tck build` against plain
// `cmake -G Ninja -B b && cmake --build b` on the same generated project (8 libraries of 12
// sources and an executable each), clean and with nothing changed. Both build Debug (plain gets
// -DCMAKE_BUILD_TYPE=Debug, tck's default) with no compiler launcher, so both do the same compiles;
// a ccache row shows a second clean build served by the cache. Turns alternate (3 clean, 5 with no
// change); best of each.
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {bestOfTurns, sideBySide} from './measure.js'

const root = new URL('..', import.meta.url).pathname
const LIBRARIES = 8
const SOURCES = 12

function source(library, index) {
  // Enough of the standard library that a compile takes a realistic fraction of a second.
  return `#include <map>\n#include <sstream>\n#include <string>\n#include <vector>\n#include "lib${library}.h"\n
std::string lib${library}_part${index}(int n) {
  std::map<int, std::vector<std::string>> table;
  for (int i = 0; i < n; ++i) table[i % 7].push_back(std::to_string(i * ${index + 1}));
  std::ostringstream out;
  for (const auto &row : table) out << row.first << ':' << row.second.size() << ';';
  return out.str();
}\n`
}

function generate(dir) {
  const lines = ['cmake_minimum_required(VERSION 3.21)', 'project(bench LANGUAGES CXX)', 'set(CMAKE_CXX_STANDARD 17)']
  for (let library = 0; library < LIBRARIES; library++) {
    const lib = join(dir, `lib${library}`)
    mkdirSync(lib, {recursive: true})
    const parts = Array.from({length: SOURCES}, (_, index) => `part${index}.cpp`)
    parts.forEach((name, index) => writeFileSync(join(lib, name), source(library, index)))
    writeFileSync(join(lib, `lib${library}.h`), `#pragma once\n#include <string>\n${parts.map((_, index) => `std::string lib${library}_part${index}(int n);`).join('\n')}\n`)
    writeFileSync(join(lib, 'main.cpp'), `#include <iostream>\n#include "lib${library}.h"\nint main() { std::cout << lib${library}_part0(10) << std::endl; }\n`)
    writeFileSync(join(lib, 'CMakeLists.txt'), `add_library(lib${library} ${parts.join(' ')})\ntarget_include_directories(lib${library} PUBLIC \${CMAKE_CURRENT_SOURCE_DIR})\nadd_executable(app${library} main.cpp)\ntarget_link_libraries(app${library} PRIVATE lib${library})\n`)
    lines.push(`add_subdirectory(lib${library})`)
  }
  writeFileSync(join(dir, 'CMakeLists.txt'), `${lines.join('\n')}\n`)
}

export default async function run() {
  const base = mkdtempSync(join(tmpdir(), 'tck-bench-cmake-'))
  const [ours, plain, cached] = ['tck', 'plain', 'ccache'].map((name) => join(base, name))
  for (const dir of [ours, plain, cached]) {
    mkdirSync(dir)
    generate(dir)
  }
  const settings = (launcher) => JSON.stringify({plugins: {cmake: {toolchain: 'system:gcc', generator: 'Ninja', launcher}}})
  writeFileSync(join(ours, 'tck.config.json'), settings('none'))
  writeFileSync(join(cached, 'tck.config.json'), settings('ccache'))
  const env = `XDG_DATA_HOME=${base}/data XDG_CACHE_HOME=${base}/cache CCACHE_DIR=${base}/ccache TCK_QUIET=1`
  // Through the front door, as a user runs it: bin/tck serves a no-change build from its record in sh.
  const tck = `${env} ${join(root, 'bin/tck')}`
  const tckBuild = `${tck} configure && ${tck} build --progress none`
  const plainBuild = 'cmake -G Ninja -DCMAKE_BUILD_TYPE=Debug -B b && cmake --build b'
  const inDir = (dir, script) => ['bash', '-c', `cd ${dir} && ${script}`]
  const clean = 'rm -rf build b .tck CMakeUserPresets.json'

  const [tckClean, plainClean] = await bestOfTurns([inDir(ours, `${clean} && ${tckBuild}`), inDir(plain, `${clean} && ${plainBuild}`)], 3)
  const [tckNoChange, plainNoChange] = await bestOfTurns([inDir(ours, tckBuild), inDir(plain, plainBuild)], 5)
  // The everyday command alone, and what tck's Node host costs before any CMake work (a project
  // with no task, the no-change record switched off).
  const empty = join(base, 'empty')
  mkdirSync(empty)
  writeFileSync(join(empty, 'tck.config.json'), '{}')
  const [tckBuildOnly, plainBuildOnly, hostOnly] = await bestOfTurns([inDir(ours, `${tck} build --progress none`), inDir(plain, 'cmake --build b'), inDir(empty, `TCK_NO_UNCHANGED=1 ${tck} build --progress none`)], 5)
  // ccache: one cold build fills it; the timed clean builds are then served from it.
  execFileSync('bash', ['-c', `cd ${cached} && ${tckBuild}`], {stdio: 'ignore'})
  const [ccacheClean] = await bestOfTurns([inDir(cached, `rm -rf build && ${tckBuild}`)], 2)

  const ms = (value) => Math.round(value)
  const note = `${LIBRARIES * SOURCES + LIBRARIES} compiles, ${LIBRARIES * 2} links`
  return [
    sideBySide('clean configure + build (wall)', ms(tckClean.wall), 'ms', 'cmake + ninja', ms(plainClean.wall), note),
    sideBySide('clean configure + build (CPU)', ms(tckClean.cpu), 'ms', 'cmake + ninja', ms(plainClean.cpu), note),
    sideBySide('no-change configure + build (wall)', ms(tckNoChange.wall), 'ms', 'cmake + ninja', ms(plainNoChange.wall), 'tck skips the configure; cmake re-runs it'),
    sideBySide('no-change configure + build (CPU)', ms(tckNoChange.cpu), 'ms', 'cmake + ninja', ms(plainNoChange.cpu)),
    sideBySide('no-change tck build alone (wall)', ms(tckBuildOnly.wall), 'ms', 'cmake --build b', ms(plainBuildOnly.wall)),
    sideBySide('no-change tck build alone (CPU)', ms(tckBuildOnly.cpu), 'ms', 'cmake --build b', ms(plainBuildOnly.cpu)),
    sideBySide('tck build of an empty project (CPU)', ms(hostOnly.cpu), 'ms', 'cmake --build b', ms(plainBuildOnly.cpu), 'the Node host\'s start-up, no CMake work'),
    sideBySide('clean build, warm ccache (wall)', ms(ccacheClean.wall), 'ms', 'cmake + ninja, no cache', ms(plainClean.wall), 'tck with launcher ccache, build/ removed'),
  ]
}
