/**
 * The datastore, through the python worker that evaluates metadata: BitBake's expansion,
 * override, :append/:prepend/:remove, flag and key-expansion behaviours (those BitBake's own
 * bb.tests.data checks), each written anew against a fresh datastore `d`.
 */
import test from 'ava'
import {pythonWorker} from './helpers.js'

const worker = pythonWorker()
test.after.always(() => worker.close())

const setup = `d.setVar("foo", "value_of_foo"); d.setVar("bar", "value_of_bar"); d.setVar("value_of_foo", "value_of_'value_of_foo'")\n`
const cases: Array<[string, string, unknown]> = [
  ['a reference expands', 'result = d.expand("${foo}")', 'value_of_foo'],
  ['references nest', 'result = d.expand("${${foo}} ${bar}")', "value_of_'value_of_foo' value_of_bar"],
  ['inline python evaluates', 'result = [d.expand("${@5*12}"), d.expand("${@{ \'green\': 1, \'blue\': 2 }[\'green\']}")]', ['60', '1']],
  ['python that still contains an unexpandable reference is left as written', 'd.setVar("bar", "${unsetvar}"); result = d.expand("${@2*2},${foo},${@d.getVar(\'foo\') + \' ${bar}\'},${foo}")', "4,value_of_foo,${@d.getVar('foo') + ' ${unsetvar}'},value_of_foo"],
  ['references inside python expand first', 'result = [d.expand("${@\'boo \' + \'${foo}\'}"), d.expand("${@d.getVar(\'foo\') + \' ${bar}\'}")]', ['boo value_of_foo', 'value_of_foo value_of_bar']],
  ['an undefined reference stays', 'result = d.expand("${undefinedvar} meh")', '${undefinedvar} meh'],
  ['unbalanced ${ is not an expression', 'd.setVar("FOO", "sed -i -e \'s:IP{:I${:g\' $pc"); result = d.getVar("FOO")', "sed -i -e 's:IP{:I${:g' $pc"],
  ['a name inline python does not know is read as a variable', 'd.setVar("PN", "zlib"); result = d.expand("${@PN + \'-dev\'}")', 'zlib-dev'],
  ['non-string values come back as they were stored', 'd.setVar("TEST", 5); result = str(d.getVar("TEST"))', '5'],
  ['rename, delete and keys', 'd.renameVar("foo", "newfoo"); n = d.createCopy(); n.delVar("bar"); result = [d.getVar("newfoo", False), d.getVar("foo", False), sorted(n.keys())]', ['value_of_foo', null, ['newfoo', 'value_of_foo']]],
  ['prependVar and appendVar apply when read', 'd.setVar("TEST", "${bar}"); d.prependVar("TEST", "${foo}:"); d.appendVar("TEST", ":x"); d.appendVar("TEST", ":${bar}"); result = d.getVar("TEST")', 'value_of_foo:value_of_bar:x:value_of_bar'],
  [':append and :prepend on an unset variable', 'd.setVar("T:prepend", "a:"); d.setVar("T:append", ":b"); result = d.getVar("T")', 'a::b'],
  [':remove removes words and keeps the whitespace around the rest', 'd.setVar("T", "${foo} ${bar}"); d.setVar("T:remove", "value_of_foo"); d.setVar("U", " A B"); d.setVar("U:remove", "B"); d.setVar("W", " A B"); d.setVar("W:remove", "C"); result = [d.getVar("T"), d.getVar("U"), d.getVar("W")]', [' value_of_bar', ' A ', ' A B']],
  [':remove expands what it removes, and a later set clears it', 'd.setVar("T", "A B C D"); d.setVar("R", "B D"); d.setVar("T:remove", "${R}"); a = d.getVar("T"); d.setVar("T", "A B"); result = [a, d.getVar("T")]', ['A  C ', 'A B']],
  ['an inactive :remove leaves the value untouched', 'd.setVar("T", "a b    1"); d.setVar("T:remove:inactive", "a"); result = d.getVar("T")', 'a b    1'],
  ['the override listed last in OVERRIDES wins', 'd.setVar("OVERRIDES", "foo:bar:local"); d.setVar("T", "v"); d.setVar("T:bar", "2"); d.setVar("T:local", "3"); d.setVar("T:foo", "4"); result = [d.getVar("T"), sorted(d.keys())]', ['3', ['OVERRIDES', 'T', 'T:bar', 'T:foo', 'T:local', 'bar', 'foo', 'value_of_foo']]],
  ['combined overrides need every part active, and beat single ones', 'd.setVar("OVERRIDES", "foo:bar:local"); d.setVar("T:local", "single"); d.setVar("T:local:foo:bar", "combined"); d.setVar("U:local:nope", "x"); result = [d.getVar("T"), d.getVar("U")]', ['combined', null]],
  ['overrides set after OVERRIDES changes take effect', 'd.setVar("E", ""); d.setVar("E:class-target", "b"); d.setVar("E:append", " c"); d.appendVar("E", " d"); d.setVar("OVERRIDES", "class-target"); result = d.getVar("E")', 'b c d'],
  ['an :append of the base applies over an override; an override\'s own :append applies to it', 'd.setVar("OVERRIDES", "bar"); d.setVar("T", "v"); d.setVar("T:append", "A"); d.setVar("T:bar", "O"); d.setVar("U", "v"); d.setVar("U:bar:append", "B"); d.setVar("V", "v"); d.setVar("V:append:bar", "C"); d.setVar("X:append:unused", "D"); result = [d.getVar("T"), d.getVar("U"), d.getVar("V"), d.getVar("X")]', ['OA', 'B', 'vC', null]],
  [':remove inside an override value', 'd.setVar("OVERRIDES", "foo:bar:some_val"); d.setVar("T:some_val", "t3 t5"); d.setVar("T:some_val:remove", "t3"); result = d.getVar("T")', ' t5'],
  ['key expansion renames ${...} names, the later name replacing an existing one', 'd.setVar("FOO", "foo"); d.setVar("BAR", "foo"); d.setVar("VAL_${FOO}", "A"); d.setVar("VAL_${BAR}", "B"); bb.data.expandKeys(d); result = d.getVar("VAL_foo")', 'A'],
  ['key expansion with overrides in the name', 'd.setVar("TARGET_ARCH", "x86_64"); d.setVar("PN", "test-${TARGET_ARCH}"); d.setVar("VERSION", "1"); d.setVar("VERSION:pn-test-${TARGET_ARCH}", "2"); d.setVar("OVERRIDES", "pn-${PN}"); bb.data.expandKeys(d); result = d.getVar("VERSION")', '2'],
  ['renaming keeps an override of the renamed name', 'd.setVar("ALT:ncurses-tools:class-target", "a"); d.setVar("OVERRIDES", "class-target"); d.renameVar("ALT:ncurses-tools", "ALT:lib32-ncurses-tools"); result = d.getVar("ALT:lib32-ncurses-tools")', 'a'],
  ['flags: set, expand, delete, and delVar drops them', 'd.setVar("F", "x"); d.setVarFlag("F", "flag1", "${foo}"); d.setVarFlag("F", "flag2", "v2"); a = d.getVarFlag("F", "flag1"); b = d.getVarFlag("F", "flag1", False); d.delVarFlag("F", "flag2"); c = sorted((d.getVarFlags("F") or {}).keys()); d.delVar("F"); result = [a, b, c, d.getVarFlag("F", "flag1")]', ['value_of_foo', '${foo}', ['flag1'], null]],
  ['bb.utils.contains, contains_any and filter', 'd.setVar("F", "a b c"); u = bb.utils; result = [u.contains("F", "a c", "y", "n", d), u.contains("F", ["a", "x"], "y", "n", d), u.contains_any("F", "x c", "y", "n", d), u.filter("F", "c a x", d)]', ['y', 'n', 'y', 'a c']],
  ['a copy sees its parent, and its own writes stay its own', 'c = d.createCopy(); c.setVar("foo", "changed"); c.setVar("new", "n"); result = [d.getVar("foo"), c.getVar("foo"), d.getVar("new"), c.getVar("bar")]', ['value_of_foo', 'changed', null, 'value_of_bar']],
  ['OVERRIDES naming a variable that an override changes settles as in BitBake', 'd.setVar("OVERRIDES", "pn-${PN}:class-x"); d.setVar("PN", "a"); d.setVar("PN:class-x", "b"); result = [d.getVar("OVERRIDES"), d.getVar("PN")]', ['pn-b:class-x', 'b']],
  ['a change of the active overrides recomputes what tested them, and keeps the rest', 'd.setVar("OVERRIDES", "one"); d.setVar("V", "base"); d.setVar("V:two", "two"); d.setVar("A", "${V}!"); d.setVar("B", "${bar}!"); a = [d.getVar("A"), d.getVar("B")]; d.setVar("OVERRIDES", "two"); result = a + [d.getVar("A"), d.getVar("B"), "B" in d.expand_cache]', ['base!', 'value_of_bar!', 'two!', 'value_of_bar!', true]],
  ['recipes share what one computed from the configuration, never what a recipe changed', `d.setVar("A", "\${B}-\${C}"); d.setVar("B", "b"); d.setVar("C", "c"); d.share_expansions()
r1 = d.createCopy(); a1 = r1.getVar("A"); shared = "A" in d._shared.values
r2 = d.createCopy(); r2.setVar("C", "z"); a2 = r2.getVar("A")
r3 = d.createCopy(); result = [a1, shared, a2, r3.getVar("A"), r1.getVar("A")]`, ['b-c', true, 'b-z', 'b-c', 'b-c']],
  ['a shared expansion that tested an override is not used where that override differs', `d.setVar("OVERRIDES", "\${CLASSOVERRIDE}"); d.setVar("CLASSOVERRIDE", "class-target"); d.setVar("V", "base"); d.setVar("V:class-native", "native"); d.setVar("A", "\${V}!"); d.share_expansions()
r1 = d.createCopy(); r1.need_overrides(); a1 = r1.getVar("A"); r2 = d.createCopy(); r2.setVar("CLASSOVERRIDE", "class-native"); a2 = r2.getVar("A"); r3 = d.createCopy(); result = [a1, a2, r3.getVar("A")]`, ['base!', 'native!', 'base!']],
  ['an expansion that writes to the datastore is not shared: each recipe makes the write', `d.setVar("A", "\${@d.setVar('SEEN', d.getVar('bar')) or 'x'}"); d.share_expansions()
r1 = d.createCopy(); r1.setVar("SEEN", "no"); r1.getVar("A"); r2 = d.createCopy(); r2.setVar("SEEN", "no"); r2.getVar("A")
result = [r1.getVar("SEEN"), r2.getVar("SEEN"), "A" in d._shared.values]`, ['value_of_bar', 'value_of_bar', false]],
  ['a flag\'s cached expansion outlives writes to other flags, not to its own', 'd.setVar("X", "1"); d.setVarFlag("T", "depends", "${X}"); a = d.getVarFlag("T", "depends"); d.prependVarFlag("T", "prefuncs", "p "); kept = "T[depends]" in d.expand_cache; d.setVarFlag("T", "depends", "${X}2"); b = d.getVarFlag("T", "depends"); d.delVar("T"); c = d.getVarFlag("T", "depends"); d.setVarFlag("T", "_defaultval_flag_depends", "weak"); result = [a, kept, b, c, d.getVarFlag("T", "depends")]', ['1', true, '12', null, 'weak']],
  ['tasksbetween follows every chain, also through a task flag set without addtask (as BitBake gives it)', `for t, after in [('do_a', None), ('do_b', 'do_a'), ('do_c', 'do_a'), ('do_d', 'do_b do_c'), ('do_e', 'do_d'), ('do_x', None)]:
    d.setVar(t, 'true'); bb.build.addtask(t, None, after, d)
d.setVarFlag('do_y', 'task', '1'); d.setVarFlag('do_y', 'deps', ['do_c']); d.setVarFlag('do_e', 'deps', ['do_d', 'do_y'])
result = bb.build.tasksbetween('do_a', 'do_e', d)`, ['do_a', 'do_b', 'do_d', 'do_e', 'do_c', 'do_y']],
  ['a cached expansion is recomputed when something it read changes', 'd.setVar("A", "${B}"); d.setVar("B", "1"); a = d.getVar("A"); d.setVar("B", "2"); b = d.getVar("A"); d.setVar("C", "${@d.getVar(\'B\')}x"); c = d.getVar("C"); d.setVar("B", "3"); result = [a, b, c, d.getVar("C")]', ['1', '2', '2x', '3x']],
]

for (const [name, code, expected] of cases) {
  test(name, async (t) => {
    t.deepEqual(await worker.run(setup + code), expected)
  })
}

const failures: Array<[string, string, RegExp]> = [
  ['direct recursion is an error naming the variable', 'd.setVar("FOO", "${FOO}")', /variable FOO references itself/],
  ['indirect recursion is an error, not a hang', 'd.setVar("FOO", "${BAR}"); d.setVar("BAR", "${BAZ}"); d.setVar("BAZ", "${FOO}")', /Failure expanding variable/],
  ['a python syntax error in ${@...}', 'd.setVar("FOO", "${@foo = 5}")', /SyntaxError/],
  ['a python exception in ${@...} names the variable chain', 'd.setVar("FOO", "foo ${BAR}"); d.setVar("BAR", "bar ${@int(\'test\')}")', /ValueError.*\n.*chain for the failure is: BAR -> FOO/],
]

for (const [name, code, pattern] of failures) {
  test(name, async (t) => {
    const message = await worker.run(`${code}\ntry:\n    d.getVar("FOO")\n    result = None\nexcept bb.data_smart.ExpansionError as e:\n    result = str(e)\n`)
    t.regex(String(message), pattern)
  })
}
