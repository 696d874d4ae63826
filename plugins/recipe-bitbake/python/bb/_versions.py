"""bb.utils' versions and dependency strings: comparing versions as BitBake orders them (epoch,
version, revision; digits, letters, '~' before all), and RDEPENDS-style `name (op version)` lists."""
import collections
import re
import string


class VersionStringException(Exception):
    """Exception raised when an invalid version specification is found"""


def explode_version(s):
    """A version as comparable parts: digits (0, n), letters (1, s), '~' (-1), other (2, c)."""
    parts = []
    while s:
        head = s[0]
        if head in string.digits:
            run = re.match(r"\d+", s).group()
            parts.append((0, int(run)))
            s = s[len(run):]
        elif head in string.ascii_letters:
            run = re.match(r"[a-zA-Z]+", s).group()
            parts.append((1, run))
            s = s[len(run):]
        else:
            parts.append((-1, head) if head == "~" else (2, head))
            s = s[1:]
    return parts


def split_version(s):
    """'pe:pv-pr' → (pe, pv, pr); pe defaults to 0 and pr to ''."""
    s = s.strip(" <>=")
    epoch = 0
    if ":" in s:
        epoch = int(s.split(":")[0])
        s = s.split(":")[1]
    revision = ""
    if "-" in s:
        s, revision = s.rsplit("-", 1)
    return (epoch, s, revision)


def vercmp_part(a, b):
    left, right = explode_version(a), explode_version(b)
    while True:
        oa, ca = left.pop(0) if left else (0, None)
        ob, cb = right.pop(0) if right else (0, None)
        if (oa, ca) == (0, None) and (ob, cb) == (0, None):
            return 0
        if oa != ob:
            return -1 if oa < ob else 1
        if ca is None:
            return -1
        if cb is None:
            return 1
        if ca != cb:
            return -1 if ca < cb else 1


def vercmp(ta, tb):
    (ea, va, ra), (eb, vb, rb) = ta, tb
    result = int(ea or 0) - int(eb or 0)
    if result == 0:
        result = vercmp_part(va, vb)
    if result == 0:
        result = vercmp_part(ra, rb)
    return result


def vercmp_string(a, b):
    return vercmp(split_version(a), split_version(b))


def vercmp_string_op(a, b, op):
    result = vercmp_string(a, b)
    tests = {"=": result == 0, "==": result == 0, "<=": result <= 0, ">=": result >= 0, ">": result > 0,
             ">>": result > 0, "<": result < 0, "<<": result < 0, "!=": result != 0}
    if op not in tests:
        raise VersionStringException('Unsupported comparison operator "%s"' % op)
    return tests[op]


def explode_deps(s):
    """The names of an RDEPENDS-style string, version constraints in parentheses left out."""
    names = []
    in_version = False
    for word in s.split():
        if word[0] == "(":
            in_version = True
        if not in_version:
            names.append(word)
        if in_version and word.endswith(")"):
            in_version = False
    return names


_comparisons_two = ("<=", "=<", "<<", "==", "!=", ">=", "=>", ">>")


def explode_dep_versions2(s, *, sort=True):
    """An RDEPENDS-style string as an ordered dict: name → ['op version', ...]."""
    result = collections.OrderedDict()
    last = None
    comparison = version = ""
    want_comparison = in_version = False
    for word in s.replace(",", "").split():
        if word[0] == "(":
            want_comparison = True
            word = word[1:].strip()
            if not word:
                continue
        if want_comparison:
            want_comparison = False
            in_version = True
            if word.startswith(_comparisons_two):
                comparison, word = word[:2], word[2:]
            elif word.startswith(("<", ">", "=")):
                comparison, word = word[:1], word[1:]
            else:
                raise VersionStringException('Invalid version specification in "(%s" - invalid or missing operator' % word)
            if not word:
                continue
        if in_version:
            if word.endswith(")"):
                word = word[:-1] or ""
                in_version = False
                if version and word:
                    version += " "
            if word:
                version += word
                result.setdefault(last, []).append(comparison + " " + version)
            continue
        last = word
        version = comparison = ""
        if not (word in result and result[word]):
            result[last] = []
    if sort:
        result = collections.OrderedDict(sorted(result.items(), key=lambda item: item[0]))
    return result


def explode_dep_versions(s):
    result = explode_dep_versions2(s)
    for name in result:
        if not result[name]:
            result[name] = None
            continue
        if len(result[name]) > 1:
            import bb
            bb.warn("explode_dep_versions(): Item %s appeared in dependency string '%s' multiple times with different values.  explode_dep_versions cannot cope with this." % (name, s))
        result[name] = result[name][0]
    return result


def join_deps(deps, commasep=True):
    """The inverse of explode_dep_versions2: 'name (op version)' items, comma separated."""
    items = []
    for name in deps:
        versions = deps[name]
        if versions:
            if isinstance(versions, list):
                for version in versions:
                    items.append(name + " (" + version + ")")
            else:
                items.append(name + " (" + versions + ")")
        else:
            items.append(name)
    return (", " if commasep else " ").join(items)
