"""The reserved names: every name the generated code already uses, that a spec's names may not take as they are.

Spec validation (spec_checks.py) refuses a clash with these sets with one line, or the generator handles it with a
suffix (a field `copy` -> attribute `copy_`); names.py derives the generated names with them in view.
"""

from __future__ import annotations

# --- what Python reserves --------------------------------------------------------------------------------------------

# Python's keywords, and the soft keywords of Python 3.11, as a fixed list: the generated names must not depend on the
# Python that runs Copier (3.12 made `type` a soft keyword, which is no problem as a name).
PYTHON_KEYWORDS = frozenset(
    {
        *("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def"),
        *("del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is"),
        *("lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"),
        *("_", "case", "match"),
    }
)

# Names ruff refuses as ambiguous (E741, E742): I, O and l look like 1 and 0.
AMBIGUOUS_NAMES = frozenset({"I", "O", "l"})

# --- attributes a generated class cannot take as they are ----------------------------------------------------------

# What Pydantic's BaseModel defines (the request and response schemas, which turn its protected namespaces off, so
# that `model_dump_` or `model_name` are fields like any other).
PYDANTIC_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
# What SQLAlchemy's declarative base and Advanced Alchemy's model bases define (the columns they add are refused as
# collisions instead: see GENERATED_COLUMNS), and `self`, the first parameter of the declarative constructor
# (`__init__(self, **kwargs)`: a column `self` given to it is a TypeError).
MODEL_ATTRIBUTES = frozenset({"awaitable_attrs", "metadata", "registry", "self", "to_dict", "validate_tz_info"})
# Names the bodies of generated classes use: annotations (`str`, `list[...]`, `datetime.date`), decorators and calls.
# A field of one of these names would shadow it for the fields after it.
CLASS_BODY_NAMES = frozenset(
    {
        "bool",
        "bytes",
        "classmethod",
        "conv",
        "datetime",
        "dict",
        "enum_values",
        "field_validator",
        "float",
        "int",
        "list",
        "mapped_column",
        "object",
        "property",
        "relationship",
        "str",
    }
)
# Modules the generated code imports by name.
IMPORTED_MODULES = frozenset({"datetime", "decimal", "enum", "op", "sa", "typing", "uuid"})
RESERVED_ATTRIBUTES = PYDANTIC_ATTRIBUTES | MODEL_ATTRIBUTES | CLASS_BODY_NAMES | IMPORTED_MODULES


def attribute_reason(name: str) -> str | None:
    """Why `name` cannot be a class attribute of a generated model or schema as it is, or None if it can."""
    if name in PYTHON_KEYWORDS:
        return "it is a Python keyword"
    if name in AMBIGUOUS_NAMES:
        return "linters refuse it as a name that looks like a digit"
    if name in RESERVED_ATTRIBUTES:
        return "SQLAlchemy, Pydantic or the generated code already use it"
    return None


def attribute(name: str) -> str:
    """The Python attribute of a field: its name, or `<name>_` where the name is taken (its column and JSON name stay
    `<name>`)."""
    return f"{name}_" if attribute_reason(name) else name


# --- module-level names beside entity and enum classes ------------------------------------------------------------

# Everything the modules holding entity or enum classes import (models, domain packages, the app): an entity or
# enum of one of these names would shadow the import, or be shadowed by it.
IMPORTED_BESIDE_ENTITIES = frozenset(
    {
        # typing and the standard library
        "Annotated",
        "Any",
        "Decimal",
        "Literal",
        "TYPE_CHECKING",
        "TypeAlias",
        "UUID",
        # SQLAlchemy
        "BigInteger",
        "Boolean",
        "CheckConstraint",
        "Column",
        "Date",
        "Enum",
        "Float",
        "ForeignKey",
        "Index",
        "Integer",
        "LargeBinary",
        "Mapped",
        "Numeric",
        "String",
        "Table",
        "Text",
        "Time",
        # Advanced Alchemy
        "BigIntAuditBase",
        "BigIntBase",
        "DateTimeUTC",
        "ForeignKeyError",
        "GUID",
        "JsonB",
        "ModelDictT",
        "OffsetPagination",
        "SQLAlchemyAsyncRepository",
        "SQLAlchemyAsyncRepositoryService",
        "MISSING",
        "SQLAlchemyPlugin",
        "StatementFilter",
        "UUIDAuditBase",
        "UUIDBase",
        # Pydantic
        "Field",
        # Litestar
        "CLIPlugin",
        "CORSConfig",
        "Controller",
        "JSONBody",
        "Litestar",
        "NamedDependency",
        "OpenAPIConfig",
        "PathParameter",
        "PydanticSchemaPlugin",
        "QueryParameter",
        "ScalarRenderPlugin",
        "SkipValidation",
        # the project's own helpers (app/lib)
        "Base64Input",
        "Base64Output",
        "BigIntId",
        "BigIntKey",
        "DateInput",
        "DateTimeInput",
        "DecimalText",
        "EmailInput",
        "EqualTo",
        "IntInput",
        "JsonInput",
        "JsonRequestsPlugin",
        "JsonResponse",
        "JsonSchemaPlugin",
        "health",
        "PageOf",
        "page_component",
        "ReadSchema",
        "RequestIdMiddleware",
        "Schema",
        "Service",
        "SortOrder",
        "TextInput",
        "TextPattern",
        "TimeInput",
        "TimeOutput",
        "UrlInput",
    }
)

# Keyword arguments that Litestar injects by name into handlers and dependencies.
LITESTAR_RESERVED_KWARGS = frozenset(
    {"body", "cookies", "data", "headers", "query", "request", "scope", "socket", "state"}
)
# The dependencies Litestar gives a CRUD controller's handlers and its `provide_<entity>_filters` by name: the list
# filters (`service_dependencies` in app/lib/filters.py), Advanced Alchemy's session and engine, and the service, whose
# name ends with SERVICE_KEY_SUFFIX (`books_service`). A filter parameter so named would be given the dependency.
DEPENDENCY_NAMES = frozenset({"db_engine", "db_session", "filters"})
SERVICE_KEY_SUFFIX = "_service"
# What the body of a `provide_<entity>_filters` function calls: a filter parameter so named would shadow it.
FILTER_HELPERS = frozenset({"any_of", "page_filters", "range_filter", "search_filter"})
