"""The keys of a datastore: iteration as BitBake iterates (deleted entries hidden, base names of
active overrides included), the ${ keys key expansion renames, and flattening the configuration."""
from tckbb.layers import ACTIVE_OVERRIDES, DOLLAR_KEYS, SENSITIVE, LAYER_PARENT as _LAYER_PARENT, active as _active


class Keys:
    def flatten(self):
        """Merges the layer chain into one (for the configuration every recipe copies)."""
        layers = []
        layer = self.dict
        while layer:
            layers.append(layer)
            layer = layer.get(_LAYER_PARENT)
        merged = {}
        for layer in reversed(layers):
            for key, value in layer.items():
                if key != _LAYER_PARENT:
                    merged[key] = value
        self.dict = merged
        DOLLAR_KEYS[id(merged)] = (merged, [key for key in merged if "${" in key], len(merged))

    def expandVarref(self, variable, parents=False):
        keys = iter(self) if parents else self.localkeys()
        ref = "${%s}" % variable
        value = self.getVar(variable, False)
        for key in list(keys):
            referrer = self.getVar(key, False)
            if referrer and isinstance(referrer, str) and ref in referrer:
                self.setVar(key, referrer.replace(ref, value))

    def keys_to_expand(self):
        """The keys of `iter(self)` that contain ${, without walking every key of the (large,
        flattened) configuration layer each time: its ${ keys are listed once."""
        deleted, found = set(), set()
        self.need_overrides()
        overridden = {var for var, pairs in self.overridedata.items() if any(_active(o, self.overridesset) for _, o in pairs)}
        layer = self.dict
        while layer:
            listed = DOLLAR_KEYS.get(id(layer))
            keys = listed[1] if listed is not None and listed[0] is layer and listed[2] == len(layer) else layer
            for key in keys:
                if key == _LAYER_PARENT or key in deleted or key in overridden:
                    continue
                if not layer[key]:
                    deleted.add(key)
                elif "${" in key:
                    found.add(key)
            layer = layer.get(_LAYER_PARENT)
        return found | {key for key in overridden if "${" in key}

    def localkeys(self):
        for key in self.dict:
            if key != _LAYER_PARENT:
                yield key

    def __iter__(self):
        if self._frames:
            self._frames[-1].update(("\0all", ACTIVE_OVERRIDES, SENSITIVE))
        deleted = set()
        overridden = set()
        self.need_overrides()
        for var, pairs in self.overridedata.items():
            for _, override in pairs:
                if _active(override, self.overridesset):
                    overridden.add(var)

        def keylist(layer):
            found = set()
            for key in layer:
                if key == _LAYER_PARENT or key in deleted or key in overridden:
                    continue
                if not layer[key]:
                    deleted.add(key)
                    continue
                found.add(key)
            if _LAYER_PARENT in layer:
                found |= keylist(layer[_LAYER_PARENT])
            return found

        for key in keylist(self.dict):
            yield key
        for key in overridden:
            yield key

