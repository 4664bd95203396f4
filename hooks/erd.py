"""The entities as a Mermaid `erDiagram`: what the generated README draws, and the template's README for bookstore.

Only names the spec's validation has made identifiers (PascalCase entities, snake_case fields and relations) and
type names reach the diagram, never free text such as descriptions: nothing in a spec can break the Markdown.
"""

from __future__ import annotations

from .names import OWNER_COLUMN
from .views import EntityView, FieldView, ProjectView, RelationView

INDENT = "    "
# Mermaid's crow's foot ends, as (target side, owner side) of the line drawn from the target to the owner.
_TO_ONE_ENDS = {
    ("many_to_one", True): ("||", "o{"),
    ("many_to_one", False): ("|o", "o{"),
    ("one_to_one", True): ("||", "o|"),
    ("one_to_one", False): ("|o", "o|"),
}


def _type_name(field: FieldView) -> str:
    return field.enum_name or field.spec.type


def _field_line(field: FieldView) -> str:
    key = " UK" if field.spec.unique else ""
    optional = ' "optional"' if field.nullable else ""
    return f"{INDENT * 2}{_type_name(field)} {field.name}{key}{optional}"


def _key_line(relation: RelationView) -> str:
    key = "FK, UK" if relation.kind == "one_to_one" else "FK"
    optional = ' "optional"' if relation.nullable else ""
    return f"{INDENT * 2}{relation.target_pk} {relation.key_attr} {key}{optional}"


def _entity_block(entity: EntityView) -> list[str]:
    lines = [f"{INDENT}{entity.class_name} {{", f"{INDENT * 2}{entity.primary_key} id PK"]
    lines += [_field_line(field) for field in entity.fields]
    lines += [_key_line(relation) for relation in entity.to_one]
    lines += [f'{INDENT * 2}uuid {OWNER_COLUMN} FK "optional"'] if entity.owned else []
    if entity.audit:
        lines += [f"{INDENT * 2}datetime created_at", f"{INDENT * 2}datetime updated_at"]
    return [*lines, f"{INDENT}}}"]


def _relation_line(entity: EntityView, relation: RelationView) -> str:
    # An embedded relation's records are in every answer with the entity (`embed: true`).
    label = f"{relation.name} (embedded)" if relation.spec.embed else relation.name
    if relation.kind == "many_to_many":
        return f'{INDENT}{entity.class_name} }}o--o{{ {relation.target_class} : "{label}"'
    target_end, owner_end = _TO_ONE_ENDS[(relation.kind, relation.spec.required)]
    return f'{INDENT}{relation.target_class} {target_end}--{owner_end} {entity.class_name} : "{label}"'


def mermaid_erd(project: ProjectView) -> str:
    """The diagram's source, without the Markdown fence: every entity with its columns, then every relation."""
    lines = ["erDiagram"]
    for entity in project.stored_entities:
        lines += _entity_block(entity)
    lines += [_relation_line(entity, relation) for entity in project.entities for relation in entity.relations]
    if project.user is not None:
        user = project.user.class_name
        lines += [f'{INDENT}{user} |o--o{{ {entity.class_name} : "owner"' for entity in project.owned]
    return "\n".join(lines)
