"""What the suite checks in a generated project beyond running its own tools, and how it picks what to run.

- `clashing_names`: no generated module defines or imports a top-level name twice, and no class body an attribute.
- `unregistered_imports`: every class name a module holding entity classes imports is in the names registry
  (hooks/reserved_names.py), so that the registry's refusals cover every import an entity could shadow.
- `unregistered_class_body_names`: every snake_case name the body of a generated class reads (a decorator, an
  annotation, a call) is in the registry's CLASS_BODY_NAMES, so that no field can take it.
- `covering_sample`: the entities whose generated tests exercise every branch of the test and code templates that the
  project has; a large project runs their tests only (the other test modules are type-checked and collected).
- `postgres_specs`: the corpus specs that together use everything that differs on PostgreSQL.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Iterable
from pathlib import Path

import yaml

from hooks.cases import is_pascal_case
from hooks.names import AUTH_CLASSES, AUTH_MODULES, POSTGRESQL_IDENTIFIER_LIMIT, default_order_columns, index_name
from hooks.recorded_names import RecordedNames
from hooks.reserved_names import CLASS_BODY_NAMES, IMPORTED_BESIDE_ENTITIES, IMPORTED_MODULES
from hooks.spec import parse_spec
from hooks.views import EntityView, ProjectView, build_project

# Modules of a generated project that hold entity or enum classes beside their imports.
ENTITY_MODULES = ("app/app.py", "app/db/models", "app/domain")


def load_project(spec: Path) -> ProjectView:
    data = yaml.safe_load(spec.read_text())
    return build_project(parse_spec(data["entities"], data.get("enums"), RecordedNames(), data.get("auth")))


def _defined(nodes: Iterable[ast.stmt]) -> list[str]:
    """Names bound by the statements themselves (and by the imports under `if TYPE_CHECKING:`)."""
    names: list[str] = []
    for node in nodes:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names += [alias.asname or alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.If):
            names += _defined(node.body)
    return names


def _python_files(project: Path) -> list[Path]:
    return sorted(path for path in project.rglob("*.py") if ".venv" not in path.parts)


def clashing_names(project: Path) -> list[str]:
    """`module: name` for every name bound twice at the top of a module or in one class body."""
    clashes = []
    for path in _python_files(project):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [(str(path.relative_to(project)), tree.body)]
        scopes += [
            (f"{path.relative_to(project)}:{node.name}", node.body)
            for node in tree.body
            if isinstance(node, ast.ClassDef)
        ]
        for where, body in scopes:
            names = _defined(body)
            clashes += [f"{where}: {name}" for name in sorted({n for n in names if names.count(n) > 1})]
    return clashes


def unregistered_imports(project: Path, view: ProjectView) -> list[str]:
    """Class names imported beside entity classes that are neither the spec's own nor in the registry (names that
    are not PascalCase, such as `DEFAULT_PAGE_SIZE` or `mapped_column`, can never be an entity's or an enum's)."""
    own = {e.class_name for e in view.entities} | {e.name for e in view.enums}
    own |= {name for e in view.entities for name in e.names.derived_classes}
    own |= AUTH_CLASSES if view.auth else set()
    found = []
    for path in _python_files(project):
        relative = str(path.relative_to(project))
        if not relative.startswith(ENTITY_MODULES) or relative.startswith(AUTH_MODULES):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    name = alias.asname or alias.name
                    if is_pascal_case(name) and name not in own and name not in IMPORTED_BESIDE_ENTITIES:
                        found.append(f"{relative}: {name}")
    return sorted(set(found))


def _read_names(node: ast.AST | None, *, annotation: bool = False) -> set[str]:
    """Names an expression reads; in an annotation, those of string annotations too (`Mapped["list[Tag]"]`)."""
    found: set[str] = set()
    for child in ast.walk(node) if node else ():
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif annotation and isinstance(child, ast.Constant) and isinstance(child.value, str):
            with contextlib.suppress(SyntaxError):
                found |= _read_names(ast.parse(child.value, mode="eval"), annotation=True)
    return found


def unregistered_class_body_names(project: Path) -> list[str]:
    """snake_case names that the bodies of models and schemas read (not inside their methods) and the registry does not
    reserve: a field of that name would shadow them. Names the same body binds (a key a relationship names) are the
    class's own."""
    modules = [*(project / "app" / "db" / "models").glob("*.py"), *(project / "app" / "domain").glob("*/generated.py")]
    found = []
    # The built-in user's model has no field of the spec's: nothing can shadow what its body reads.
    for path in (m for m in modules if not str(m.relative_to(project)).startswith(AUTH_MODULES)):
        for node in (n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)):
            read: set[str] = set()
            for statement in node.body:
                if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                    read |= {name for decorator in statement.decorator_list for name in _read_names(decorator)}
                    read |= {
                        name for arg in statement.args.args for name in _read_names(arg.annotation, annotation=True)
                    }
                elif isinstance(statement, ast.AnnAssign):
                    read |= _read_names(statement.annotation, annotation=True) | _read_names(statement.value)
                elif isinstance(statement, ast.Assign):
                    read |= _read_names(statement.value)
            unknown = read - set(_defined(node.body)) - CLASS_BODY_NAMES - IMPORTED_MODULES - {"None"}
            found += [f"{path.relative_to(project)}:{node.name}: {name}" for name in unknown if name.islower()]
    return sorted(set(found))


