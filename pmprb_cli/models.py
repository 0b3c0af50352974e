"""The domain model: frozen, typed records that flow one way through pmprb.

workbook → :class:`Submission` → :class:`Finding` list → :class:`ScoreCard` → outputs.
No I/O and no third-party imports here.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import math
import operator
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeVar

ScaleKind = Literal["choice", "number"]
Conversion = Literal["linear", "choice", "lookup"]
DependencyKind = Literal["scale", "zero_when"]
Enforce = Literal["score", "check"]
Role = Literal["pengungkit", "hasil", "total"]


class Severity(enum.StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __reduce_ex__(self, protocol: object) -> tuple[type[Severity], tuple[str]]:
        """Pickled by value on every Python 3.11.

        3.11.2 (Debian 12's python3) pickles an enum member as ``builtins.getattr(Severity, 'WARNING')``, which
        the run cache's safe unpickler refuses: every cached result missed, and each run read every workbook.
        """
        return type(self), (self.value,)


_Record = TypeVar("_Record")


def _rebuilt(cls: Callable[..., _Record], values: tuple[object, ...]) -> _Record:
    """A record unpickled (from a worker, or the run's cache) with its texts shared, not copied.

    Each result arrives with its own copy of every text all workbooks repeat (item codes, cells, questions,
    hints, messages): 1 000 results held some 180 MB, two thirds of it such copies. Interned, equal texts are
    one object; values, hashes and comparisons are unchanged.
    """
    return cls(*[sys.intern(v) if type(v) is str else v for v in values])


def quick_init(cls: type[_Record]) -> type[_Record]:
    """Give a frozen, slotted dataclass a constructor that stores its fields as a plain object would.

    The ``__init__`` dataclasses generate for frozen classes calls ``object.__setattr__`` once per field
    (a global lookup and a method call each): a workbook creates a few hundred answers, item scores and
    findings. Calling each slot's own setter instead halved that, yet a call per field remained. Here
    ``__new__`` builds the instance as a mutable twin of the class with the same slots, stores each field
    as an ordinary attribute, and then makes it an instance of the class: one change of ``__class__`` in
    place of a call per field (an answer, 15 fields, in 5,4 k instructions instead of 12,7 k; 2,4 M a
    workbook in all). The class stays frozen, hashable and compared by value.
    Only for classes whose fields all have plain defaults (no ``default_factory``, no ``__post_init__``).
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    # The twin has the same slots in the same order, so an instance may change between the two classes.
    slots = cls.__dict__["__slots__"]
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": slots, "__module__": cls.__module__})
    namespace: dict[str, object] = {"_twin": twin, "_new": object.__new__}
    params = []
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING or hasattr(cls, "__post_init__"):
            raise TypeError(f"quick_init cannot build {cls.__name__}.{f.name}")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    # In __new__, not __init__: an __init__ is handed an instance of the frozen class, and would change its
    # class twice. object.__init__ then takes the same arguments and ignores them. A subclass is made an
    # instance of itself (one that adds slots fails loudly there: it must apply quick_init itself).
    body = "".join(f"    self.{n} = {n}\n" for n in names)
    exec(  # noqa: S102 - fixed template
        f"def __new__(cls, {', '.join(params)}):\n"
        "    self = _new(_twin)\n"
        f"{body}"
        "    self.__class__ = cls\n"
        "    return self\n",
        namespace,
    )
    new = namespace["__new__"]
    new.__qualname__ = f"{cls.__qualname__}.__new__"  # type: ignore[attr-defined]
    setattr(cls, "__new__", new)  # noqa: B010 - mypy forbids assigning a method directly
    delattr(cls, "__init__")  # (the generated one would store every field again)
    # Pickled as the class and its field values, rebuilt through the __new__ above: batch workers send
    # back thousands of these, and the state methods dataclasses give slotted classes look up the
    # fields and set each one through object.__setattr__ (three times slower both ways).
    # (A subclass that adds fields must apply quick_init itself, as it must for its own __init__.)
    if len(names) > 1:
        values = operator.attrgetter(*names)
        setattr(cls, "__reduce__", lambda self: (_rebuilt, (type(self), values(self))))  # noqa: B010
    elif names:  # an attrgetter of one name gives the value, not a tuple
        value = operator.attrgetter(names[0])
        setattr(cls, "__reduce__", lambda self: (type(self), (value(self),)))  # noqa: B010
    else:
        setattr(cls, "__reduce__", lambda self: (type(self), ()))  # noqa: B010
    return cls


# --------------------------------------------------------------------------- rubric


@dataclass(frozen=True)
class Scale:
    """An answer scale: the answers an item accepts and the value of each."""

    id: str
    title: str
    kind: ScaleKind
    values: Mapping[str, float] = field(default_factory=dict)
    spellings: Mapping[str, str] = field(default_factory=dict)
    minimum: float = 0.0
    maximum: float = 0.0

    @property
    def choices(self) -> tuple[str, ...]:
        """The canonical answers, in rubric order."""
        return tuple(self.values)


@dataclass(frozen=True)
class InputField:
    """A number the unit types that is not scored itself (a ``Jumlah`` row) but feeds a percentage item."""

    code: str
    label: str


@dataclass(frozen=True)
class Item:
    """A question answered by the unit; its value lies in [0, 1].

    Most items are answered directly on their scale. A percentage item (``formula`` set) is not answered:
    its value is computed from its ``inputs`` — ``ratio``: min(Σ numerator / Σ denominator, 1);
    ``decrease``: max(0, (before − after) / before). ``zero_denominator`` says what a zero denominator
    means: ``one`` (nothing to handle, e.g. no complaints → 100 %), ``zero``, or ``unanswered``.
    """

    code: str
    question: str
    scale: str
    options: tuple[str, ...] = ()
    evidence: bool = False
    status: str = "official"
    note: str = ""
    formula: Literal["", "ratio", "decrease"] = ""
    inputs: tuple[InputField, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    zero_denominator: Literal["one", "zero", "unanswered"] = "unanswered"

    @property
    def computed(self) -> bool:
        """Whether the value comes from input fields rather than a direct answer."""
        return bool(self.formula)


@dataclass(frozen=True)
class Node:
    """A node of the rubric tree: a group (komponen, area …), a sub-komponen or a hasil indicator.

    ``level`` is the name the rubric gives it. ``kind`` decides how it is scored:
    ``group`` sums its children; ``sub`` is the mean of its items × weight; ``indicator`` converts one
    input (``linear``: x / divisor × weight; ``lookup``: the points the scale gives the answer);
    ``graded`` (LKE AKIP) is answered on its own row with a grade from ``scale`` (AA … E) worth a share
    of its weight, its items being criteria answered Y/T; when no grade is given, the grade is derived
    from the share of criteria met through ``derive`` ((minimum share, grade), best first).
    """

    code: str
    name: str
    weight: float
    level: str
    kind: Literal["group", "sub", "indicator", "graded"]
    children: tuple[Node, ...] = ()
    items: tuple[Item, ...] = ()
    scale: str = ""
    conversion: Conversion = "linear"
    divisor: float = 0.0
    guidance: str = ""
    role: Role = "pengungkit"
    status: str = "official"
    note: str = ""
    derive: tuple[tuple[float, str], ...] = ()

    @property
    def own_top_grade(self) -> str | None:
        """The best grade a unit may give itself here: what every criterion met supports (LKE AKIP: BB).

        The grades above it (A, AA) are the evaluator's alone. ``None`` where no grade derives from criteria.
        """
        return self.derive[0][1] if self.derive else None

    def walk(self) -> tuple[Node, ...]:
        """This node and all nodes below it, depth first, in rubric order."""
        out: list[Node] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)


@dataclass(frozen=True)
class Dependency:
    """A rule linking one item's value to another's answer or value."""

    item: str
    kind: DependencyKind
    source: str
    answers: tuple[str, ...] = ()
    enforce: Enforce = "score"
    note: str = ""


@dataclass(frozen=True)
class PredikatBand:
    """One predikat with its index interval."""

    code: str
    label: str
    lower: float
    upper: float
    lower_inclusive: bool = False
    upper_inclusive: bool = True

    def contains(self, value: float) -> bool:
        """Whether ``value`` falls in this band."""
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return above and below


@dataclass(frozen=True)
class Verdict:
    """A pass/fail result with minimums (Zona Integritas WBK/WBBM), reported beside the predikat.

    ``minimums`` maps node codes (or ``index`` / ``pengungkit`` / ``hasil``) to the least score needed;
    ``area_share`` is the least share of its weight every area of role pengungkit must reach;
    ``requires`` names a verdict that must also pass (WBBM requires WBK).
    """

    code: str
    label: str
    minimums: Mapping[str, float] = field(default_factory=dict)
    area_share: float = 0.0
    requires: str = ""


@dataclass(frozen=True)
class Rubric:
    """A complete, validated rubric loaded from a data file."""

    id: str
    title: str
    regulation: str
    year: int
    version: str
    sources: tuple[str, ...]
    scales: Mapping[str, Scale]
    roots: tuple[Node, ...]
    dependencies: tuple[Dependency, ...]
    predikat: tuple[PredikatBand, ...]
    checksum: str
    path: str
    index_max: float = 100.0
    predikat_decimals: int = 2
    #: Decimals a percentage item's value (in [0, 1]) is rounded to, half up, before it counts; None keeps
    #: full precision (the official ZI form). pmprb-2020 rounds to 2, as its ZI sources do (PMPRB-2020.md §3.4).
    percent_decimals: int | None = None
    notes: str = ""
    verdicts: tuple[Verdict, ...] = ()
    target: str = ""
    #: The last evaluation year the instrument applies to (``year`` is the first); None: still in force.
    last_year: int | None = None
    #: Earlier versions whose templates score exactly as this one (only metadata changed): no PMPRB-W208.
    scores_as: tuple[str, ...] = ()
    #: Whether the units' answers make one kabupaten LKE (PMPRB, AKIP); false for a unit-level LKE (Zona
    #: Integritas: each unit is proposed and evaluated on its own; a kabupaten's average IPAK means nothing).
    kabupaten_lke: bool = True
    #: Whether a grade the unit types in its own column counts only as far as its criteria carry it, blank
    #: ones unmet (PMPRB-W427; sakip-2021 since 1.0.2). Otherwise only A/AA above BB are read as BB (W423).
    unit_grade_by_criteria: bool = False
    #: The instrument's name in titles: "Rapor PMPRB …", "Rapor Zona Integritas …", "Rekap AKIP …".
    short_title: str = "PMPRB"
    #: What the rubric calls the nodes at level area, in what people read: "area"; LKE AKIP says "komponen".
    area_term: str = "area"
    #: The rule of the kabupaten LKE proposal (``[proposal]``): scale id → ((least share of units at the
    #: best answer, proposed answer), …), best first. Empty: the default rule of :mod:`pmprb_cli.proposal`.
    proposal: Mapping[str, tuple[tuple[float, str], ...]] = field(default_factory=dict)

    # The traversals below are cached on the instance: a batch asks for them for every workbook.
    # (cached_property writes to the instance __dict__ directly, which a frozen dataclass allows.)
    @functools.cached_property
    def _nodes(self) -> tuple[Node, ...]:
        out: list[Node] = []
        for root in self.roots:
            out.extend(root.walk())
        return tuple(out)

    @functools.cached_property
    def scoring_form(self) -> str:
        """A digest of all that decides a score (tree, weights, scales' values, rules, bands), no metadata.

        Two rubrics of one id with the same form give every workbook the same index: a ``scores_as`` claim is
        checked against it. A kabupaten's copy with other A–D values and the copied claim kept was trended
        as the shipped rubric, 0,84 of its month's "+4,27" the change of formula.
        """
        return hashlib.sha256(repr(_scoring_view(self)).encode()).hexdigest()

    @functools.cached_property
    def _items(self) -> tuple[Item, ...]:
        return tuple(i for n in self._nodes for i in n.items)

    @functools.cached_property
    def _item_scales(self) -> Mapping[str, Scale]:
        return {i.code: self.scales[i.scale] for i in self._items if not i.computed}

    def nodes(self) -> tuple[Node, ...]:
        """Every node of the tree, depth first."""
        return self._nodes

    def item_scales(self) -> Mapping[str, Scale]:
        """The scale of every answered (not computed) item, by code."""
        return self._item_scales

    def in_force(self, year: int) -> bool:
        """Whether evaluations of ``year`` use this instrument (DOMAIN.md: which rubric when)."""
        return self.year <= year and (self.last_year is None or year <= self.last_year)

    def years(self) -> str:
        """The evaluation years it applies to, as ``2020–2022`` or ``2021–`` (still in force)."""
        return f"{self.year}–{self.last_year if self.last_year is not None else ''}"

    def out_of_years_note(self, period: str | None) -> str:
        """A sentence for the rapim when ``period`` (``YYYY-MM``) is outside the instrument's years ('' if not).

        PMPRB-I211 said it at info level, after the errors of validate; the summary and the rapor that the
        leadership reads scored 2026 with the 2020–2022 questionnaire without a word.
        """
        year = (period or "")[:4]
        if not year.isdigit() or self.in_force(int(year)):
            return ""
        return (
            f"Rubrik {self.id} ({self.regulation.split(' tentang ')[0]}) dipakai untuk evaluasi {self.years()}; "
            f"periode {period} di luar tahun itu (PMPRB-I211): indeks ini tidak sebanding dengan evaluasi resmi "
            "tahun itu. Bila pemda memakainya dengan sengaja, cukup diketahui."
        )

    def areas(self) -> tuple[Node, ...]:
        """The nodes at level ``area``, in rubric order."""
        return tuple(n for n in self._nodes if n.level == "area")

    def items(self) -> tuple[Item, ...]:
        """Every item, in rubric order."""
        return self._items

    def indicators(self) -> tuple[Node, ...]:
        """Every hasil indicator, in rubric order."""
        return self._indicators

    def graded(self) -> tuple[Node, ...]:
        """Every graded sub-komponen (answered with a grade on its own row), in rubric order."""
        return self._graded

    # (found once per rubric: every workbook asks for them, and the tree is walked to find them)
    @functools.cached_property
    def _indicators(self) -> tuple[Node, ...]:
        return tuple(n for n in self._nodes if n.kind == "indicator")

    @functools.cached_property
    def _graded(self) -> tuple[Node, ...]:
        return tuple(n for n in self._nodes if n.kind == "graded")

    @property
    def instrument(self) -> str:
        """Which evaluation this rubric is of: ``zi``, ``akip`` or ``rb`` (PMPRB, any version).

        Told by its shape (pass/fail verdicts, graded sub-komponen), not by its title, which a kabupaten may
        edit. One history holds one instrument.
        """
        return "zi" if self.verdicts else "akip" if self.graded() else "rb"

    def answer_codes(self) -> tuple[str, ...]:
        """Every code a workbook holds an answer for: items, input fields, indicators, graded subs."""
        return self._answer_codes

    @functools.cached_property
    def _answer_codes(self) -> tuple[str, ...]:
        # (asked once per workbook a batch reads: a walk of every node and item each time, 2 % of reading it)
        out: list[str] = []
        for node in self.nodes():
            if node.kind in ("indicator", "graded"):
                out.append(node.code)
            for item in node.items:
                if item.computed:
                    out.extend(f.code for f in item.inputs)
                else:
                    out.append(item.code)
        return tuple(out)


# --------------------------------------------------------------------------- submission


@quick_init
@dataclass(frozen=True, slots=True)
class Answer:
    """What a workbook holds for one item or indicator, with where it was found."""

    code: str
    raw: object
    sheet: str
    cell: str
    row: int
    evidence: str = ""
    cached_value: object = None
    evaluator_raw: object = None
    evaluator_cell: str = ""
    is_formula: bool = False
    question: str = ""
    #: The Nilai cell whose cached value ``cached_value`` is ("" where the sheet has no Nilai column).
    cached_cell: str = ""
    #: The link the Bukti Dukung cell points to (a HYPERLINK formula or a cell hyperlink), "" without one:
    #: ``evidence`` holds the text it shows.
    evidence_link: str = ""
    #: The answer cell is formatted as a percentage: ``raw`` is the percentage it shows (0.75 read as 75).
    percent_cell: bool = False
    #: What the evaluator wrote in Catatan Evaluator on this row ("" without one): why an answer was changed.
    evaluator_note: str = ""
    #: The evaluator marked the row as agreed ("sesuai", "✓", "-"): checked, the unit's answer kept.
    evaluator_agreed: bool = False
    #: The Bukti Dukung cell ``evidence`` is read from when it is not the row's own: a merged range's first cell
    #: ("M13" for rows 13 to 15 under one SK); "" for the row's own cell.
    evidence_from: str = ""
    #: What the unit wrote in Penjelasan Unit on this row ("" without one), carried by ``templates --prefill``.
    unit_note: str = ""

    @property
    def by_evaluator(self) -> bool:
        """Whether this is the evaluator's answer read in the unit's place (the verified view: at its cell)."""
        return bool(self.evaluator_cell) and self.cell == self.evaluator_cell

    @property
    def has_evidence(self) -> bool:
        """Whether the Bukti Dukung cell names something: "-" or "tidak ada" is how a form says none."""
        text = self.evidence
        if not text:
            return bool(self.evidence_link)  # (an empty cell, the usual other case: nothing to normalise)
        # Most cells hold a link or a document name, longer than any way of writing "none": no need to look.
        if len(text) > 40 or self.evidence_link or text.startswith(("http", "www")):
            return True
        return normalise_blank(text) not in NO_EVIDENCE


#: What an Indonesian form writes in a cell for "none", or for "not yet" (compared as :func:`normalise_blank`
#: reads it): as evidence it counted, so no PMPRB-W410 said the item had none — "Tidak ada.", "Belum
#: tersedia", "Dalam proses", "menyusul" went to Kemenpan-RB's evidence list as evidence.
NO_EVIDENCE = frozenset(
    {
        "",
        "0",
        "n a",
        "na",
        "no",
        "none",
        "nihil",
        "kosong",
        "tidak",
        "tdk",
        "belum",
        "blm",
        "tidak ada",
        "tdk ada",
        "belum ada",
        "blm ada",
        "tidak tersedia",
        "belum tersedia",
        "tidak ada bukti",
        "belum ada bukti",
        "tidak ada bukti dukung",
        "belum ada bukti dukung",
        "tidak ada dokumen",
        "belum ada dokumen",
        "tidak ada data",
        "belum ada data",
        "belum diisi",
        "belum dilengkapi",
        "akan dilengkapi",
        "segera dilengkapi",
        "menyusul",
        "akan menyusul",
        "dalam proses",
        "masih dalam proses",
        "sedang diproses",
        "sedang disusun",
        "dalam penyusunan",
        "masih disusun",
    }
)


_ASCII_PUNCTUATION = bytes.maketrans(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", b" " * 32)


def normalise_blank(text: str) -> str:
    """Text as compared with :data:`NO_EVIDENCE`: case, width, punctuation and spacing aside ("Tidak ada.")."""
    if text.isascii():
        return " ".join(text.casefold().encode().translate(_ASCII_PUNCTUATION).decode().split())  # (one pass in C)
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).casefold()
    # (punctuation only: a ✓ says a document exists, PMPRB-W435's, not that there is none)
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "P" else ch for ch in folded).split())


