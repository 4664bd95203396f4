"""The names registry: every name the generator derives, and the project's own routes, tables and modules.

Spec validation (spec_checks.py) refuses or handles a clash by reading the sets here and in reserved_names.py (the
names the generated code already uses), and the code layers take every derived name from `EntityNames` or
`ProjectNames`: no module but these two lists names. A name is either refused with one line, or handled by a suffix
(`class` -> module `class_`, a field `copy` -> attribute `copy_`), never left to break the generated project.
tests/unit/test_names.py and the hostile-names corpus spec check both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import inflection
from .cases import pascal_case, snake_case
from .reserved_names import (
    DEPENDENCY_NAMES,
    FILTER_HELPERS,
    LITESTAR_RESERVED_KWARGS,
    PYTHON_KEYWORDS,
    SERVICE_KEY_SUFFIX,
)

# Columns the model bases add to every table, by entity option.
PRIMARY_KEY_COLUMNS = ("id",)
UUID_EXTRA_COLUMNS = ("sa_orm_sentinel",)
AUDIT_COLUMNS = ("created_at", "updated_at")


def default_order_columns(*, audit: bool) -> tuple[str, ...]:
    """What a list is ordered by when it does not ask: the newest first, the id breaking ties (an index of both backs
    it); by id without audit columns."""
    return (AUDIT_COLUMNS[0], "id") if audit else ("id",)


def index_name(table: str, columns: tuple[str, ...]) -> str:
    """An index's name, as Advanced Alchemy's naming convention gives it to a column's index (`ix_books_title`)."""
    return f"ix_{table}_{'_'.join(columns)}"


# The longest entity name (in snake_case, the form of its module, test folder and service key, never shorter than the
# class name) and enum name the generator takes: with them, fields of PostgreSQL's 63 characters and the rest, every
# generated line still fits ruff's 120 characters (tests/specs/names_at_limits.yml holds each at its longest).
LONGEST_CLASS_NAME = 40


# PostgreSQL's longest identifier. SQLAlchemy shortens a longer name that a naming convention or `op.f()` made final
# (a hash of the whole name in its last characters), the same way in the models and the migrations; a plain name that
# long it refuses on PostgreSQL.
POSTGRESQL_IDENTIFIER_LIMIT = 63


# Query parameters of the list endpoints, (Python name, query name): every list's, a searchable entity's, and an
# audited entity's. A field filter whose query name is one of these is left out.
PAGE_QUERY_PARAMETERS = (
    ("ids", "ids"),
    ("current_page", "currentPage"),
    ("page_size", "pageSize"),
    ("order_by", "orderBy"),
    ("sort_order", "sortOrder"),
    ("cursor", "cursor"),
)
SEARCH_QUERY_PARAMETERS = (("search_string", "searchString"),)
AUDIT_QUERY_PARAMETERS = tuple(
    (f"{column}_{bound}", f"{column}{bound.capitalize()}")
    for column in ("created", "updated")
    for bound in ("after", "before")
)


# The query parameter of get and list that names the relations to add to each record (`?include=author`).
INCLUDE_PARAMETER = "include"
# The attribute that says whether an included list was cut: `tags` -> `tags_truncated` (`tagsTruncated`).
TRUNCATED_SUFFIX = "_truncated"


def truncated_attribute(relation: str) -> str:
    return relation + TRUNCATED_SUFFIX


def list_query_parameters(*, searchable: bool, audit: bool) -> tuple[tuple[str, str], ...]:
    """The fixed query parameters of an entity's list endpoint, (Python name, query name)."""
    return (
        PAGE_QUERY_PARAMETERS
        + (SEARCH_QUERY_PARAMETERS if searchable else ())
        + (AUDIT_QUERY_PARAMETERS if audit else ())
    )


# Litestar reports a parameter whose Python name starts with `data` as a body error: list filters so named take this
# prefix, which app/lib/problems.py removes again when it names the parameter in a 400.
QUERY_PARAMETER_PREFIX = "query_"


