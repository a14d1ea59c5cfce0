"""The case model: a validated case.yml (plus its case.md) as typed, immutable objects.

The JSON Schema (schema/case.schema.json) stays the one definition of the format; these classes are
built once, when the library loads, from data that has already passed it.  They trust its types
and only fill the gaps a draft may leave (a draft may lack any field, so every field has an empty
default).  What pages derive from a case (its place, founding date, a figure as the source writes
it, sort keys, practice anchors, the top honor) is a property here, so that the case page, the
tables, the charts and the downloads cannot derive it in different ways.

Field names are the case.yml keys, declared in the schema's order, and each record reads its
fields from the validated mapping by name, by the field's declared type (`Record.read`); `to_dict()`
writes the same structure back (for `cases.json`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from casebook.text.quantities import base_units, written

if TYPE_CHECKING:
    from casebook.model.completeness import Rating
    from casebook.validate.case import CaseSource

MISSING = "—"  # a figure or date the sources do not give: never 0, never blank
HONOR_LEVELS = ("国家级", "省级", "市级", "县区级", "街道级")  # the schema's enum, highest first
# The scale figures a case may carry (the schema's `scale` properties, in its order), with the
# short label tables and pages show for each.
SCALE_LABELS: dict[str, str] = {
    "households": "户数",
    "population": "人口",
    "area": "面积",
    "party_members": "党员",
    "party_organizations": "党组织",
    "grids": "网格",
    "grid_workers": "网格员",
    "volunteers": "志愿者",
    "residential_compounds": "小区",
    "units": "驻区单位",
    "staff": "社区工作人员",
    "floating_population": "流动人口",
    "social_organizations": "社会组织",
}

# Fields that are not case.yml keys: the file paths, the narrative and what is derived from data.
_NOT_YAML = {"yaml": False}


def _text(d: Mapping[str, Any], key: str) -> str:
    return str(d.get(key) or "")


def _texts(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(x) for x in d.get(key) or ())


def _items(d: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return [x for x in d.get(key) or () if isinstance(x, dict)]  # validated data: plain dicts


def _as_is(d: Mapping[str, Any], key: str) -> Any:
    return d.get(key)


@dataclass(frozen=True, slots=True)
class Record:
    """A part of case.yml.  `given` keeps the keys the file had, in its order, so that `to_dict()`
    writes back the same structure (an explicit `aliases: []` stays, an absent key stays absent)."""

    given: tuple[str, ...] = field(default=(), kw_only=True, repr=False, compare=False, metadata=_NOT_YAML)

    @classmethod
    def read(cls, d: Mapping[str, Any], **extra: Any) -> Self:
        """The record of a validated mapping; `extra` sets fields that are not read from it, or
        overrides them.  (Read by position where nothing is overridden: 10,000 cases hold about
        300,000 records, and building them from keywords measured 20-70 % slower here.)"""
        readers = _readers(cls)
        if not extra:
            return cls(*[read(d, name) for name, read in readers], given=tuple(d))
        values = {name: read(d, name) for name, read in readers}
        return cls(**{**values, **extra}, given=tuple(d))


@dataclass(frozen=True, slots=True)
class Figure(Record):
    """A number as the source states it: value + unit + qualifier (余/多/近/超/约/以上)."""

    value: float
    unit: str
    qualifier: str = ""
    as_of: int | None = None  # the year the figure describes
    label: str = ""  # what it counts (required for outcome and background figures)

    @property
    def text(self) -> str:
        """As written: 4100余万元, 近1000人次 (the qualifier is never dropped)."""
        return written(self.value, self.unit, self.qualifier)

    @property
    def dated(self) -> str:
        """As written, with the year it describes: 12250人（2020年）."""
        return f"{self.text}（{self.as_of}年）" if self.as_of else self.text

    @property
    def magnitude(self) -> float:
        """Sort key in base units (万元 → 元); the qualifier travels separately."""
        return base_units(self.value, self.unit)

    @property
    def approx(self) -> bool:
        return bool(self.qualifier)


def _has_value(d: Mapping[str, Any]) -> bool:
    # A draft's figure may have no value yet: it is no figure, there is nothing to show or sort.
    return d.get("value") is not None


def _figures(d: Mapping[str, Any], key: str) -> tuple[Figure, ...]:
    return tuple(Figure.read(x) for x in _items(d, key) if _has_value(x))


def _scale(d: Mapping[str, Any], key: str) -> dict[str, Figure]:
    stated = d.get(key) or {}
    return {k: Figure.read(v) for k, v in stated.items() if k in SCALE_LABELS and _has_value(v)}


@dataclass(frozen=True, slots=True)
class Location(Record):
    province: str = ""
    city: str = ""
    county: str = ""
    street: str = ""

    @property
    def place(self) -> str:
        """湖北省孝感市孝南区广场街道: how Chinese addresses are written, largest first, no spaces.
        A municipality is its own province and city (北京市, 北京市) and is written once."""
        if self.city and self.city == self.province:
            return self.province + self.county + self.street
        return self.province + self.below_province

    @property
    def below_province(self) -> str:
        return self.city + self.county + self.street


@dataclass(frozen=True, slots=True)
class Challenge(Record):
    tag: str  # the problem, as a vocabulary label (its term page gathers every case facing it)
    text: str  # the case's own sentence about it


@dataclass(frozen=True, slots=True)
class Practice(Record):
    name: str
    summary: str
    components: tuple[str, ...]
    tags: tuple[str, ...]
    number: int = field(default=0, metadata=_NOT_YAML)  # 1-based position in the case

    @property
    def anchor(self) -> str:
        """Id of its heading on the case page, where a ✓ or a glossary entry leads."""
        return f"practice-{self.number}"


def _practices(d: Mapping[str, Any], key: str) -> tuple[Practice, ...]:
    return tuple(Practice.read(p, number=i) for i, p in enumerate(_items(d, key), 1))


def _outcomes(d: Mapping[str, Any], key: str) -> tuple[Outcome, ...]:
    return tuple(Outcome.read(o, number=i) for i, o in enumerate(_items(d, key), 1))


@dataclass(frozen=True, slots=True)
class Outcome(Record):
    text: str
    figures: tuple[Figure, ...] = ()
    # Names of the case's own practices this outcome came from (where the sources say so); the
    # validator (CB251) has checked each one names a practice of the same case.
    practices: tuple[str, ...] = ()
    number: int = field(default=0, metadata=_NOT_YAML)  # 1-based position in the case

    @property
    def anchor(self) -> str:
        """Id of the outcome on the case page, where a practice's list of effects leads."""
        return f"outcome-{self.number}"


