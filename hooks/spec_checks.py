"""Checks across the entities of a spec: names that would clash in the generated project, attributes that collide,
and relations that could never be satisfied. Every name they compare comes from the registry (names.py and
reserved_names.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .cases import camel_case, snake_case
from .names import (
    AUDIT_COLUMNS,
    AUTH_CLASSES,
    AUTH_OPERATIONS,
    AUTH_ROUTES,
    AUTH_TABLES,
    AUTH_TEST_FOLDER_MODULES,
    LONGEST_CLASS_NAME,
    MODEL_FOLDER_MODULES,
    OWNER_COLUMN,
    PRIMARY_KEY_COLUMNS,
    PROJECT_TABLES,
    TEST_FOLDER_MODULES,
    USER_NAMES,
    UUID_EXTRA_COLUMNS,
    truncated_attribute,
)
from .reserved_names import AMBIGUOUS_NAMES, IMPORTED_BESIDE_ENTITIES, PYTHON_KEYWORDS
from .spec_model import EntitySpec, Operation, RelationSpec, Spec
from .spec_reading import Problems

# The operations whose answers carry an embedded relation's records.
EMBEDDING_OPERATIONS: tuple[Operation, ...] = ("read", "create", "update")


def generated_columns(entity: EntitySpec) -> tuple[str, ...]:
    """The columns the model base gives the entity's table."""
    extra = UUID_EXTRA_COLUMNS if entity.primary_key == "uuid" else ()
    audit = AUDIT_COLUMNS if entity.audit else ()
    owner = (OWNER_COLUMN,) if entity.owned else ()
    return PRIMARY_KEY_COLUMNS + extra + audit + owner


def check_unique(names: Iterable[tuple[str, str]], what: str, problems: Problems, hint: str = "") -> set[str]:
    """Report every (place, name) whose name an earlier place took (with `hint`); return the places reported."""
    first_place: dict[str, str] = {}
    reported = set()
    for place, name in names:
        if name in first_place:
            problems.add(place, f"{what} '{name}' collides with {first_place[name]}{hint}")
            reported.add(place)
        else:
            first_place[name] = place
    return reported


def _class_name_problems(spec: Spec, problems: Problems) -> None:
    """Entity and enum names become classes beside the generated code's imports and derived classes."""
    enum_names = sorted(enum.name for enum in spec.enums)
    derived = {name: e.name for e in spec.entities for name in e.names.derived_classes}
    places = [(f"entities.{e.name}", e.name) for e in spec.entities] + [(f"enums.{n}", n) for n in enum_names]
    for place, name in places:
        if name in PYTHON_KEYWORDS:
            problems.add(place, f"'{name}' is a Python keyword; choose another name")
        elif name in AMBIGUOUS_NAMES:
            problems.add(place, f"'{name}' looks like a digit, which linters refuse in names; choose another name")
        elif name in IMPORTED_BESIDE_ENTITIES:
            problems.add(place, f"'{name}' is a name the generated code imports; choose another name")
        elif spec.auth is not None and name in AUTH_CLASSES:
            problems.add(place, f"'{name}' is a class of the built-in users while 'auth' is on; choose another name")
    too_long = (
        f"at most {LONGEST_CLASS_NAME} (longer ones make generated lines past 120 characters); choose a shorter one"
    )
    for entity in spec.entities:
        if len(entity.names.snake) > LONGEST_CLASS_NAME:
            why = f"'{entity.names.snake}' has {len(entity.names.snake)} characters in snake_case"
            problems.add(f"entities.{entity.name}", f"{why}; entity names may have {too_long}")
    for name in enum_names:
        if len(name) > LONGEST_CLASS_NAME:
            problems.add(f"enums.{name}", f"the name has {len(name)} characters; enum names may have {too_long}")
    for entity in spec.entities:
        if entity.name in enum_names:
            problems.add(f"entities.{entity.name}", f"an entity and an enum are both named '{entity.name}'")
    for place, name in places:
        if name in derived:
            problems.add(
                place, f"'{name}' is also the name of a class generated for entity {derived[name]}; choose another name"
            )