def filter_parameter(attr: str) -> str:
    """The Python name of a list filter's parameter (a field's or a relation key's): its attribute, unless Litestar or
    the provider's body already use that name (`state_`, `filters_`), or Litestar would take it for the body
    (`query_data_flag`)."""
    if attr.startswith("data"):
        return QUERY_PARAMETER_PREFIX + attr
    taken = attr in LITESTAR_RESERVED_KWARGS | FILTER_HELPERS | DEPENDENCY_NAMES or attr.endswith(SERVICE_KEY_SUFFIX)
    return f"{attr}_" if taken else attr


# --- the project's own modules, routes and tables -----------------------------------------------------------------

# Modules the template writes beside per-entity ones, by folder: a model module or domain folder of one of these
# names would replace it or be shadowed by it (tests/unit/test_names.py checks them against template/).
MODEL_FOLDER_MODULES = frozenset({"__init__", "enums"})
TEST_FOLDER_MODULES = frozenset(
    {"__init__", "conftest", "crud", "databases", "factories", "includes", "paging", "schemathesis_hooks"}
    | {"test_contract", "test_health", "test_migrations", "test_observability", "test_pool", "test_runtime"}
    | {"test_problems", "test_seed", "test_settings"}
)
# Written only with access control (`auth`).
AUTH_TEST_FOLDER_MODULES = frozenset({"access", "test_auth"})
# What pytest's default `python_functions` takes for a test: no generated helper of tests/ starts with it.
TEST_FUNCTION_PREFIX = "test"
# URL path segments the app serves itself.
HEALTH_ROUTE = "health"
OPENAPI_ROUTE = "schema"
PROJECT_ROUTES = {
    OPENAPI_ROUTE: "where the project serves its OpenAPI document",
    HEALTH_ROUTE: "the project's health check (app/lib/health.py)",
}
# Tables that are not the spec's.
PROJECT_TABLES = {"alembic_version": "Alembic's record of the database's revision"}


# --- derived names -------------------------------------------------------------------------------------------------

# Classes generated for each entity, by suffix of its class name; an entity or enum may not take one of these names.
CLASS_SUFFIXES = (
    "Create",
    "CreateBase",
    "Update",
    "UpdateBase",
    "Read",
    "ReadBase",
    "Repository",
    "Service",
    "ServiceBase",
    "Controller",
    "ControllerBase",
    "SortField",
    "Response",
    "Relation",
    "Include",
    "Id",
)


def python_module(snake: str) -> str:
    """A module or package name made of a snake_case name: `<name>_` where the name is a Python keyword."""
    return f"{snake}_" if snake in PYTHON_KEYWORDS else snake


def model_module(class_name: str) -> str:
    """The module of an entity's model in app/db/models/ (`BookTag` -> `book_tag`, `Class` -> `class_`)."""
    return python_module(snake_case(class_name))


