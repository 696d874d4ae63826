"""bb.parse.ConfHandler: include, as metadata python calls it."""
from tckbb.include import include, include_single_file  # noqa: F401
