"""Read rule files (TOML) into validated rule specifications, with errors that name file, rule and problem.

A rule file may hold three tables, all optional:

- ``[fragments]``: named sub-patterns, referenced from patterns as ``{name}``;
- ``[lexicons.NAME]``: word lists as data, either inline (``words = [...]``, or ``word = "value"`` pairs) or
  a TSV file beside the rule file (``file = "lexicons/x.tsv"``, first column the word, optionally filtered by
  column values with ``where`` and by word with ``exclude``); referenced as ``{NAME}``;
- ``[[rules]]``: the rules themselves.

Files are read in order; a later fragment, lexicon or rule with the same name/id replaces the earlier one, which
is how users override shipped rules.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factx.errors import RuleError

RULE_KEYS = {"id", "type", "pattern", "requires", "anchor", "priority", "examples", "counter_examples", "description", "enabled",
             "engine"}
ENGINES = ("regex", "re")
EXAMPLE_KEYS = {"text", "fact", "value", "unit", "qualifier", "low", "high", "role", "relative"}
FACT_TYPES = {"money", "percent", "quantity", "number", "date", "org", "person", "location", "block"}
LEXICON_KEYS = {"words", "file", "where", "exclude", "values", "description"}


@dataclass(slots=True)
class RuleSpec:
    """One rule as written: the pattern still holds its ``{references}``."""

    id: str
    type: str
    pattern: str
    path: str
    priority: int = 0
    requires: str | None = None  # a pattern every text the rule can match contains (a cheap pre-check)
    anchor: tuple[str, ...] | None = None  # lexicons: the rule is tried only where one of their words starts
    engine: str = "regex"  # "re": scanned with the standard library's engine too (see engine/compiler.py)
    examples: list[dict[str, Any]] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)
    description: str = ""


class TableRows(Mapping[str, list[list[str]]]):
    """A TSV lexicon's rows by word, kept as two texts and split only when a word is looked up.

    Loading the rule-set cache then costs two strings and two arrays, not a dict entry per word: the
    59,000-word gazetteer loads in under 5 ms instead of about 20. Words are found by binary search until a
    process has looked up ``INDEX_AFTER`` of them; then a dict is built (about 10 ms), which pays off.
    """

    __slots__ = ("_index", "_lookups", "_parsed", "_row_starts", "_rows", "_word_starts", "_words")

    INDEX_AFTER = 2000

    def __init__(self, words: str, word_starts: array, rows: bytes, row_starts: array) -> None:
        self._words = words  # the sorted words, each followed by "\n"
        self._word_starts = word_starts  # where each word starts in _words, plus the end
        self._rows = rows  # each word's rows (cells joined by tabs, rows by "\n"), in the same order, UTF-8
        self._row_starts = row_starts
        self._parsed: dict[str, list[list[str]]] = {}
        self._index: dict[str, int] | None = None
        self._lookups = 0

    @classmethod
    def of(cls, rows: dict[str, list[list[str]]]) -> TableRows:
        words = sorted(rows)
        word_starts, row_starts = array("I", [0]), array("I", [0])
        row_texts: list[bytes] = []
        for word in words:
            word_starts.append(word_starts[-1] + len(word) + 1)
            text = "\n".join("\t".join(cells) for cells in rows[word]).encode()  # bytes unpickle as a copy
            row_texts.append(text)
            row_starts.append(row_starts[-1] + len(text))
        table = cls("".join(word + "\n" for word in words), word_starts, b"".join(row_texts), row_starts)
        table._parsed = dict(rows)
        return table

    def _word(self, position: int) -> str:
        return self._words[self._word_starts[position] : self._word_starts[position + 1] - 1]

    def _position(self, word: str) -> int:
        """The word's place in the sorted table, or -1."""
        if self._index is None:
            self._lookups += 1
            if self._lookups > self.INDEX_AFTER:
                self._index = {word: n for n, word in enumerate(self._words.split("\n")[:-1])}
            else:
                count = len(self._word_starts) - 1
                position = bisect_left(range(count), word, key=self._word)
                return position if position < count and self._word(position) == word else -1
        return self._index.get(word, -1)

    def get(self, word: str, default: Any = None) -> Any:
        """``Mapping.get`` without a raised and caught KeyError: most words looked up are not in the table."""
        rows = self._parsed.get(word)
        if rows is None:
            index = self._index
            position = index.get(word, -1) if index is not None else self._position(word)
            if position < 0:
                return default
            block = self._rows[self._row_starts[position] : self._row_starts[position + 1]].decode()
            rows = self._parsed[word] = [line.split("\t") for line in block.split("\n")]
        return rows

    def __getitem__(self, word: str) -> list[list[str]]:
        rows: list[list[str]] | None = self.get(word)
        if rows is None:
            raise KeyError(word)
        return rows

    def __contains__(self, word: object) -> bool:
        if self._index is not None:  # once built, it holds every word: one dict look-up
            return isinstance(word, str) and word in self._index
        return isinstance(word, str) and (word in self._parsed or self._position(word) >= 0)

    def __iter__(self) -> Iterator[str]:
        return iter(self._words.split("\n")[:-1])

    def __len__(self) -> int:
        return len(self._word_starts) - 1

    def __reduce__(self) -> tuple[type[TableRows], tuple[str, array, bytes, array]]:
        return TableRows, (self._words, self._word_starts, self._rows, self._row_starts)


