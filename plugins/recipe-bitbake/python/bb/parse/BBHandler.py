"""bb.parse.BBHandler: inherit and deferred inherit, as metadata python calls them."""
from tckbb.include import inherit, inherit_defer  # noqa: F401
