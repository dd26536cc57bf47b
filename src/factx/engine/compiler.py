"""Compile rule specifications into one rule set: references expanded, lexicons turned into tries.

References are inferred from the pattern text (``{name}``), never declared, so they cannot drift; an unknown
name, a reference cycle or a regex error is a RuleError naming the file, the rule and the position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from factx.engine.anchors import AnchorIndex
from factx.engine.cache import cached
from factx.engine.loader import Lexicon, RuleSource, RuleSpec, read_rule_files
from factx.engine.trie import trie_pattern
from factx.errors import RuleError

REFERENCE = regex.compile(r"(?<!\\[pPN])\{([A-Za-z_][A-Za-z0-9_]*(?::first|:last)?)\}")  # not \p{Han}
FLAGS = regex.VERBOSE | regex.VERSION0
CONTEXT_FRAGMENTS = ("qual_before",)
"""Fragments the normalisers try at a fact's start rather than the rules at every position: a qualifier word
written before an amount (超过, 约). Scanning for it inside every numeric rule cost time at each numeral and
needs a variable-width lookbehind, which keeps a rule out of the faster standard-library engine."""


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to scan with: its compiled pattern and where it came from."""

    id: str
    type: str
    priority: int
    pattern: regex.Pattern[str]
    spec: RuleSpec
    requires: regex.Pattern[str] | None = None
    anchor: tuple[str, ...] | None = None  # tried only where a word of these lexicons starts (engine/anchors.py)
    standard: str | None = None  # the expanded pattern, for the standard ``re`` engine (``engine = "re"``)
    standard_requires: str | None = None  # its ``requires``, likewise


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every compiled rule plus the lexicons the normalisers look values up in."""

    rules: tuple[CompiledRule, ...]
    lexicons: dict[str, Lexicon]
    files: tuple[str, ...]
    anchors: AnchorIndex | None = None  # start offsets of the anchor lexicons' words, for anchored rules
    indexes: dict[str, Any] = field(default_factory=dict)  # built by normalisers from the lexicons
    context: dict[str, regex.Pattern[str]] = field(default_factory=dict)  # see CONTEXT_FRAGMENTS
    # The scanner's plans (engine/scanner.py): which rules to run and how, per set of wanted types. Built on
    # first use, after the rule set is cached on disk.
    plans: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def lexicon(self, name: str) -> dict[str, Any]:
        return self.lexicons[name].values if name in self.lexicons else {}

    def rows(self, name: str) -> Mapping[str, list[list[str]]]:
        """A TSV lexicon's rows by word; empty when the rule set lacks it (a user's rules may)."""
        return self.lexicons[name].rows if name in self.lexicons else {}

    def index(self, name: str, build: Callable[[RuleSet], Any]) -> Any:
        """A normaliser's index of the lexicons, built once per rule set (and saved with it in the cache)."""
        found = self.indexes.get(name)
        if found is None:
            found = self.indexes[name] = build(self)
        return found

    def types(self) -> set[str]:
        return {rule.type for rule in self.rules}


def shipped_rules_dir() -> Path:
    """The rules installed inside the package, or the checkout's ``rules/`` when running from source."""
    installed = Path(__file__).resolve().parent.parent / "rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "rules"


