"""Word lists as trie-shaped regexes: one pass, no backtracking over thousands of alternatives."""

from __future__ import annotations

from collections.abc import Iterable

import regex

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """A non-capturing regex matching any of ``words``, preferring the longest at each position.

    ``["元", "元人民币", "美元"]`` becomes ``(?:元(?:人民币)?|美元)``: shared prefixes are factored out, so the
    engine walks one branch per character instead of trying every word.
    """
    root: dict[str, dict] = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not root:
        return "(?!)"
    return _render(root)


def _render(node: dict[str, dict]) -> str:
    ends_here = _END in node
    branches = [(ch, child) for ch, child in sorted(node.items()) if ch != _END]
    singles = [regex.escape(ch) for ch, child in branches if list(child) == [_END]]
    parts = [regex.escape(ch) + _render(child) for ch, child in branches if list(child) != [_END]]
    if singles:
        parts.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 and not ends_here and len(branches) == 1 else "(?:" + "|".join(parts) + ")"
    return body + "?" if ends_here else body
