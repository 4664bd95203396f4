"""Parse and validate the raw entity spec (entities.yml) into the typed spec of spec_model.py.

Every problem is reported at once, one line each (`entities.Book.fields.title: unknown option 'maxlen'; ...`):
fields are read by spec_fields.py, the checks across entities are in spec_checks.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .cases import is_pascal_case, is_path_segment, is_snake_case, kebab_case, pascal_case_hint, snake_case_hint
from .names import PROJECT_ROUTES, EntityNames, default_plural, relation_key
from .recorded_names import RecordedNames
from .reserved_names import attribute_reason
from .spec_auth import USER_ENTITY, entity_access, parse_auth
from .spec_checks import check_spec
from .spec_fields import parse_field
from .spec_model import (
    ON_DELETE_RULES,
    PRIMARY_KEYS,
    RELATION_KINDS,
    AuthSpec,
    EntitySpec,
    EnumSpec,
    FieldSpec,
    OnDelete,
    PrimaryKey,
    RelationKind,
    RelationSpec,
    Spec,
    SpecError,
)
from .spec_reading import Problems, check_keys, one_of, read_bool, read_mapping, read_name, read_text, suggest

RELATION_OPTIONS = ("kind", "target", "required", "back_populates", "on_delete", "renamed_from", "embed")
ENTITY_OPTIONS = (
    "description",
    "table",
    "path",
    "domain",
    "primary_key",
    "audit",
    "fields",
    "relations",
    "renamed_from",
    "access",
    "owned",
)
SNAKE_CASE_NAME = "the previous snake_case name"


def _default_on_delete(kind: RelationKind, required: bool) -> OnDelete:
    if kind == "many_to_many":
        return "cascade"
    return "restrict" if required else "set_null"


def _on_delete(raw: Mapping[str, Any], kind: RelationKind, required: bool, place: str, problems: Problems) -> OnDelete:
    value = raw.get("on_delete", _default_on_delete(kind, required))
    rule = next((rule for rule in ON_DELETE_RULES if rule == value), None)
    if rule is None:
        problems.add(f"{place}.on_delete", f"must be one of {one_of(ON_DELETE_RULES)}, not {value!r}")
        return "restrict"
    if rule == "set_null" and (required or kind == "many_to_many"):
        what = "many_to_many links" if kind == "many_to_many" else "a required relation"
        problems.add(f"{place}.on_delete", f"set_null cannot apply to {what}; use cascade or restrict")
    return rule


def _back_populates(raw: Mapping[str, Any], place: str, problems: Problems) -> str | None:
    value = raw.get("back_populates")
    if value is None:
        return None
    if not isinstance(value, str) or not is_snake_case(value):
        problems.add(f"{place}.back_populates", f"must be a snake_case name, not {value!r}")
        return None
    if reason := attribute_reason(value):
        problems.add(f"{place}.back_populates", f"'{value}' cannot name an attribute: {reason}")
        return None
    return value


def _parse_relation(
    name: str,
    raw: Any,
    owner: str,
    entity_names: list[str],
    recorded: RecordedNames,
    auth: AuthSpec | None,
    problems: Problems,
) -> RelationSpec | None:
    place = f"entities.{owner}.relations.{name}"
    if not isinstance(raw, Mapping):
        problems.add(place, f"must be a mapping with kind and target, not {raw!r}")
        return None
    check_keys(raw, RELATION_OPTIONS, place, problems)
    kind = next((kind for kind in RELATION_KINDS if kind == raw.get("kind")), None)
    target = raw.get("target")
    if kind is None:
        hint = "; a one-to-many is the back_populates side of a many_to_one on the other entity"
        hint = hint if raw.get("kind") == "one_to_many" else ""
        problems.add(f"{place}.kind", f"must be one of {one_of(RELATION_KINDS)}, not {raw.get('kind')!r}{hint}")
    if target not in entity_names:
        hint = (
            "; the built-in User needs access control: add an 'auth' section to the spec"
            if target == USER_ENTITY.name
            else suggest(str(target), entity_names)
        )
        problems.add(f"{place}.target", f"unknown entity {target!r}{hint}")
    if kind is None or not isinstance(target, str) or target not in entity_names:
        return None
    if kind == "many_to_many" and "required" in raw:
        problems.add(f"{place}.required", "does not apply to many_to_many (a list may always be empty)")
    required = kind != "many_to_many" and read_bool(raw, "required", True, place, problems)
    if auth is not None and target == USER_ENTITY.name and raw.get("back_populates") is not None:
        problems.add(f"{place}.back_populates", "the built-in User takes no attributes of the spec's; remove it")
    if required and target == owner:
        problems.add(place, "a required self reference can never be satisfied by the first row; add 'required: false'")
    to_one = kind != "many_to_many"
    return RelationSpec(
        name=name,
        kind=kind,
        target=target,
        required=required,
        on_delete=_on_delete(raw, kind, required, place, problems),
        back_populates=_back_populates(raw, place, problems),
        key_attr=recorded.relation_keys.get((owner, name)) or relation_key(name, to_one=to_one),
        renamed_from=read_name(raw, "renamed_from", is_snake_case, SNAKE_CASE_NAME, place, problems),
        embed=read_bool(raw, "embed", False, place, problems),
    )


def _parse_enums(raw: Any, problems: Problems) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.add("enums", "must be a mapping of enum names to lists of values")
        return {}
    enums: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        place = f"enums.{name}"
        if not isinstance(name, str) or not is_pascal_case(name):
            problems.add(place, "enum names must be PascalCase identifiers (e.g. 'Genre')")
            continue
        if not isinstance(values, list) or not values:
            problems.add(place, "must be a non-empty list of values")
            enums[name] = ()  # still known, so that fields of this type report nothing more
            continue
        seen: set[str] = set()
        for value in values:
            if not isinstance(value, str) or not is_snake_case(value):
                problems.add(place, f"value {value!r} must be a snake_case identifier (e.g. 'non_fiction')")
            elif value in seen:
                problems.add(place, f"value {value!r} is listed twice")
            seen.add(str(value))
        enums[name] = tuple(str(value) for value in values)
    return enums


def _entity_names(
    name: str, raw: Mapping[str, Any], plural: str, valid_name: bool, place: str, problems: Problems
) -> EntityNames:
    """Table, path and domain: each as the spec gives it, else made of the plural. A name derived from a refused
    entity name is not reported again, only what the spec wrote itself."""
    table = (
        read_name(raw, "table", is_snake_case, "a snake_case identifier", place, problems)
        if valid_name or "table" in raw
        else None
    )
    path = (
        read_name(
            raw, "path", is_path_segment, "one lowercase kebab-case URL segment (e.g. 'book-tags')", place, problems
        )
        if valid_name or "path" in raw
        else None
    )
    domain = read_name(raw, "domain", is_snake_case, "a snake_case identifier", place, problems)
    names = EntityNames(
        class_name=name,
        plural=plural,
        table=table or plural,
        path=path or kebab_case(plural),
        domain=domain or plural,
    )
    if names.path in PROJECT_ROUTES:
        problems.add(f"{place}.path", f"'{names.path}' is {PROJECT_ROUTES[names.path]}; choose another path")
    return names


def _primary_key(raw: Mapping[str, Any], place: str, problems: Problems) -> PrimaryKey:
    value = raw.get("primary_key", "uuid")
    key = next((key for key in PRIMARY_KEYS if key == value), None)
    if key is None:
        problems.add(f"{place}.primary_key", f"must be one of {one_of(PRIMARY_KEYS)}, not {value!r}")
        return "uuid"
    return key


def _hint(name: object) -> str:
    """` (e.g. 'first_name')` after the refusal of a name that is not snake_case, when one comes out of it."""
    hint = snake_case_hint(name) if isinstance(name, str) else None
    return f" (e.g. '{hint}')" if hint else ""


def _parse_fields(
    raw: Mapping[str, Any], enums: Mapping[str, tuple[str, ...]], place: str, problems: Problems
) -> tuple[FieldSpec, ...]:
    fields = []
    for field_name, field_raw in read_mapping(
        raw, "fields", "field names to types or options", place, problems
    ).items():
        field_place = f"{place}.fields.{field_name}"
        if not isinstance(field_name, str) or not is_snake_case(field_name):
            problems.add(field_place, f"field names must be snake_case identifiers{_hint(field_name)}")
            continue
        parsed = parse_field(field_name, field_raw, enums, field_place, problems)
        if parsed is not None:
            fields.append(parsed)
    return tuple(fields)


def _parse_relations(
    raw: Mapping[str, Any],
    owner: str,
    entity_names: list[str],
    recorded: RecordedNames,
    auth: AuthSpec | None,
    problems: Problems,
) -> tuple[RelationSpec, ...]:
    place = f"entities.{owner}"
    relations = []
    for relation_name, relation_raw in read_mapping(
        raw, "relations", "relation names to options", place, problems
    ).items():
        relation_place = f"{place}.relations.{relation_name}"
        if not isinstance(relation_name, str) or not is_snake_case(relation_name):
            problems.add(relation_place, f"relation names must be snake_case identifiers{_hint(relation_name)}")
            continue
        if reason := attribute_reason(relation_name):
            problems.add(relation_place, f"'{relation_name}' cannot name a relation: {reason}; choose another name")
            continue
        relation = _parse_relation(relation_name, relation_raw, owner, entity_names, recorded, auth, problems)
        if relation is not None:
            relations.append(relation)
    return tuple(relations)


def _parse_entity(
    name: str,
    raw: Any,
    enums: dict[str, tuple[str, ...]],
    entity_names: list[str],
    recorded: RecordedNames,
    auth: AuthSpec | None,
    problems: Problems,
) -> EntitySpec | None:
    place = f"entities.{name}"
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        problems.add(place, "must be a mapping of entity options (fields, relations, ...)")
        return None
    check_keys(raw, ENTITY_OPTIONS, place, problems)
    plural = recorded.plurals.get(name) or default_plural(name)
    names = _entity_names(name, raw, plural, is_pascal_case(name), place, problems)
    primary_key = _primary_key(raw, place, problems)
    fields = _parse_fields(raw, enums, place, problems)
    relations = _parse_relations(raw, name, entity_names, recorded, auth, problems)
    access, owned = entity_access(raw, auth, place, problems)
    return EntitySpec(
        name=name,
        names=names,
        primary_key=primary_key,
        fields=fields,
        relations=relations,
        audit=read_bool(raw, "audit", True, place, problems),
        description=read_text(raw, "description", place, problems),
        renamed_from=read_name(raw, "renamed_from", is_pascal_case, "the previous PascalCase name", place, problems),
        overrides=frozenset(key for key in ("table", "path", "domain") if key in raw),
        access=access,
        owned=owned,
    )


def parse_spec(raw_entities: Any, raw_enums: Any, recorded: RecordedNames | None = None, raw_auth: Any = None) -> Spec:
    """Validate the spec; raise SpecError listing every problem, one line each.

    `recorded` holds the names a project was generated with (see recorded_names.py): they win over the rules that
    derive names, so that regeneration renames nothing.
    """
    recorded = recorded or RecordedNames()
    problems = Problems()
    enums = _parse_enums(raw_enums, problems)
    auth = parse_auth(raw_auth, problems)
    if not isinstance(raw_entities, Mapping) or not raw_entities:
        problems.add("entities", "must be a mapping with at least one entity (e.g. 'Author: {fields: ...}')")
        raise SpecError(problems.lines)
    entity_names = [str(name) for name in raw_entities]
    # With `auth`, relations may target the built-in User (a spec's own `User` is refused by spec_checks.py).
    targets = [*entity_names, USER_ENTITY.name] if auth else entity_names
    entities: list[EntitySpec] = []
    for name, raw in raw_entities.items():
        valid_name = isinstance(name, str) and is_pascal_case(name)
        if not valid_name:
            hint = pascal_case_hint(str(name))
            problems.add(
                f"entities.{name}",
                "entity names must be PascalCase identifiers" + (f" (e.g. '{hint}')" if is_pascal_case(hint) else ""),
            )
        # An entity with a bad name is still read, so that its other problems are reported too.
        entity = _parse_entity(str(name), raw, enums, targets, recorded, auth, problems)
        if entity is not None and valid_name:
            entities.append(entity)
    spec = Spec(
        enums=tuple(EnumSpec(n, v) for n, v in enums.items()),
        entities=tuple(entities),
        auth=auth,
        user=USER_ENTITY if auth else None,
    )
    check_spec(spec, problems)
    if problems.lines:
        raise SpecError(problems.lines)
    return spec