@dataclass(frozen=True, slots=True)
class Honor(Record):
    name: str
    level: str
    year: int | None = None
    recipient: str = ""  # who, when not the community itself (社区党委书记)

    @property
    def rank(self) -> int:
        """0 for 国家级 … 4 for 街道级; a draft's honor with no level sorts last."""
        return HONOR_LEVELS.index(self.level) if self.level in HONOR_LEVELS else len(HONOR_LEVELS)


@dataclass(frozen=True, slots=True)
class Lesson(Record):
    """What the case teaches, filed under a theme (the theme's page gathers them case by case)."""

    theme: str
    text: str


@dataclass(frozen=True, slots=True)
class Source(Record):
    title: str
    publisher: str
    author: str = ""
    date: str = ""
    url: str = ""
    script: str = ""  # 简体 or 繁体: the script of the original
    note: str = ""

    @property
    def link(self) -> str | None:
        """The URL when it is a web link; anything else is never made clickable."""
        return self.url if self.url.startswith(("http://", "https://")) else None


@dataclass(frozen=True, slots=True)
class Review(Record):
    status: str = ""  # draft or reviewed
    contributors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Case(Record):
    """One case: its case.yml fields, its narrative (case.md) and where both were read from."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    location: Location = Location()
    community_types: tuple[str, ...] = ()
    founded: str = ""  # as stored: 2003-04 or 2005
    scale: dict[str, Figure] = field(default_factory=dict, hash=False)
    figures: tuple[Figure, ...] = ()  # background figures beyond the scale
    challenges: tuple[Challenge, ...] = ()
    practices: tuple[Practice, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    honors: tuple[Honor, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    questions: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    review: Review = Review()
    narrative: str = field(default="", metadata=_NOT_YAML, repr=False)
    dir: Path = field(default=Path(), metadata=_NOT_YAML)
    yaml_file: str = field(default="", metadata=_NOT_YAML)  # paths as shown in messages
    md_file: str = field(default="", metadata=_NOT_YAML)
    # Tag lists every table and topic page asks for thousands of times: derived once, here.
    practice_tags: tuple[str, ...] = field(init=False, metadata=_NOT_YAML, repr=False)
    challenge_tags: tuple[str, ...] = field(init=False, metadata=_NOT_YAML, repr=False)
    themes: tuple[str, ...] = field(init=False, metadata=_NOT_YAML, repr=False)

    def __post_init__(self) -> None:
        tags: dict[str, None] = {}
        for p in self.practices:
            tags.update(dict.fromkeys(p.tags))
        object.__setattr__(self, "practice_tags", tuple(tags))
        object.__setattr__(self, "challenge_tags", tuple(c.tag for c in self.challenges if c.tag))
        object.__setattr__(self, "themes", tuple(x.theme for x in self.lessons if x.theme))

    @classmethod
    def of(cls, source: CaseSource) -> Case:
        """The model of a validated case folder (what model/library.py does for every case)."""
        return cls.from_data(
            source.data,
            source.narrative,
            case_id=source.id,
            folder=source.dir,
            yaml_file=source.yaml_file,
            md_file=source.md_file,
        )

    @classmethod
    def from_data(
        cls,
        data: Mapping[str, Any],
        narrative: str = "",
        *,
        case_id: str | None = None,
        folder: Path | None = None,
        yaml_file: str = "",
        md_file: str = "",
    ) -> Case:
        """The model of validated case.yml data (`case_id` overrides the file's own id; a draft
        without a name is shown by its id)."""
        cid = case_id or _text(data, "id")
        return cls.read(
            data,
            id=cid,
            name=_text(data, "name") or cid,
            narrative=narrative,
            dir=folder or Path(),
            yaml_file=yaml_file,
            md_file=md_file,
        )

    # ------------------------------------------------------------------ derived views

    @property
    def page(self) -> str:
        """Docs-relative path of the case page."""
        return f"cases/{self.id}.md"

    @property
    def is_draft(self) -> bool:
        return self.review.status != "reviewed"

    @property
    def place(self) -> str:
        return self.location.place

    @property
    def reading_key(self) -> tuple[str, str]:
        """The order of every listing, table and download: by province, then id."""
        return (self.location.province, self.id)

    @property
    def founded_text(self) -> str:
        """2003-04 → 2003年4月, 2005 → 2005年, none → —."""
        if not self.founded:
            return MISSING
        year, _, month = self.founded.partition("-")
        return f"{year}年{int(month)}月" if month else f"{year}年"

    @property
    def founded_sort(self) -> float | None:
        if not self.founded:
            return None
        year, _, month = self.founded.partition("-")
        return int(year) + (int(month) / 100 if month else 0)

    def figure(self, key: str) -> Figure | None:
        """A scale figure (households, population…), None when the sources give none."""
        return self.scale.get(key)

    @property
    def outcome_figures(self) -> tuple[Figure, ...]:
        return tuple(f for o in self.outcomes for f in o.figures)

    def outcomes_of(self, practice: Practice) -> tuple[Outcome, ...]:
        """The outcomes the case ties to this practice (`outcomes[].practices`), in case order."""
        return tuple(o for o in self.outcomes if practice.name in o.practices)

    def effects_of_tag(self, tag: str) -> tuple[Outcome, ...]:
        """The outcomes tied to any of the case's practices carrying `tag`, each once."""
        names = {p.name for p in self.practices if tag in p.tags}
        return tuple(o for o in self.outcomes if names.intersection(o.practices))

    def practice_with(self, tag: str) -> Practice | None:
        """The case's first practice carrying `tag` (where a ✓ for that tag should lead)."""
        return next((p for p in self.practices if tag in p.tags), None)

    @property
    def honors_by_rank(self) -> list[Honor]:
        """Highest level first, older first within a level."""
        return sorted(self.honors, key=lambda h: (h.rank, h.year or 0))

    @property
    def top_honor(self) -> str | None:
        levels = [h for h in self.honors if h.level in HONOR_LEVELS]
        return min(levels, key=lambda h: h.rank).level if levels else None

    def tags(self, category: str) -> tuple[str, ...]:
        """The case's vocabulary labels in one category (vocabulary.CATEGORIES)."""
        if category == "community_types":
            return self.community_types
        if category == "challenges":
            return self.challenge_tags
        if category == "practices":
            return self.practice_tags
        if category == "themes":
            return self.themes
        return ()

    @property
    def rating(self) -> Rating:
        """How complete the case is (stub / partial / complete): see completeness.py."""
        from casebook.model.completeness import rate

        return rate(self)

    # ------------------------------------------------------------------ back to case.yml

    def to_dict(self) -> dict[str, Any]:
        """The case.yml structure of this case, keys in the schema's order, empty fields left out."""
        out = _plain(self)
        assert isinstance(out, dict)
        return out

    @property
    def data(self) -> dict[str, Any]:
        """The case.yml structure (to_dict()): for code not yet moved to the model's attributes."""
        return self.to_dict()


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        if value.given:  # read from a file: its keys, in its order
            return {k: _plain(getattr(value, k)) for k in value.given}
        return {k: _plain(v) for k in _yaml_fields(type(value)) if not _empty(v := getattr(value, k))}
    if isinstance(value, tuple):
        return [_plain(x) for x in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _empty(value: Any) -> bool:
    return (
        value is None or value == "" or value == () or value == {} or value == Location() or value == Review()
    )


def _record(cls: type[Record]) -> Callable[[Mapping[str, Any], str], Any]:
    return lambda d, key: cls.read(d.get(key) or {})


def _records(cls: type[Record]) -> Callable[[Mapping[str, Any], str], Any]:
    return lambda d, key: tuple(cls.read(x) for x in _items(d, key))


# How a field is read, by its declared type (annotations are strings: `from __future__`).
_READ_BY_TYPE: dict[str, Callable[[Mapping[str, Any], str], Any]] = {
    "str": _text,
    "tuple[str, ...]": _texts,
    "float": _as_is,
    "int | None": _as_is,
    "tuple[Figure, ...]": _figures,
    "dict[str, Figure]": _scale,
    "tuple[Practice, ...]": _practices,
    "tuple[Outcome, ...]": _outcomes,
    "Location": _record(Location),
    "Review": _record(Review),
    **{f"tuple[{c.__name__}, ...]": _records(c) for c in (Challenge, Honor, Lesson, Source)},
}
_READERS: dict[type[Record], list[tuple[str, Callable[[Mapping[str, Any], str], Any]]]] = {}


def _readers(cls: type[Record]) -> list[tuple[str, Callable[[Mapping[str, Any], str], Any]]]:
    """(case.yml key, reader) for each field of a record class, worked out once per class."""
    found = _READERS.get(cls)
    if found is None:
        yaml = [f for f in fields(cls) if f.metadata.get("yaml", True)]
        found = _READERS[cls] = [(f.name, _READ_BY_TYPE[str(f.type)]) for f in yaml]
    return found


def _yaml_fields(cls: type[Record]) -> list[str]:
    return [name for name, _ in _readers(cls)]
