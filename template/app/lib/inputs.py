"""The types of request fields whose JSON Schema states exactly what the server accepts.

Every value a client may send as text is checked against the pattern its OpenAPI schema shows, and nothing else is
accepted: a tool that generates requests from the document (schemathesis, a client generator) and the server agree.
Each bound below keeps a value inside what its column, Python and the database can hold, so that no input reaches the
database only to fail there.
"""

import base64
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from app.config import get_settings
from app.lib.decimal_patterns import decimal_pattern

# The range of the integer columns: INTEGER (32 bits), and BIGINT (64 bits) for bigint fields and ids.
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Text without the NUL character, which PostgreSQL cannot store: the pattern of every text field without its own.
TEXT_PATTERN = r"^[^\x00]*$"
EMAIL_PATTERN = (
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
HTTP_URL_PATTERN = r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"
BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_SECONDS = r":[0-5][0-9](?:\.[0-9]{1,6})?"
# The days of the calendar, so that every date a pattern lets through exists: months of 31 and 30 days, February
# to the 28th, and the 29th of February of leap years (divisible by 4; of the centuries, those divisible by 400).
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR_END = r"(?:0[48]|[2468][048]|[13579][26])"


def _day(year: str, leap_year: str) -> str:
    return f"(?:{year}-{_MONTH_DAY}|{leap_year}-02-29)"


# Years 0001 to 9999, as Python's dates have them.
_DATE_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_DATE_LEAP_YEAR = rf"(?:[0-9]{{2}}{_LEAP_YEAR_END}|{_LEAP_YEAR_END}00)"
DATE_PATTERN = f"^{_day(_DATE_YEAR, _DATE_LEAP_YEAR)}$"
# Years 1000 to 9998, so that a time at any offset is a time in UTC too (how it is stored); bodies give the offset,
# query parameters may leave it out (UTC).
_MOMENT_YEAR = r"(?:[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_MOMENT_LEAP_YEAR = rf"(?:[1-9][0-9]{_LEAP_YEAR_END}|(?:1[26]|[2468][048]|[3579][26])00)"
_MOMENT = f"{_day(_MOMENT_YEAR, _MOMENT_LEAP_YEAR)}T{_TIME}{_SECONDS}"
DATETIME_PATTERN = rf"^{_MOMENT}(?:Z|[+-]{_TIME})$"
DATETIME_QUERY_PATTERN = rf"^{_MOMENT}(?:Z|[+-]{_TIME})?$"
# A time of day without an offset, as a TIME column holds it.
TIME_PATTERN = rf"^{_TIME}(?:{_SECONDS})?$"


def _no_null_character(value: str) -> bool:
    return "\x00" not in value


@dataclass(frozen=True)
class TextPattern:
    """A value sent as JSON text matching `pattern` (Python `re.search`), then read by Pydantic's own rules for the
    type, or by `parse`; the JSON Schema is a string with this pattern (and `format`, where one is given)."""

    pattern: str
    format: str | None = None
    parse: Callable[[str], Any] | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        compiled = re.compile(self.pattern)

        def check(value: Any) -> Any:
            if not isinstance(value, str):
                raise PydanticCustomError("string_type", "Input should be a valid string")
            if not compiled.search(value) or not _no_null_character(value):
                message = "String should match pattern '{pattern}'"
                raise PydanticCustomError("string_pattern_mismatch", message, {"pattern": self.pattern})
            return self.parse(value) if self.parse else value

        # The text is checked: the type's own validation may read it as Pydantic reads text outside strict mode.
        return core_schema.no_info_before_validator_function(check, {**handler(source), "strict": False})

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        written = handler(schema)
        lengths = {key: written[key] for key in ("minLength", "maxLength") if key in written}
        return {
            "type": "string",
            **lengths,
            **({"format": self.format} if self.format else {}),
            "pattern": self.pattern,
        }


@dataclass(frozen=True)
class DecimalText:
    """A decimal field's type: `Annotated[Decimal, DecimalText(10, 2, minimum="0")]` is NUMERIC(10, 2) and >= 0,
    sent as text matching `pattern`."""

    precision: int
    scale: int
    minimum: str | None = None
    maximum: str | None = None
    pattern: str = field(init=False)

    def __post_init__(self) -> None:
        bounds = (Decimal(bound) if bound is not None else None for bound in (self.minimum, self.maximum))
        object.__setattr__(self, "pattern", decimal_pattern(self.precision, self.scale, *bounds))

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return TextPattern(self.pattern, parse=Decimal).__get_pydantic_core_schema__(source, handler)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "decimal", "pattern": self.pattern}