@dataclass(frozen=True)
class Submission:
    """A workbook read into memory: identity, the answers found, and where."""

    file: str
    sheet: str
    layout: Literal["official", "template"]
    unit_name: str
    unit_code: str
    period: str
    answers: Mapping[str, Answer]
    sha256: str
    rubric_id: str = ""
    rubric_version: str = ""
    rubric_checksum: str = ""
    #: The jenis the Identitas sheet of a pmprb template gives ("" elsewhere); a registry overrides it.
    unit_jenis: str = ""
    #: The value cached in a pmprb template's INDEKS cell (what a reader of the workbook sees), and where.
    cached_index: object = None
    cached_index_cell: str = ""
    #: Official layout: (code, Nilai cell, cached value) of each group and percentage item row, as the sheet
    #: shows them (PMPRB-W411 compares them with the recomputed scores).
    cached_nodes: tuple[tuple[str, str, float], ...] = ()
    #: The letters of the Bukti Dukung column ("" where the sheet has none): findings about evidence point there.
    evidence_column: str = ""
    #: The kabupaten LKE (usulan) pmprb exported: read like a unit's, never ranked among units.
    usulan: bool = False
    #: Where a pmprb template's Identitas sheet states each field ("period" → "B5"), and that sheet's name.
    identity_sheet: str = ""
    identity_cells: Mapping[str, str] = field(default_factory=dict)
    #: The kabupaten the workbook states (Identitas sheet, or a "Kabupaten :" line above the LKE table).
    kabupaten: str = ""
    #: The unit the head of the LKE sheet states, as (kode, name, cell of the kode or else the name); the
    #: Identitas sheet of a template wins over it, but the two may disagree (PMPRB-E309).
    head_unit: tuple[str, str, str] = ("", "", "")
    #: The workbook names no unit anywhere: its unit is the one its file name names (PMPRB-W308).
    unit_from_file_name: bool = False
    #: The items whose answer the evaluator filled (an agreement mark too) and those with a Catatan Evaluator, kept
    #: when the answers are not (score, validate): the duplicate check says what a set-aside file holds that the
    #: ranked one lacks (E304) in every command alike (covrev: validate and score left its notes unsaid).
    evaluator_work: tuple[frozenset[str], frozenset[str]] | None = None
    #: A digest of the answers with their bukti dukung ("" when too few items give evidence to tell a copy):
    #: two units' equal digests are one unit's answers sent twice (PMPRB-W313), kept when the answers are not.
    answers_digest: str = ""
    #: When the workbook says it was last saved (its core properties' dcterms:modified, as UTC "…Z", or as written
    #: where it names no zone; "" where it says nothing): which of a unit's two sendings is newer, where the
    #: files' own times are when they were downloaded (WhatsApp, Drive), not when they were saved.
    saved: str = ""
    #: A digest of the evaluator's entries, agreement marks and notes ("" when there are none), kept when the
    #: answers are not: a unit's file saved again is the same sending only with the same evaluator work (PMPRB-I509).
    evaluator_digest: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found wrong or worth saying about an input, with where it is."""

    code: str
    severity: Severity
    file: str
    message: str
    hint: str = ""
    sheet: str = ""
    cell: str = ""
    item: str = ""
    value: str = ""
    #: ``value`` as the finding's language writes it where that differs (0.875 in English): for its text, never
    #: in JSON, which keeps ``value`` as Indonesian writes it in every language.
    shown: str = ""

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        """Order findings by file, sheet, row, column, code."""
        row, col = _cell_order(self.cell)
        return (self.file, self.sheet, row, col, self.code, self.item)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready dict with stable keys."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "item": self.item,
            "value": self.value,
            "message": self.message,
            "hint": self.hint,
        }


def fsum(values: Iterable[float]) -> float:
    """The correctly rounded sum (:func:`math.fsum`): the same on every Python, whose ``sum`` compensates since 3.12.

    Past any float (a count typed 1E+308) it is the plain sum's infinity, as before: ``math.fsum`` raises there, and
    one workbook's counts failed the whole file.
    """
    items = list(values)
    try:
        return math.fsum(items)
    except (OverflowError, ValueError):
        return sum(items)


@functools.lru_cache(maxsize=4096)
def rounded_half_up(value: float, decimals: int) -> Decimal:
    """A number as people see it: rounded half up to ``decimals``, from the decimal the float stands for.

    ``repr`` gives the shortest decimal that reads back as the same float (70.005, not 70.00499999…), so
    70.005 shows as 70,01 in every output and bands as 70,01 does. Python's own formatting rounds the
    binary value half to even (8.125 → 8.12): never used for a number people read.

    An index is a sum of products of weights and answer values: exactly 16001/200 = 80,005 was computed as
    80.00499999999998, shown 80,00 and banded BB, not A. The noise of that arithmetic (about 1e-13 on a
    0–100 index, some 1e-12 at worst over a few hundred terms) is taken off first, at 10 decimals. Taken off at
    9, a Zona Integritas index 4,5e-10 below 74,995 (its percentages are unrounded ratios of large counts:
    143/149, 924/929) showed 75,00 and passed WBK, where the spreadsheet showed 74,99.
    """
    # (enough digits for any finite float: 1E+300 typed in a Jumlah cell is still shown, not an error)
    with localcontext(prec=_DIGITS):
        exact = Decimal(repr(float(value)))
        if exact.is_finite():
            exact = exact.quantize(_NOISE, ROUND_HALF_EVEN)
        return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


_NOISE = Decimal("1e-10")


def denoised(value: float) -> float:
    """A computed score with the noise of float arithmetic taken off, as :func:`rounded_half_up` takes it.

    For a spreadsheet cell: LibreOffice shows 60.004999999999995 as 60,00 where every pmprb output shows
    60,01 (its number format rounds the binary value); 60.005 it shows as 60,01.
    """
    if not math.isfinite(value):
        return value
    shortest = repr(float(value))
    whole, dot, fraction = shortest.partition(".")
    if dot and "e" not in fraction and "e" not in whole:
        if len(fraction) <= 10:
            return float(value)  # (nothing beyond the 10th decimal)
        if fraction[10:] != "5":
            # round() rounds the binary value, the Decimal below its shortest repr: they differ only where that
            # repr is a tie at the 11th decimal (a tie between the value and its repr would have made a shorter
            # repr). Nine times faster: the JSON of 1000 units rounds some 50 000 numbers.
            return round(float(value), 10)
    with localcontext(prec=_DIGITS):
        return float(Decimal(shortest).quantize(_NOISE, ROUND_HALF_EVEN))


_DIGITS = 340


def as_typed(number: float, lang: str = "id") -> str:
    """A number read from a cell, as a person would type it: every digit, no exponent (1234567; 3,8; 0,75).

    In English the decimal point stays a point (1,208 there reads as a thousand and more).
    """
    if number == 0:
        number = 0.0  # (-0 in a cell was said "-0")
    if math.isinf(number):
        # (400 digits in a cell, read as infinity: "Isian 'inf' … bukan angka", of a number the unit typed)
        return (
            ("more than 1E+308" if lang == "en" else "lebih dari 1E+308")
            if number > 0
            else ("less than -1E+308" if lang == "en" else "kurang dari -1E+308")
        )
    # 1e308 was said with 309 digits, most of them binary artefacts ("10000000000000000109790636…"): from
    # 10^15 on, a float holds no more digits than a spreadsheet shows, and it shows 1E+308.
    # Below it, every digit a spreadsheet keeps (15): six decimals showed 4,0000001 on a 0–4 scale as "Nilai 4 …
    # di luar rentang 0–4" (its one digit too many, the reason it counted 0, cut away).
    if abs(number) >= 1e15:
        text = format(number, ".6G")
    else:
        text = format(Decimal(format(number, ".15g")), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return text if lang == "en" else text.replace(".", ",")


def shown_difference(value: float, other: float, decimals: int) -> float:
    """``value − other`` as people can check it: the difference of the two numbers as shown.

    70,25 → 75,03 is +4,78 on every page, even where the unrounded difference (4,7749…) would show as 4,77.
    """
    return float(rounded_half_up(value, decimals) - rounded_half_up(other, decimals))


_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


# Remembered: an action list names its sheet for every answer it proposes (a hundred a workbook), each a
# test of printable characters and two patterns; a workbook has a few sheets. (Bounded: names are short.)
@functools.lru_cache(maxsize=256)
def sheet_ref(sheet: str) -> str:
    """A sheet's name as a cell reference starts, quoted as Excel writes it where it must be: 'LKE Dinkes 2022'.

    "LKE Dinkes 2022!K195" was refused by Excel's Name Box and Go To, and left unclear where the file's name
    ended and the sheet's began. (Its controls shown escaped, as :func:`visible` shows them.)
    """
    shown = visible(sheet)
    # (a name Excel would read as a cell, A1 or R1C1 style — "LKE2022", "R1C1", "R" — is quoted too)
    plain = _PLAIN_SHEET.fullmatch(shown) and not _CELL_LIKE.fullmatch(shown)
    return shown if plain else "'" + shown.replace("'", "''") + "'"


_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*(?:[Cc][0-9]*)?|[Cc][0-9]*")


def visible(text: str) -> str:
    r"""Text with its controls, format characters (bidirectional ones among them) and line separators escaped.

    An answer cell holding ESC ] 0 ; … BEL retitled the evaluator's terminal when the rapor's .md was shown,
    and a right-to-left override reversed the rest of a finding's message in the browser: shown as ``\x1b``,
    ``\u202e``. A space of another width (U+00A0, copied from a web page) stays a space.
    """
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        ch.encode("unicode_escape").decode() if unicodedata.category(ch) in _HIDDEN_CATEGORIES else ch for ch in text
    )


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def first_named(names: Sequence[str], limit: int, sep: str = ", ", *, en: bool = False) -> str:
    """The first ``limit`` names, and how many more ("A, B, C dan 4 lagi"): a line that stays a line."""
    more = len(names) - limit
    rest = (f" and {more} more" if en else f" dan {more} lagi") if more > 0 else ""
    return sep.join(names[:limit]) + rest


def format_id(value: float, decimals: int = 2) -> str:
    """A number in Indonesian form, rounded half up as everywhere (see ``rounded_half_up``): 71,41; 1.234,50."""
    shown = rounded_half_up(value, decimals)
    text = f"{abs(shown) if shown == 0 else shown:,}"  # -0.004 shows as 0,00, not -0,00
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_gain(value: float) -> str:
    """An action's gain in index points: +0,37; "< +0,01" for one that shows as 0,00 yet counts.

    Two steps shown "+0,00" each closed a gap of 0,01: the list was right, its figures read as nothing.
    """
    if value > 0 and rounded_half_up(value, 2) == 0:
        return "< +0,01"
    return ("+" if value >= 0 else "-") + format_id(abs(value))


def format_number(value: float, decimals: int = 2, lang: str = "id") -> str:
    """A number for a message in its language: 71,41 and 1.234,50 in Indonesian; 71.41 and 1,234.50 in English."""
    text = format_id(value, decimals)
    return text if lang != "en" else text.replace(".", "\0").replace(",", ".").replace("\0", ",")


# Cached: a workbook's findings are sorted several times (score card, result, output), and the same few
# hundred cells recur; uncached, these keys cost `pmprb validate` 2,7 M instructions a workbook.
@functools.lru_cache(maxsize=4096)
def _cell_order(cell: str) -> tuple[int, str]:
    """A cell reference as (row, column) sort keys: B9 before AA9 before A10 (the same few hundred recur)."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0, f"{len(letters):02d}{letters}"