def branches(entity: EntityView) -> set[str]:
    """The branches of the templates an entity's generated code and tests go through."""
    found = {f"tests:{group}" for group in entity.tests.groups}
    found |= {f"primary_key:{entity.primary_key}", f"audit:{entity.audit}"}
    for field in entity.fields:
        spec = field.spec
        found.add(f"type:{spec.type}:{'optional' if field.nullable else 'required'}")
        found |= {f"default:{spec.type}"} if spec.has_default else set()
        options = {"unique": spec.unique, "index": spec.index, "pattern": spec.pattern is not None}
        options |= {
            "min": spec.minimum is not None,
            "max": spec.maximum is not None,
            "min_length": bool(spec.min_length),
        }
        options |= {"column_name": field.needs_column_name, "description": bool(spec.description)}
        found |= {f"field:{option}" for option, used in options.items() if used}
    for relation in entity.relations:
        side = "self" if relation.is_self_reference else "other"
        required = "optional" if relation.nullable else "required"
        found |= {f"relation:{relation.kind}:{side}:{required}:{relation.spec.on_delete}", f"key:{relation.target_pk}"}
    found |= {f"back_reference:{b.source_relation.kind}" for b in entity.back_references}
    found |= {f"filter:{'enum' if f.enum_name else 'bool'}" for f in entity.filter_fields}
    found |= {"restricted"} if entity.restricted_by else set()
    found |= {"access"} if entity.access is not None else set()
    found |= {"owned"} if entity.owned else set()
    found |= {"deferred_key"} if entity.deferred_keys else set()
    return found


def covering_sample(view: ProjectView) -> list[EntityView]:
    """Entities whose branches together are every branch of the project's entities: greedy, in spec order."""
    wanted = set().union(*(branches(e) for e in view.entities))
    sample: list[EntityView] = []
    while wanted:
        best = max(view.entities, key=lambda e: len(branches(e) & wanted))
        sample.append(best)
        wanted -= branches(best)
    return sorted(sample, key=view.entities.index)


def postgres_branches(view: ProjectView) -> set[str]:
    """What a spec uses of what differs on PostgreSQL: column types, native enums, sequences, constraints, quoting."""
    found = set()
    for entity in view.entities:
        found |= {f"type:{f.spec.type}" for f in entity.fields}
        found |= {f"primary_key:{entity.primary_key}", f"audit:{entity.audit}"}
        for r in entity.relations:
            side = "self" if r.is_self_reference else "other"
            found |= {f"relation:{r.kind}:{side}:{entity.primary_key}->{r.target_pk}", f"on_delete:{r.spec.on_delete}"}
        found |= {"unique"} if entity.unique_fields else set()
        found |= {"search"} if entity.searchable else set()
        found |= (
            {"check"} if any(f.spec.minimum is not None or f.spec.maximum is not None for f in entity.fields) else set()
        )
        found |= {"sql_keyword_table"} if entity.table in {"order", "user", "group", "select", "table"} else set()
        # Names SQLAlchemy shortens for PostgreSQL (`op.f()` in the migrations, `conv` or the convention in models).
        order_index = index_name(entity.table, default_order_columns(audit=entity.audit))
        found |= {"long_identifier"} if len(order_index) > POSTGRESQL_IDENTIFIER_LIMIT else set()
        # Access control: the users table (JSON roles, a unique email index) and the owner scoping of queries.
        found |= {"auth"} if entity.access is not None else set()
        found |= {"owned"} if entity.owned else set()
        # A cycle of relations: a foreign key added after the tables, which PostgreSQL needs and SQLite does not.
        found |= {"deferred_key"} if entity.deferred_keys else set()
    return found


def postgres_specs(specs: list[Path]) -> list[Path]:
    """The fewest specs, by a greedy cover, that together use everything the others use that differs on PostgreSQL."""
    views = {spec: load_project(spec) for spec in specs}
    uses = {spec: postgres_branches(view) for spec, view in views.items()}
    wanted = set().union(*uses.values())
    chosen: list[Path] = []
    while wanted:
        # The smaller spec of two that add as much: its tests take less time.
        best = max(specs, key=lambda spec: (len(uses[spec] & wanted), -len(views[spec].entities)))
        chosen.append(best)
        wanted -= uses[best]
    return chosen