@dataclass(frozen=True)
class EntityNames:
    """Every name derived from one entity; `plural` is the one that was recorded or derived by the plural rules."""

    class_name: str
    plural: str
    table: str
    path: str
    domain: str

    @cached_property
    def snake(self) -> str:
        return snake_case(self.class_name)

    @property
    def module(self) -> str:
        """The model module (`book_tag`, `class_`)."""
        return model_module(self.class_name)

    @property
    def package(self) -> str:
        """The domain package and the test folder."""
        return python_module(self.domain)

    def cls(self, suffix: str) -> str:
        """One of the classes generated for the entity (`BookCreate`), by its suffix in CLASS_SUFFIXES."""
        if suffix not in CLASS_SUFFIXES:
            raise KeyError(f"no class {self.class_name}{suffix} is generated; add the suffix to CLASS_SUFFIXES")
        return self.class_name + suffix

    @property
    def derived_classes(self) -> tuple[str, ...]:
        return tuple(self.class_name + suffix for suffix in CLASS_SUFFIXES)

    @property
    def constant(self) -> str:
        return self.snake.upper()

    @property
    def sort_columns(self) -> str:
        return f"{self.constant}_SORT_COLUMNS"

    @property
    def filters_provider(self) -> str:
        return f"provide_{self.snake}_filters"

    @property
    def service_key(self) -> str:
        """The name the controller's handlers receive the service under."""
        return f"{self.plural}{SERVICE_KEY_SUFFIX}"

    @property
    def id_param(self) -> str:
        return f"{self.snake}_id"

    @property
    def label(self) -> str:
        """`book tag`: the entity in running text."""
        return self.snake.replace("_", " ")

    @property
    def plural_label(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def a_label(self) -> str:
        """`a book`, `an employee`."""
        return f"{'an' if self.label[:1] in 'aeiou' else 'a'} {self.label}"

    @property
    def title(self) -> str:
        """The OpenAPI tag: `Book Tags`."""
        return " ".join(word.capitalize() for word in self.plural.split("_"))

    @property
    def handlers(self) -> dict[str, tuple[str, str]]:
        """(handler method, OpenAPI operation id) of each CRUD route, by role."""
        return {
            "list": (f"list_{self.plural}", f"List{pascal_case(self.plural)}"),
            "create": (f"create_{self.snake}", f"Create{self.class_name}"),
            "get": (f"get_{self.snake}", f"Get{self.class_name}"),
            "update": (f"update_{self.snake}", f"Update{self.class_name}"),
            "delete": (f"delete_{self.snake}", f"Delete{self.class_name}"),
        }

    @property
    def test_class(self) -> str:
        return f"Test{pascal_case(self.plural)}"

    @property
    def create_factory(self) -> str:
        return f"create_{self.snake}"

    @property
    def payload_factory(self) -> str:
        # pytest (and ruff's pytest rules) take a function whose name starts with `test` for a test: `Testimonial`
        # gets `payload_for_testimonial`, not `testimonial_payload`.
        if self.snake.startswith(TEST_FUNCTION_PREFIX):
            return f"payload_for_{self.snake}"
        return f"{self.snake}_payload"


def default_plural(class_name: str) -> str:
    """The plural an entity gets when the project has none recorded for it."""
    return inflection.plural(snake_case(class_name))


def relation_key(relation: str, *, to_one: bool) -> str:
    """The attribute the API reads and writes for a relation: `author_id`, or `tag_ids` for a list."""
    if to_one:
        return f"{relation}_id"
    return f"{inflection.singular(relation)}_ids"


def association_table(owner_snake: str, relation: str, taken: set[str]) -> str:
    """The link table of a many-to-many relation: `book_tags`, or `book_tags_links` when a table or enum type of that
    name exists (`Product.categories` beside an entity `ProductCategory`)."""
    table = f"{owner_snake}_{relation}"
    return f"{table}_links" if table in taken else table


# --- access control (`auth`, spec_auth.py) ---------------------------------------------------------------------------

# The role every project has, which passes every access level; a spec may not list it among its roles.
ADMIN_ROLE = "admin"
# The access levels that are not roles.
PUBLIC_LEVEL = "public"
AUTHENTICATED_LEVEL = "authenticated"
# The built-in user entity: relations may target it by this name.
USER_NAMES = EntityNames(class_name="User", plural="users", table="users", path="users", domain="users")
# The column of an `owned` entity that names the user who created the row.
OWNER_COLUMN = "owner_id"
AUTH_ROUTE = "auth"
# The schema of a user as other records show it (a relation to User included): id and email only.
USER_SUMMARY = "UserSummary"
# What `auth` adds to the project's own routes, tables and domain packages: a spec entity may not take them.
AUTH_ROUTES = {
    AUTH_ROUTE: "where users sign in (/auth/login, /auth/me)",
    USER_NAMES.path: "where admins manage users",
}
AUTH_TABLES = {USER_NAMES.table: "the table of the built-in User"}
# OpenAPI operations of /auth, by route (those of /users come from USER_NAMES.handlers).
AUTH_OPERATIONS = {"login": "Login", "me": "GetCurrentUser"}
# What the modules holding entity classes import with `auth` (app/app.py, the models, the domain packages): the
# built-in user's classes and app/lib/auth.py's names. The built-in user's own modules import no entity class.
AUTH_CLASSES = frozenset(
    {
        *USER_NAMES.derived_classes,
        USER_NAMES.class_name,
        "AuthController",
        "ScopedService",
        USER_SUMMARY,
        "include_guard",
        "BEARER",
        "OPTIONAL_BEARER",
        "PUBLIC",
    }
)
# The modules of the built-in users, which import no entity class (app/db/models/user.py, app/domain/users/).
AUTH_MODULES = (f"app/db/models/{USER_NAMES.module}.py", f"app/domain/{USER_NAMES.package}/")