def _module_problems(entity: EntitySpec, auth: bool, problems: Problems) -> None:
    """The entity's model module and test folder sit beside modules the template writes itself."""
    place = f"entities.{entity.name}"
    if entity.names.module in MODEL_FOLDER_MODULES:
        problems.add(
            place, f"its model module would replace app/db/models/{entity.names.module}.py; choose another name"
        )
    test_modules = (TEST_FOLDER_MODULES | AUTH_TEST_FOLDER_MODULES) if auth else TEST_FOLDER_MODULES
    if entity.names.package in test_modules:
        where = f"tests/{entity.names.package}/ would stand beside the template's tests/{entity.names.package}.py"
        problems.add(f"{place}.domain" if "domain" in entity.overrides else place, f"{where}; set another 'domain'")
    if "domain" in entity.overrides and entity.names.domain in PYTHON_KEYWORDS:
        problems.add(f"{place}.domain", f"'{entity.names.domain}' is a Python keyword; choose another domain")


def check_entity_names(spec: Spec, problems: Problems) -> None:
    colliding = check_unique(
        [(f"entities.{e.name}", e.names.snake) for e in spec.entities], "normalised name", problems
    )
    # Names derived from a colliding name collide too: one line about the name says it all. So do those derived from
    # one plural (`Datum` and `Data`): its list operation (`ListData`) whatever `path`, `table` or `domain` say.
    entities = [e for e in spec.entities if f"entities.{e.name}" not in colliding]
    plurals = [(f"entities.{e.name}", e.names.plural) for e in entities]
    hint = ": path, domain, table and list operation would be one; rename one of the entities"
    colliding |= check_unique(plurals, "plural", problems, hint)
    entities = [e for e in entities if f"entities.{e.name}" not in colliding]
    builtin = "the built-in users (auth)"
    auth_on = spec.auth is not None
    paths = [(f"/{path} ({why})", path) for path, why in AUTH_ROUTES.items()] if auth_on else []
    check_unique(paths + [(f"entities.{e.name}.path", e.names.path) for e in entities], "path", problems)
    packages = [(builtin, USER_NAMES.package)] if auth_on else []
    packages += [(f"entities.{e.name}", e.names.package) for e in entities]
    check_unique(packages, "domain package name", problems)
    tables = {**PROJECT_TABLES, **(AUTH_TABLES if auth_on else {})}
    sql_names = [(f"{name} ({why})", name) for name, why in tables.items()]
    sql_names += [(f"entities.{e.name}.table", e.names.table) for e in entities]
    sql_names += [(f"enums.{enum.name}", snake_case(enum.name)) for enum in spec.enums]
    check_unique(sql_names, "SQL name", problems)
    operations = [(builtin, operation) for operation in AUTH_OPERATIONS.values()] if auth_on else []
    operations += [(builtin, operation) for _, operation in USER_NAMES.handlers.values()] if auth_on else []
    operations += [(f"entities.{e.name}", op) for e in entities for _, op in e.names.handlers.values()]
    check_unique(operations, "OpenAPI operation id", problems)
    _class_name_problems(spec, problems)
    for entity in entities:
        _module_problems(entity, auth_on, problems)


def _back_references(spec: Spec) -> dict[str, list[tuple[str, str, bool]]]:
    """(place, attribute, is a list) of the attributes that relations of other entities create on each entity."""
    found: dict[str, list[tuple[str, str, bool]]] = {e.name: [] for e in spec.entities}
    for entity in spec.entities:
        for relation in entity.relations:
            # A self reference named like its own back_populates is reported by check_self_references.
            own_name = relation.target == entity.name and relation.back_populates == relation.name
            if relation.back_populates and relation.target in found and not own_name:
                place = f"entities.{entity.name}.relations.{relation.name}.back_populates"
                found[relation.target].append((place, relation.back_populates, relation.kind != "one_to_one"))
    return found


