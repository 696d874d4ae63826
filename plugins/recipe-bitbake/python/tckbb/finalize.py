"""After a recipe's statements: bbappends, then per variant (the recipe and each BBCLASSEXTEND
variant) deferred inherits, event handlers, key expansion, anonymous functions and the task list,
in BitBake's order. A SkipRecipe anywhere marks that variant skipped with its message."""
import bb
from tckbb import context, include


def multi_finalize(fn, d):
    for append in (d.getVar("__BBAPPEND") or "").split():
        include.handle(append, d, True)
    only = d.getVar("__ONLYFINALISE", False)
    unfinalised = d
    d = unfinalised.createCopy()
    try:
        finalize(fn, d)
    except bb.parse.SkipRecipe as e:
        d.setVar("__SKIPPED", e.args[0])
    stores = {"": unfinalised}

    extended = d.getVar("BBCLASSEXTEND") or ""
    if extended:
        classes, variants = {}, {}
        for ext in extended.split():
            parts = ext.split(":", 2)
            classes[ext] = parts[0]
            if len(parts) > 1:
                variants[ext] = parts[1]
        pn = d.getVar("PN")

        def extend(name, variant_d):
            if name != classes[name]:
                variant_d.setVar("BBEXTENDCURR", classes[name])
                variant_d.setVar("BBEXTENDVARIANT", variants[name])
            else:
                variant_d.setVar("PN", "%s-%s" % (pn, name))
            include.inherit_defer(classes[name], fn, 0, variant_d)

        unfinalised.setVar("BBCLASSEXTEND", extended)
        for name in classes:
            if only and name not in only:
                continue
            variant_d = unfinalised.createCopy()
            extend(name, variant_d)
            stores[name] = variant_d

    for variant in list(stores):
        if variant and (not only or variant in only):
            try:
                finalize(fn, stores[variant], variant)
            except bb.parse.SkipRecipe as e:
                stores[variant].setVar("__SKIPPED", e.args[0])
    stores[""] = d
    return stores


def finalize(fn, d, variant=None):
    saved = bb.event.get_handlers().copy()
    try:
        if d.getVar("_FAILPARSINGERRORHANDLED", False) is True:
            raise bb.BBHandledException()
        deferred = [entry[0] for entry in (d.getVar("__BBDEFINHERITS", False) or [("",)])]
        bb.event.fire(bb.event.RecipePreDeferredInherits(fn, deferred), d)
        while True:
            pending = d.getVar("__BBDEFINHERITS", False) or []
            if not pending:
                break
            classes, filename, lineno = pending.pop(0)
            d.setVar("__BBDEFINHERITS", pending)
            include.inherit(classes, filename, lineno, d, deferred=True)

        for name in d.getVar("__BBHANDLERS", False) or []:
            filename = d.getVarFlag(name, "filename", False)
            if not filename:
                bb.fatal("Undefined event handler function '%s'" % name)
            lineno = int(d.getVarFlag(name, "lineno", False))
            bb.event.register(name, d.getVar(name, False), (d.getVarFlag(name, "eventmask") or "").split(), filename, lineno, data=d)

        bb.event.fire(bb.event.RecipePreFinalise(fn), d)
        bb.data.expandKeys(d)
        bb.event.fire(bb.event.RecipePostKeyExpansion(fn), d)
        run_anonymous_functions(d)

        tasks = d.getVar("__BBTASKS", False) or []
        bb.event.fire(bb.event.RecipeTaskPreProcess(fn, list(tasks)), d)
        _virtual_recipe_providers(tasks, d)
        bb.build.add_tasks(tasks, d)
        d.setVar("BBINCLUDED", bb.parse.get_file_depends(d))
        if d.getVar("__BBAUTOREV_SEEN") and d.getVar("__BBSRCREV_SEEN") and not d.getVar("__BBAUTOREV_ACTED_UPON"):
            bb.fatal("AUTOREV/SRCPV set too late for the fetcher to work properly, please set the variables earlier in parsing.")
        bb.event.fire(bb.event.RecipeParsed(fn), d)
    finally:
        bb.event.set_handlers(saved)


class AnonymousFunctionError(Exception):
    """An anonymous function raised: names it so the error can say which one and where."""

    def __init__(self, function, error):
        Exception.__init__(self, "%s: %s" % (type(error).__name__, error))
        self.function = function
        self.error = error


def run_anonymous_functions(d):
    functions = context.globals()
    for name in d.getVar("__BBANONFUNCS", False) or []:
        try:
            functions[name](d)
        except (bb.parse.SkipRecipe, bb.BBHandledException, bb.data_smart.ExpansionError):
            raise
        except Exception as error:
            raise AnonymousFunctionError(name, error) from error


def _virtual_recipe_providers(tasks, d):
    """DEPENDS and task depends on BB_RECIPE_VIRTUAL_PROVIDERS become their preferred provider."""
    virtuals = (d.getVar("BB_RECIPE_VIRTUAL_PROVIDERS") or "").split()
    depends = []
    for dep in (d.getVar("DEPENDS") or "").split():
        if dep in virtuals:
            provider = d.getVar("PREFERRED_PROVIDER_" + dep)
            if not provider:
                bb.fatal("Error, recipe virtual provider PREFERRED_PROVIDER_%s not set" % dep)
            depends.append(provider)
        else:
            depends.append(dep)
    d.setVar("DEPENDS", " ".join(depends))
    for task in tasks:
        remapped = []
        for entry in (d.getVarFlag(task, "depends") or "").split():
            recipe, name = entry.split(":")
            if recipe in virtuals:
                recipe = d.getVar("PREFERRED_PROVIDER_" + recipe)
            remapped.append("%s:%s" % (recipe, name))
        d.setVarFlag(task, "depends", " ".join(remapped))