class Lexicon:
    """A word list; ``values`` maps each word to its canonical value (the word itself when none is given).

    ``rows`` keeps every row of a TSV table by its first column. ``values`` is derived from the rows on first
    use after loading from the cache (plus the words given inline), so an unused big table costs nothing.
    """

    __slots__ = ("_extra", "_values", "name", "path", "rows")

    def __init__(self, name: str, path: str, values: dict[str, Any],
                 rows: dict[str, list[list[str]]] | None = None) -> None:
        self.name = name
        self.path = path
        self.rows: Mapping[str, list[list[str]]] = TableRows.of(rows or {})
        self._values: dict[str, Any] | None = values
        self._extra: dict[str, Any] = {}

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = _implied_values(self.rows)
            self._values.update(self._extra)
        return self._values

    def __getstate__(self) -> tuple[str, str, Mapping[str, list[list[str]]], dict[str, Any]]:
        implied = _implied_values(self.rows)
        extra = {word: value for word, value in self.values.items() if word not in implied or implied[word] != value}
        return self.name, self.path, self.rows, extra

    def __setstate__(self, state: tuple[str, str, Mapping[str, list[list[str]]], dict[str, Any]]) -> None:
        self.name, self.path, self.rows, self._extra = state
        self._values = None


def _implied_values(rows: Mapping[str, list[list[str]]]) -> dict[str, Any]:
    """A table word's value: its second column, or the word itself."""
    return {word: group[0][1] if len(group[0]) > 1 and group[0][1] else word for word, group in rows.items()}


@dataclass(slots=True)
class RuleSource:
    """Everything read from a set of rule files, before compilation."""

    fragments: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (pattern, file)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    rules: dict[str, RuleSpec] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    data_files: list[str] = field(default_factory=list)  # lexicon tables the rule files name


def rule_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their ``*.toml`` files (sorted, ``_``-prefixed definition files first)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml"), key=lambda p: (not p.name.startswith("_"), p.name)))
        elif path.is_file():
            found.append(path)
        else:
            raise RuleError(str(path), "no such rule file or folder")
    return found


def read_rule_files(paths: list[Path]) -> RuleSource:
    """Read and validate the rule files in order (shipped first, then the user's)."""
    source = RuleSource()
    seen_in_file: dict[str, set[str]] = {}
    for path in rule_files(paths):
        _read_one(path, source, seen_in_file.setdefault(str(path), set()))
    return source