def _truncated_flags(lists: list[tuple[str, str]], names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(place, attribute) of the flags that say an included list was cut (`tags_truncated`), for each list relation
    (place, name) whose own name is not already taken (that clash is reported once, for the name)."""
    taken: set[str] = set()
    clashing = set()
    for place, name in names:
        clashing |= {place} if name in taken else set()
        taken.add(name)
    flags = [(place, name) for place, name in lists if place not in clashing]
    return [(f"{place} (generated attribute)", truncated_attribute(name)) for place, name in flags]


def check_attributes(spec: Spec, problems: Problems) -> None:
    """Every attribute of an entity (fields, generated columns, relations, back references, the flags of included
    lists) is unique."""
    back_references = _back_references(spec)
    for entity in spec.entities:
        place = f"entities.{entity.name}"
        names = [(f"{place} (generated column)", column) for column in generated_columns(entity)]
        lists = []
        for relation in entity.relations:
            relation_place = f"{place}.relations.{relation.name}"
            names.append((relation_place, relation.name))
            names.append((f"{relation_place} (generated attribute)", relation.key_attr))
            lists += [] if relation.is_to_one else [(relation_place, relation.name)]
        names.extend((place, name) for place, name, _ in back_references[entity.name])
        lists += [(place, name) for place, name, is_list in back_references[entity.name] if is_list]
        names.extend(_truncated_flags(lists, names))
        # Fields come last so that the message names the field as the newcomer.
        names.extend((f"{place}.fields.{f.name}", f.name) for f in entity.fields)
        check_unique(names, "name", problems)
        # Distinct snake_case names can still meet in camelCase (`a_1` and `a1`): the API would see one.
        distinct = list({name: (place, name) for place, name in reversed(names)}.values())
        check_unique([(place, camel_case(name)) for place, name in reversed(distinct)], "camelCase API name", problems)


def check_self_references(spec: Spec, problems: Problems) -> None:
    for entity in spec.entities:
        for relation in entity.relations:
            if relation.back_populates and relation.target == entity.name and relation.back_populates == relation.name:
                problems.add(
                    f"entities.{entity.name}.relations.{relation.name}.back_populates",
                    "a self reference needs a back_populates name different from the relation's name",
                )


def check_required_cycles(spec: Spec, problems: Problems) -> None:
    """Rows of entities whose required relations form a cycle could never be inserted: the first needs the last."""
    required = {
        e.name: [r for r in e.relations if r.is_to_one and r.required and r.target != e.name] for e in spec.entities
    }
    done: set[str] = set()
    path: list[tuple[str, RelationSpec]] = []  # the relations followed from the entity the search started at

    def visit(name: str) -> None:
        # Depth-first search visiting each entity once; a relation back into the current path closes a cycle.
        for relation in required.get(name, []):
            on_path = [owner for owner, _ in path] + [name]
            if relation.target in on_path:
                cycle = [*path, (name, relation)][on_path.index(relation.target) :]
                owner, first = cycle[0]
                chain = " -> ".join(f"{o}.{r.name}" for o, r in cycle) + f" -> {relation.target}"
                problems.add(
                    f"entities.{owner}.relations.{first.name}",
                    f"required relations form a cycle ({chain}): no row could be inserted first; "
                    "make one of them 'required: false'",
                )
            elif relation.target not in done:
                path.append((name, relation))
                visit(relation.target)
                path.pop()
        done.add(name)

    for entity in spec.entities:
        if entity.name not in done:
            visit(entity.name)


def check_user_entity(spec: Spec, problems: Problems) -> None:
    if spec.user is not None and any(e.name == spec.user.name for e in spec.entities):
        problems.add(
            f"entities.{spec.user.name}",
            "the built-in User exists while 'auth' is on (relations may target it); rename this entity",
        )


def check_embeds(spec: Spec, problems: Problems) -> None:
    """An embedded relation shows its records in every answer with the entity: to whoever may read, create or update
    it, who must all be allowed to read those records at their own endpoint (a user's id and email aside)."""
    known = {e.name for e in spec.entities}
    for entity in spec.entities:
        for relation in entity.relations:
            if not relation.embed or entity.access is None or relation.target not in known:
                continue
            target = spec.entity(relation.target)
            if target.access is None or target is spec.user:
                continue
            for operation in EMBEDDING_OPERATIONS:
                level = entity.access.of(operation)
                if not target.access.read.admits(level):
                    problems.add(
                        f"entities.{entity.name}.relations.{relation.name}.embed",
                        f"{target.name} may be read by {target.access.read.label} only, but {entity.name} is answered "
                        f"to {level.label} ({operation}); drop embed and let those who may ask with include",
                    )
                    break


def check_spec(spec: Spec, problems: Problems) -> None:
    check_user_entity(spec, problems)
    if spec.user is not None:
        # A spec's own User is reported once above, not again for each name it shares with the built-in one.
        spec = replace(spec, entities=tuple(e for e in spec.entities if e.name != spec.user.name))
    check_entity_names(spec, problems)
    check_attributes(spec, problems)
    check_self_references(spec, problems)
    check_required_cycles(spec, problems)
    check_embeds(spec, problems)
