"""YAML loading that remembers line numbers, so a maintainer's typo is reported as PATH:LINE.

``load_with_lines`` returns plain dicts/lists (subclasses) that carry ``line_of(key)``.
Duplicate keys, which PyYAML silently overwrites, are reported as errors.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

import yaml


class LineDict(dict):
    """A dict that knows the line of itself and of each key (1-based)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: Dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of itself and of each item (1-based)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: List[int] = []

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicate_keys: List[Tuple[int, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        self.flatten_mapping(node)
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                self.duplicate_keys.append((key_node.start_mark.line + 1, str(key)))
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_yaml_seq_with_lines(self, node: yaml.SequenceNode) -> LineList:
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


def _timestamp_or_text(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """An impossible date like 2026-02-30 stays text, so the validator can report it by line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_LineLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))  # type: ignore[arg-type]
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_yaml_seq_with_lines)


class YamlProblem(Exception):
    """A YAML syntax error with the line it happened on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def load_with_lines(text: str) -> Tuple[Any, List[Tuple[int, str]]]:
    """Parse YAML text; return (data, duplicate keys as (line, key)).

    Raises YamlProblem on a syntax error.
    """
    try:
        loader = _LineLoader(text)  # the reader refuses control characters here already
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        raise YamlProblem(line, f"character {error.character:#06x} is not allowed in YAML") from error
    try:
        data = loader.get_single_data()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        raise YamlProblem(line, f"character {error.character:#06x} is not allowed in YAML") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax error: {error.problem or error}") from error
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"YAML error: {error}") from error
    finally:
        loader.dispose()
    return data, loader.duplicate_keys


def line_of(container: Any, key: Any, default: int = 1) -> int:
    """Line of ``key`` in a LineDict/LineList, or of the container, or ``default``."""
    if hasattr(container, "line_of"):
        return container.line_of(key) or default
    return default