def _read_one(path: Path, source: RuleSource, ids_here: set[str]) -> None:
    import tomllib  # only a rule-set cache miss reads rule files: a cached start-up skips the import

    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(name, f"invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, f"cannot read: {exc}") from None
    unknown = set(data) - {"fragments", "lexicons", "rules"}
    if unknown:
        raise RuleError(name, f"unknown top-level table(s): {', '.join(sorted(unknown))}")
    source.files.append(name)
    for key, pattern in data.get("fragments", {}).items():
        if not isinstance(pattern, str):
            raise RuleError(name, f"fragment {key!r} must be a string")
        source.fragments[key] = (pattern, name)
    for key, spec in data.get("lexicons", {}).items():
        source.lexicons[key] = _lexicon(path, key, spec)
        if isinstance(spec, dict) and isinstance(spec.get("file"), str):
            source.data_files.append(str(path.parent / spec["file"]))
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise RuleError(name, "'rules' must be an array of tables ([[rules]])")
    for index, raw in enumerate(rules):
        rule = _rule(name, index, raw)
        if rule.id in ids_here:
            raise RuleError(name, "duplicate rule id in the same file", rule.id)
        ids_here.add(rule.id)
        if raw.get("enabled", True):
            source.rules[rule.id] = rule
        else:
            source.rules.pop(rule.id, None)  # a user file can switch a shipped rule off


def _lexicon(path: Path, key: str, spec: Any) -> Lexicon:
    name = str(path)
    if not isinstance(spec, dict):
        raise RuleError(name, f"lexicon {key!r} must be a table")
    if "words" in spec or "file" in spec:
        unknown = set(spec) - LEXICON_KEYS
        if unknown:
            raise RuleError(name, f"lexicon {key!r}: unknown key(s) {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    rows: dict[str, list[list[str]]] = {}
    if "file" in spec:
        table = path.parent / spec["file"]
        try:
            lines = table.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise RuleError(name, f"lexicon {key!r}: cannot read {table}: {exc}") from None
        where = _where(name, key, spec.get("where", {}))
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if cells[0] in ("name", "word", "surname", "suffix") and not rows:
                continue  # header row
            if where and not all(column < len(cells) and cells[column] in allowed for column, allowed in where):
                continue  # a row the lexicon's filter leaves out
            rows.setdefault(cells[0], []).append(cells)
            values.setdefault(cells[0], cells[1] if len(cells) > 1 and cells[1] else cells[0])
    if "words" in spec:
        words = spec["words"]
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError(name, f"lexicon {key!r}: 'words' must be a list of strings")
        values.update({w: w for w in words})
    if "values" in spec:
        if not isinstance(spec["values"], dict):
            raise RuleError(name, f"lexicon {key!r}: 'values' must be a table")
        values.update(spec["values"])
    if "words" not in spec and "file" not in spec and "values" not in spec:
        values = dict(spec)  # a plain table of word = value pairs
    elif "exclude" in spec:  # words of a shared table that this lexicon leaves out
        excluded = spec["exclude"]
        if not isinstance(excluded, list) or not all(isinstance(w, str) for w in excluded):
            raise RuleError(name, f"lexicon {key!r}: 'exclude' must be a list of strings")
        for word in excluded:
            values.pop(word, None)
            rows.pop(word, None)
    if not values:
        raise RuleError(name, f"lexicon {key!r} is empty")
    return Lexicon(key, name, values, rows)


def _where(name: str, key: str, spec: Any) -> list[tuple[int, frozenset[str]]]:
    """A TSV lexicon's row filter: ``where = { "3" = ["province", "city"] }`` keeps the rows whose 3rd column
    is one of the listed values (columns counted from 1)."""
    if not isinstance(spec, dict):
        raise RuleError(name, f"lexicon {key!r}: 'where' must be a table of column number = [values]")
    filters = []
    for column, allowed in spec.items():
        if not str(column).isdigit() or int(column) < 1:
            raise RuleError(name, f"lexicon {key!r}: 'where' keys are column numbers (1 = the word), not {column!r}")
        if not isinstance(allowed, list) or not all(isinstance(v, str) for v in allowed):
            raise RuleError(name, f"lexicon {key!r}: 'where' values must be lists of strings")
        filters.append((int(column) - 1, frozenset(allowed)))
    return filters


def _rule(name: str, index: int, raw: Any) -> RuleSpec:
    if not isinstance(raw, dict):
        raise RuleError(name, f"rules[{index}] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(name, f"rules[{index}] has no 'id'")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(name, f"unknown key(s): {', '.join(sorted(unknown))}", rule_id)
    for required in ("type", "pattern"):
        if not isinstance(raw.get(required), str) or not raw[required].strip():
            raise RuleError(name, f"missing or empty '{required}'", rule_id)
    if raw["type"] not in FACT_TYPES:
        raise RuleError(name, f"unknown type {raw['type']!r} (one of {', '.join(sorted(FACT_TYPES))})", rule_id)
    priority = raw.get("priority", 0)
    if not isinstance(priority, int):
        raise RuleError(name, "'priority' must be an integer", rule_id)
    examples = raw.get("examples", [])
    if not isinstance(examples, list):
        raise RuleError(name, "'examples' must be an array", rule_id)
    for example in examples:
        if not isinstance(example, dict) or not isinstance(example.get("text"), str):
            raise RuleError(name, "every example needs a 'text' string", rule_id)
        unknown = set(example) - EXAMPLE_KEYS
        if unknown:
            raise RuleError(name, f"example {example['text']!r}: unknown key(s) {sorted(unknown)}", rule_id)
        fact = example.get("fact", example["text"])
        if fact not in example["text"]:
            raise RuleError(name, f"example {example['text']!r}: fact {fact!r} is not in the text", rule_id)
    requires = raw.get("requires")
    if requires is not None and (not isinstance(requires, str) or not requires.strip()):
        raise RuleError(name, "'requires' must be a non-empty pattern", rule_id)
    anchor = raw.get("anchor")
    if isinstance(anchor, str):
        anchor = [anchor]
    if anchor is not None and (
        not isinstance(anchor, list) or not anchor or not all(isinstance(a, str) and a.strip() for a in anchor)
    ):
        raise RuleError(name, "'anchor' must name a lexicon, or be a list of lexicon names", rule_id)
    engine = raw.get("engine", "regex")
    if engine not in ENGINES:
        raise RuleError(name, f"'engine' must be one of {', '.join(ENGINES)}", rule_id)
    counter = raw.get("counter_examples", [])
    if not isinstance(counter, list) or not all(isinstance(c, str) for c in counter):
        raise RuleError(name, "'counter_examples' must be a list of strings", rule_id)
    return RuleSpec(
        id=rule_id,
        type=raw["type"],
        pattern=raw["pattern"],
        path=name,
        priority=priority,
        requires=requires,
        anchor=tuple(anchor) if anchor else None,
        engine=engine,
        examples=examples,
        counter_examples=counter,
        description=raw.get("description", ""),
    )
