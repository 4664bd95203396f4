"""English plurals and singulars of snake_case names: a rule set with irregular and uncountable words.

Only the last word of a name is inflected (`book_shelf` -> `book_shelves`). The rules follow the usual order of
inflection libraries (Rails' ActiveSupport, Python's `inflect`): uncountable words, then irregular ones, then suffix
rules, then `+s`. They live here rather than in a dependency because they run inside Copier's own environment, where
every package is one more thing each user must install. tests/unit/test_inflection.py holds the words they are
checked against.

A project keeps the names it was generated with (see `names.py`): changing these rules changes no existing project.
`legacy_plural` and `legacy_singular` are the rules of the template before this module; they only serve to read
what older projects were generated with.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Words whose plural is the word itself.
UNCOUNTABLE = frozenset(
    {
        "advice",
        "aircraft",
        "analytics",
        "bison",
        "chassis",
        "corps",
        "data",
        "deer",
        "economics",
        "equipment",
        "ethics",
        "evidence",
        "feedback",
        "fish",
        "furniture",
        "headquarters",
        "homework",
        "information",
        "jeans",
        "knowledge",
        "logistics",
        "luggage",
        "mathematics",
        "means",
        "media",
        "metadata",
        "money",
        "moose",
        "music",
        "news",
        "offspring",
        "physics",
        "police",
        "research",
        "rice",
        "salmon",
        "series",
        "sheep",
        "species",
        "staff",
        "swine",
        "traffic",
        "trout",
        "weather",
    }
)
# Singular -> plural for words no rule below gets right.
IRREGULAR = {
    "alumnus": "alumni",
    "axis": "axes",
    "cactus": "cacti",
    "child": "children",
    "criterion": "criteria",
    "curriculum": "curricula",
    "datum": "data",
    "foot": "feet",
    "fungus": "fungi",
    "goose": "geese",
    "index": "indices",
    "leaf": "leaves",
    "lens": "lenses",
    "loaf": "loaves",
    "louse": "lice",
    "man": "men",
    "matrix": "matrices",
    "medium": "media",
    "memorandum": "memoranda",
    "mouse": "mice",
    "nucleus": "nuclei",
    "ox": "oxen",
    "person": "people",
    "phenomenon": "phenomena",
    "quiz": "quizzes",
    "radius": "radii",
    "sheaf": "sheaves",
    "stimulus": "stimuli",
    "thief": "thieves",
    "tooth": "teeth",
    "vertex": "vertices",
    "woman": "women",
}
IRREGULAR_SINGULAR = {plural: singular for singular, plural in IRREGULAR.items()}
# Compounds take the irregular plural of their last part: salesperson, grandchild, fireman.
_COMPOUND_ENDINGS = (("person", "people"), ("child", "children"), ("man", "men"))
# Words ending in -man that are not compounds of `man`.
_NOT_MAN = frozenset({"caiman", "cayman", "dolman", "german", "human", "ottoman", "roman", "shaman", "talisman"})
# Consonant + o takes -s (photos, memos, pianos) except in these words.
_O_ES = frozenset(
    {
        "buffalo",
        "cargo",
        "domino",
        "echo",
        "embargo",
        "hero",
        "mosquito",
        "motto",
        "potato",
        "tomato",
        "tornado",
        "torpedo",
        "veto",
        "volcano",
    }
)
# -f and -fe words that keep them (roofs, chiefs, safes); other -lf, -rf and consonant + fe words take -ves.
_F_S = frozenset({"cafe", "carafe", "golf", "gulf", "safe", "serf", "surf", "turf"})
# -ch pronounced /k/ takes -s.
_CH_S = frozenset({"epoch", "loch", "matriarch", "monarch", "oligarch", "patriarch", "stomach", "tech"})
# Singulars ending in -ie, whose plural -ies is not the plural of a -y word.
_IE_WORDS = frozenset(
    {
        "auntie",
        "brownie",
        "calorie",
        "cookie",
        "goodie",
        "hippie",
        "lie",
        "movie",
        "pie",
        "prairie",
        "rookie",
        "selfie",
        "smoothie",
        "sortie",
        "tie",
        "zombie",
    }
)
# Singulars ending in -che (caches), -se after a consonant + u (fuses) or -ase (cases): their plural only adds -s.
_CHE_WORDS = frozenset({"ache", "avalanche", "cache", "cliche", "headache", "moustache", "niche", "quiche", "tranche"})
_USE_WORDS = frozenset({"abuse", "accuse", "amuse", "excuse", "fuse", "muse", "recluse", "refuse", "ruse", "use"})
# Singulars ending in -us after c, a or o whose plural adds -es (focuses), and -as words that do (gases).
_US_AS_WORDS = frozenset({"abacus", "alias", "atlas", "bias", "canvas", "caucus", "circus", "focus", "gas", "pancreas"})
# Singular words ending in s that no rule would tell from a plural, and plurals in -us.
_SINGULAR_IN_S = frozenset({"axis", "chaos", "iris", "lens", "tennis"}) | _US_AS_WORDS
_PLURAL_IN_US = frozenset({"emu", "gnu", "guru", "haiku", "menu", "tofu", "tutu"})
# Singular words ending in -men.
_NOT_MEN = frozenset({"abdomen", "acumen", "lumen", "omen", "regimen", "specimen", "stamen"})
# Plurals of -sis words: analyses -> analysis.
_SIS_STEMS = (
    "analy",
    "cri",
    "diagno",
    "ellip",
    "empha",
    "hypothe",
    "oa",
    "paraly",
    "parenthe",
    "progno",
    "synop",
    "the",
)


def _last_word(name: str) -> tuple[str, str]:
    head, _, last = name.rpartition("_")
    return (f"{head}_" if head else ""), last


def _plural_word(word: str) -> str:
    if word in UNCOUNTABLE or word.endswith("ware"):
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    for singular, plural in _COMPOUND_ENDINGS:
        if word.endswith(singular) and word not in _NOT_MAN:
            return word[: -len(singular)] + plural
    rules: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
        (r"sis$", lambda m: "ses"),
        (r"xis$", lambda m: "xes"),
        (r"([^aeiouy]|qu)y$", lambda m: f"{m.group(1)}ies"),
        (r"([^f])fe$", lambda m: f"{m.group(1)}ves"),
        (r"([lr])f$", lambda m: f"{m.group(1)}ves"),
        (r"([^aeiou])o$", lambda m: f"{m.group(1)}oes" if word in _O_ES else f"{m.group(1)}os"),
        (r"ch$", lambda m: "chs" if word in _CH_S else "ches"),
        # A consonant and s end a word that is a plural already (settings, items): it stays as it is.
        (r"[^aeiousy]s$", lambda m: m.group(0)),
        (r"(s|x|z|sh)$", lambda m: f"{m.group(1)}es"),
    )
    for pattern, plural_ending in rules:
        found = re.search(pattern, word)
        if found and not (word in _F_S and "f" in pattern):
            return word[: found.start()] + plural_ending(found)
    return word + "s"


def _singular_word(word: str) -> str:
    # Irregular first: `data` and `media` are uncountable as singulars, but plurals of `datum` and `medium`.
    if word in IRREGULAR_SINGULAR:
        return IRREGULAR_SINGULAR[word]
    if word in UNCOUNTABLE or word in _SINGULAR_IN_S or word.endswith("ware"):
        return word
    for singular, plural in _COMPOUND_ENDINGS:
        if word.endswith(plural) and word not in _NOT_MEN:
            return word[: -len(plural)] + singular
    if word[:-1] in _IE_WORDS | _CHE_WORDS | _USE_WORDS | _PLURAL_IN_US:
        return word[:-1]
    if word[:-2] in _US_AS_WORDS:
        return word[:-2]
    for singular, plural in IRREGULAR.items():
        # Compounds of the -f words: tealeaves (but not olives, which is no compound of `lives`).
        if plural.endswith("ves") and word.endswith(plural) and len(plural) > 5:
            return word[: -len(plural)] + singular
    rules: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
        (rf"^({'|'.join(_SIS_STEMS)})ses$", lambda m: f"{m.group(1)}sis"),
        (r"([^aeiouy]|qu)ies$", lambda m: f"{m.group(1)}y"),
        (r"^(kni|li|wi|midwi)ves$", lambda m: f"{m.group(1)}fe"),
        (r"(wol|hal|shel|cal|el|sel|scar|dwar|whar)ves$", lambda m: f"{m.group(1)}f"),
        (r"([^aeiou])oes$", lambda m: f"{m.group(1)}o" if word[:-2] in _O_ES else f"{m.group(1)}oe"),
        (r"(ss|x|zz|tz|ch|sh)es$", lambda m: m.group(1)),
        (r"([^aoc])uses$", lambda m: f"{m.group(1)}us"),
        # -s after anything but s and u (status, bus), and -is after anything but s (analysis): taxis, photos.
        (r"([^su])s$", lambda m: m.group(1)),
    )
    for pattern, singular_ending in rules:
        found = re.search(pattern, word)
        if found and not (word.endswith("sis") and "su" in pattern):
            return word[: found.start()] + singular_ending(found)
    return word


def plural(name: str) -> str:
    """The plural of a snake_case name: `book_shelf` -> `book_shelves`, `hero` -> `heroes`, `series` -> `series`."""
    head, last = _last_word(name)
    return head + _plural_word(last)


def singular(name: str) -> str:
    """The singular of a plural snake_case name (`tags` -> `tag`, `leaves` -> `leaf`); a word that is no plural,
    or whose singular cannot be told, comes back as it is (`status`, `series`)."""
    head, last = _last_word(name)
    return head + _singular_word(last)


# --- the rules of templates before this module, for projects they generated ------------------------------------

_LEGACY_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "datum": "data",
    "criterion": "criteria",
    "analysis": "analyses",
    "index": "indices",
}
_LEGACY_IE_WORDS = frozenset(
    {"movie", "cookie", "zombie", "calorie", "rookie", "selfie", "prairie", "sortie", "pie", "tie"}
)


def legacy_plural(name: str) -> str:
    """The plural templates before this module gave (`hero` -> `heros`)."""
    head, last = _last_word(name)
    if last in _LEGACY_IRREGULAR:
        return head + _LEGACY_IRREGULAR[last]
    if re.search(r"[^aeiou]y$", last):
        return head + last[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", last):
        return head + last + "es"
    return head + last + "s"


def legacy_singular(name: str) -> str:
    """The singular templates before this module gave (`leaves` -> `leave`)."""
    head, last = _last_word(name)
    irregular = {plural: singular for singular, plural in _LEGACY_IRREGULAR.items()}
    if last in irregular:
        return head + irregular[last]
    if last[:-1] in _LEGACY_IE_WORDS:
        return head + last[:-1]
    if re.search(r"[^aeiou]ies$", last):
        return head + last[:-3] + "y"
    if re.search(r"(sses|xes|zzes|ches|shes)$", last) or re.search(r"[^aoc]uses$", last):
        return head + last[:-2]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 1:
        return head + last[:-1]
    return name