@dataclass(frozen=True)
class WholeNumber:
    """An integer field also takes a JSON number written with a zero fraction (`3.0`), as JSON Schema counts it an
    integer; any other number or text is refused, as strict validation has it."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def check(value: Any) -> Any:
            return int(value) if isinstance(value, float) and value.is_integer() else value

        return core_schema.no_info_before_validator_function(check, handler(source))


def _json_levels(value: Any) -> Iterator[list[Any]]:
    """A JSON value level by level: the value, then the keys and members of its objects and arrays, then theirs
    (a loop, not recursion, so that no value is too deep to walk)."""
    level = [value]
    while level:
        yield level
        objects = [node for node in level if isinstance(node, dict)]
        arrays = [node for node in level if isinstance(node, list)]
        level = [*(part for node in objects for item in node.items() for part in item), *chain(*arrays)]


# The JSON Schema of what a json field takes: an object whose keys and texts, however deep, are JsonText (no NUL),
# written as two named schemas, JsonValue referring to itself. Only the document uses it: the server validates the
# value as a plain dict, then walks it once (JsonObject): 4 times as fast as a recursive union on 170 kB of JSON.
_JSON_TEXT = core_schema.definition_reference_schema("JsonText")
_JSON_VALUE = core_schema.definition_reference_schema("JsonValue")
_JSON_OBJECT_SCHEMA = core_schema.definitions_schema(
    core_schema.dict_schema(_JSON_TEXT, _JSON_VALUE),
    [
        core_schema.str_schema(pattern=TEXT_PATTERN, ref="JsonText"),
        core_schema.union_schema(
            [
                _JSON_TEXT,
                core_schema.float_schema(),
                core_schema.bool_schema(),
                core_schema.none_schema(),
                core_schema.list_schema(_JSON_VALUE),
                core_schema.dict_schema(_JSON_TEXT, _JSON_VALUE),
            ],
            ref="JsonValue",
        ),
    ],
)


@dataclass(frozen=True)
class JsonObject:
    """A json field's value: a JSON object whose texts hold no NUL, nested at most MAX_JSON_DEPTH levels (a
    setting); anything else is refused before it is stored or encoded."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        limit = get_settings().max_json_depth

        def check(value: Any) -> Any:
            # One walk, level by level: it stops at the first level past the limit, however deep the value goes.
            for depth, level in enumerate(_json_levels(value), start=1):
                if depth > limit and any(isinstance(node, dict | list) for node in level):
                    raise PydanticCustomError(
                        "json_depth", "JSON value nested deeper than {limit} levels", {"limit": limit}
                    )
                if any(isinstance(node, str) and not _no_null_character(node) for node in level):
                    raise PydanticCustomError("json_text", "JSON text holding NUL (\\u0000)")
            return value

        return core_schema.no_info_before_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        written = handler(_JSON_OBJECT_SCHEMA)
        return {**written, "description": f"Nested at most {get_settings().max_json_depth} levels deep."}


def _base64_text(text: str) -> bytes:
    """The base64 text itself, checked: a bytes column holds what clients send, as in projects generated before
    the request types (their rows stay readable)."""
    base64.b64decode(text, validate=True)
    return text.encode("ascii")


# The id of a record whose primary key is a bigint, as a request names it.
IntInput = Annotated[int, WholeNumber()]
BigIntKey = Annotated[int, WholeNumber(), Field(ge=INT64_MIN, le=INT64_MAX)]
TextInput = Annotated[str, TextPattern(TEXT_PATTERN)]
# No `format` for email and URL fields: the format checkers of JSON Schema tools refuse some texts these patterns
# accept, and the document would then disagree with the server.
EmailInput = Annotated[str, TextPattern(EMAIL_PATTERN)]
UrlInput = Annotated[str, TextPattern(HTTP_URL_PATTERN)]
Base64Input = Annotated[bytes, TextPattern(BASE64_PATTERN, format="byte", parse=_base64_text)]
DateInput = Annotated[datetime.date, TextPattern(DATE_PATTERN, format="date")]
DateTimeInput = Annotated[datetime.datetime, TextPattern(DATETIME_PATTERN, format="date-time")]
TimeInput = Annotated[datetime.time, TextPattern(TIME_PATTERN)]
JsonInput = Annotated[dict[str, Any], JsonObject()]
