"""bb.data_smart: the datastore class and its expansion error."""
from tckbb.datastore import DataSmart, RENAMED as bitbake_renamed_vars, OPERATION_KEYWORDS as __setvar_keyword__  # noqa: F401
from tckbb.expansion import ExpansionError, VariableParse, DataContext  # noqa: F401
