"""Variable and include history: BitBake records them only for `bitbake -e` comments; tck
keeps none, but metadata may call these."""


class NoHistory:
    """Variable history is not recorded (BitBake records it only for `bitbake -e`)."""

    def variable(self, var):
        return []

    def record(self, *args, **kwargs):
        pass

    def emit(self, *args, **kwargs):
        pass

    def get_variable_files(self, var):
        return []

    def get_variable_lines(self, var, f):
        return []

    def get_variable_refs(self, var):
        return {}

    def get_variable_items_files(self, var):
        return {}

    def del_var_history(self, var, f=None, line=None):
        pass

    def rename_variable_hist(self, old, new):
        pass


class IncludeHistory:
    def __init__(self):
        self.current = self

    def include(self, filename):
        return self

    def __enter__(self):
        pass

    def __exit__(self, *args):
        return False

    def emit(self, o, level=0):
        pass