def user_rule_paths(paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Rule paths given by the user: ``--rules`` options, else the ``FACTX_RULES`` variable (os.pathsep list)."""
    if paths:
        return tuple(paths)
    env = os.environ.get("FACTX_RULES", "")
    return tuple(p for p in env.split(os.pathsep) if p)


def load_ruleset(user_paths: tuple[str, ...] = (), shipped: bool = True) -> RuleSet:
    """Load and compile shipped rules plus the user's (cached per process: compile once)."""
    return _load(resolved(user_paths), shipped)


def resolved(paths: Iterable[str]) -> tuple[str, ...]:
    """Rule paths made absolute: the rule set's identity in the cache and in a SQLite output's settings."""
    return tuple(str(Path(p).resolve()) for p in paths)


@lru_cache(maxsize=8)
def _load(user_paths: tuple[str, ...], shipped: bool) -> RuleSet:
    paths = ([shipped_rules_dir()] if shipped else []) + [Path(p) for p in user_paths]

    def build() -> tuple[RuleSet, list[str]]:
        from factx.normalize import build_indexes  # normalisers import this module: import here, not above

        source = read_rule_files(paths)
        folders = [str(p) for p in paths if p.is_dir()]
        package = Path(__file__).parent.parent
        # A changed engine, or a changed normaliser (their indexes are cached too), rebuilds as well.
        engine = sorted(str(p) for folder in ("engine", "normalize") for p in (package / folder).glob("*.py"))
        ruleset = compile_source(source)
        build_indexes(ruleset)  # so the cache carries them, and worker processes inherit them
        return ruleset, [*folders, *source.files, *source.data_files, *engine]

    return cached(tuple(str(p) for p in paths), build)


def compile_source(source: RuleSource) -> RuleSet:
    expander = _Expander(source)
    compiled = []
    for spec in source.rules.values():
        pattern = _compile(expander.expand(spec.pattern, spec), spec, "pattern")
        requires = _compile(expander.expand(spec.requires, spec), spec, "requires") if spec.requires else None
        for name in spec.anchor or ():
            if name not in source.lexicons:
                raise RuleError(spec.path, f"anchor: unknown lexicon {name!r}", spec.id)
        standard = _standard(pattern, spec) if spec.engine == "re" else None
        standard_requires = _standard(requires, spec, "requires") if standard and requires else None
        compiled.append(
            CompiledRule(spec.id, spec.type, spec.priority, pattern, spec, requires, spec.anchor, standard,
                         standard_requires)
        )
    names = sorted({name for rule in compiled for name in rule.anchor or ()})
    anchors = AnchorIndex({n: source.lexicons[n].values for n in names}) if names else None
    context = {}
    for name in CONTEXT_FRAGMENTS:
        if name in source.fragments:
            text, path = source.fragments[name]
            spec = RuleSpec(id=f"fragment {name}", type="", pattern=text, path=path)
            context[name] = _compile(expander.expand(text, spec), spec, "pattern")
    return RuleSet(tuple(compiled), dict(source.lexicons), tuple(source.files), anchors, context=context)


def standard_pattern(rule: CompiledRule) -> re.Pattern[str] | None:
    """The rule compiled for the standard ``re`` engine (``engine = "re"``), else None; ``re`` caches it."""
    return re.compile(rule.standard, re.VERBOSE) if rule.standard is not None else None


def standard_requires(rule: CompiledRule) -> re.Pattern[str] | None:
    """The rule's ``requires`` for the standard engine, when the rule runs there too."""
    return re.compile(rule.standard_requires, re.VERBOSE) if rule.standard_requires is not None else None


def _standard(pattern: regex.Pattern[str], spec: RuleSpec, key: str = "pattern") -> str:
    """The pattern rewritten for the standard ``re`` module (``engine = "re"``), checked to compile there.

    ``re`` steps through a text 2-4 times as fast as ``regex`` for patterns with no literal word to search for
    (a numeral, then a unit from a long list), and tries a pattern at one position (an anchored rule) 2-4 times
    as fast (measured per rule: BENCHMARKS.md); ``regex`` stays faster where it can search for a literal (年,
    月). ``re`` has no ``\\p{..}``: each property becomes the class of the characters ``regex`` itself gives it
    (``_for_standard``). Features only ``regex`` has (variable-width lookbehind, repeated group names) stop here
    with the reason; ``rules check`` and the tests then compare both engines' matches.
    """
    import warnings

    try:
        rewritten = _for_standard(pattern.pattern)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. a nested set, which the two engines read differently
            re.compile(rewritten, re.VERBOSE)
    except (re.error, Warning, ValueError) as exc:
        raise RuleError(spec.path, f"engine re: the standard re module rejects the {key}: {exc}", spec.id) from None
    return rewritten


_PROPERTY = re.compile(r"\\([pP])\{(\w+)\}")


def _for_standard(pattern: str) -> str:
    """A verbose-mode pattern with each ``\\p{Name}`` written as the class of its characters, for ``re``.

    Inside a class the characters join it (``[\\p{Han}A-Z]``); a negated ``\\P{Name}`` can only stand outside one.
    Escapes and comments are copied as they are, so a ``[`` or ``\\p`` in them changes nothing.
    """
    out: list[str] = []
    position, in_class = 0, False
    while position < len(pattern):
        char = pattern[position]
        found = _PROPERTY.match(pattern, position)
        if found:
            negated, ranges = found[1] == "P", _property_class(found[2])
            if in_class and negated:
                raise ValueError(f"\\P{{{found[2]}}} inside a class")
            out.append(ranges if in_class else f"[{'^' if negated else ''}{ranges}]")
            position = found.end()
            continue
        step = 2 if char == "\\" else 1
        if char == "[" and not in_class:
            in_class = True
            step += pattern.startswith("^", position + 1)
            step += pattern.startswith("]", position + step)  # a ] first in a class is a character
        elif char == "]" and in_class:
            in_class = False
        elif char == "#" and not in_class:
            newline = pattern.find("\n", position)
            step = (newline if newline >= 0 else len(pattern)) - position
        out.append(pattern[position : position + step])
        position += step
    return "".join(out)


@cache
def _property_class(name: str) -> str:
    """The characters of ``regex``'s property ``\\p{name}``, as the inside of a class of ranges (0.2 s each, once
    per rule-set build: the rewritten patterns are cached with the rule set)."""
    try:
        test = regex.compile(rf"\p{{{name}}}+")
    except regex.error:
        raise ValueError(f"unknown property \\p{{{name}}}") from None
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    ranges = []
    for found in test.finditer(every):
        low, high = (ord(every[found.start()]), ord(every[found.end() - 1]))
        ranges.append(_class_char(low) if low == high else f"{_class_char(low)}-{_class_char(high)}")
    return "".join(ranges)


def _class_char(code: int) -> str:
    return f"\\U{code:08x}"


def _compile(expanded: str, spec: RuleSpec, key: str) -> regex.Pattern[str]:
    try:
        return regex.compile(expanded, FLAGS)
    except regex.error as exc:
        problem = _regex_problem(exc, expanded)
        raise RuleError(spec.path, problem if key == "pattern" else f"{key}: {problem}", spec.id) from None


def _regex_problem(exc: regex.error, expanded: str) -> str:
    position = getattr(exc, "pos", None)
    if position is None:
        return f"invalid pattern: {exc.msg if hasattr(exc, 'msg') else exc}"
    excerpt = expanded[max(0, position - 20) : position + 20].replace("\n", " ")
    return f"invalid pattern at position {position} of the expanded pattern: {exc.msg} (near {excerpt!r})"


class _Expander:
    """Expands ``{name}`` references recursively, memoising fragments and lexicon tries."""

    def __init__(self, source: RuleSource) -> None:
        self.source = source
        self.cache: dict[str, str] = {}

    def expand(self, pattern: str, spec: RuleSpec, stack: tuple[str, ...] = ()) -> str:
        def replace(match: regex.Match[str]) -> str:
            return "(?:" + self.resolve(match.group(1), spec, stack) + ")"

        return REFERENCE.sub(replace, pattern)

    def resolve(self, name: str, spec: RuleSpec, stack: tuple[str, ...]) -> str:
        if name in stack:
            cycle = " → ".join((*stack, name))
            raise RuleError(spec.path, f"reference cycle: {cycle}", spec.id)
        if name in self.cache:
            return self.cache[name]
        if name in self.source.fragments:
            text, _file = self.source.fragments[name]
            result = self.expand(text, spec, (*stack, name))
        elif name in self.source.lexicons:
            result = trie_pattern(self.source.lexicons[name].values)
        elif (edge := name.partition(":"))[0] in self.source.lexicons:
            result = _edge_class(self.source.lexicons[edge[0]].values, edge[2])
        else:
            raise RuleError(spec.path, f"unknown reference {{{name}}}", spec.id)
        self.cache[name] = result
        return result


def _edge_class(words: Iterable[str], edge: str) -> str:
    """``{lexicon:first}`` / ``{lexicon:last}``: a class of the words' first or last characters.

    A cheap test before the word itself (the engines scan for one class far faster than they try a word trie
    at every position), which stays in step with the lexicon, a user's additions included.
    """
    chars = sorted({word[0] if edge == "first" else word[-1] for word in words if word})
    return "[" + "".join(re.escape(char) for char in chars) + "]" if chars else "(?!)"