# --------------------------------------------------------------------------- scores


@quick_init
@dataclass(frozen=True, slots=True)
class NodeScore:
    """The score of one rubric node."""

    code: str
    name: str
    level: str
    weight: float
    score: float


@quick_init
@dataclass(frozen=True, slots=True)
class ItemScore:
    """The value of one item after its dependencies, and the answer it came from."""

    code: str
    answer: str | None
    value: float
    status: Literal["ok", "missing", "invalid"]


@quick_init
@dataclass(frozen=True, slots=True)
class VerdictResult:
    """Whether a unit meets a verdict's minimums, and which it misses."""

    code: str
    label: str
    passed: bool
    unmet: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreCard:
    """Everything pmprb computed for one submission."""

    file: str
    unit_name: str
    unit_code: str
    period: str
    rubric_id: str
    rubric_version: str
    index: float
    pengungkit: float
    hasil: float
    predikat: str
    predikat_label: str
    nodes: tuple[NodeScore, ...]
    items: tuple[ItemScore, ...]
    findings: tuple[Finding, ...]
    verdicts: tuple[VerdictResult, ...] = ()
    #: (missing, invalid) item counts, kept when ``items`` is dropped to keep worker results small.
    counts: tuple[int, int] = (0, 0)
    #: Of a verified card: (answers the evaluator's column gave, answers the rubric asks). The rest are the
    #: unit's own: a unit checked on 1 answer of 201 read "terverifikasi" like one checked on all of them.
    checked: tuple[int, int] = (0, 0)
    #: How many answers the workbook is asked for: every item, less the graded sub-komponen (LKE AKIP) whose
    #: grade was left blank for its criteria to make it. Counted as answered, an untouched template read "12 of
    #: 92 answered" in the rekap's Kelengkapan.
    asked: int = 0
    #: How many of the unit's own questions (items and graded sub-komponen, not the hasil indicators the
    #: kabupaten's figures fill) hold an answer; None where not counted.
    answered_own: int | None = None

    def areas(self) -> tuple[NodeScore, ...]:
        """The area scores, in rubric order."""
        return tuple(n for n in self.nodes if n.level == "area")

    @property
    def missing(self) -> int:
        """How many items had no answer (each counted as 0, with a finding)."""
        return self.counts[0]

    @property
    def invalid(self) -> int:
        """How many items had an answer outside their scale (each counted as 0, with a finding)."""
        return self.counts[1]


@dataclass(frozen=True)
class FailedInput:
    """An input that could not be scored at all."""

    file: str
    code: str
    message: str
    hint: str = ""


#: Fields that name, describe or place a rubric without deciding any score (see :attr:`Rubric.scoring_form`).
_NOT_SCORING = frozenset(
    {
        "title", "regulation", "year", "version", "sources", "checksum", "path", "notes", "last_year", "scores_as",
        "short_title", "area_term", "proposal", "target", "kabupaten_lke", "name", "guidance", "status", "note",
        "question", "evidence", "label",
    }
)  # fmt: skip


def _scoring_view(value: object) -> object:
    """A rubric's value with only what decides scores: nested tuples, mappings in sorted order."""
    if isinstance(value, (Rubric, Node, Item, Scale, InputField, Dependency, PredikatBand, Verdict)):
        return (
            type(value).__name__,
            tuple((f.name, _scoring_view(getattr(value, f.name))) for f in fields(value) if f.name not in _NOT_SCORING),
        )
    if isinstance(value, Mapping):
        return tuple(sorted((repr(k), _scoring_view(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        # (a dependency only checked, never applied, says PMPRB-W405 and scores nothing)
        return tuple(_scoring_view(v) for v in value if not (isinstance(v, Dependency) and v.enforce == "check"))
    return value
