"""Versioned JSON for every model type.

Each document is an envelope ``{"format": "aurora-migrate/<kind>", "version": N, "data": {...}}``.
The reader refuses a newer major version with a clear message instead of guessing; fields a newer
minor release added are ignored, fields an older file lacks take their defaults.
"""

from __future__ import annotations

import dataclasses
import io
import json
import types
import typing
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

SCHEMA_VERSION = 1

T = TypeVar("T")


class ModelFormatError(ValueError):
    """A document that is not the model type it claims to be, or of an unknown version."""


def to_data(value: Any) -> Any:
    """A model value as plain JSON-able data (dicts, lists, str, int, float, bool, None)."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    names = _FIELDS.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass -> its field names (dataclasses.fields is slow per call)


def from_data(cls: type[T], data: Any, path: str = "$") -> T:
    """Rebuild a model value of type `cls` from `to_data` output."""
    return typing.cast(T, _build(cls, data, path))


def _build(tp: Any, data: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _build(arg, data, path)
            except ModelFormatError as exc:
                errors.append(str(exc))
        raise ModelFormatError(f"{path}: no alternative fits ({'; '.join(errors)})")
    if origin is tuple:
        args = typing.get_args(tp)
        _expect(data, list, path)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v, f"{path}[{i}]") for i, v in enumerate(data))
        return tuple(_build(a, v, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, data)))
    if origin is list:
        _expect(data, list, path)
        (arg,) = typing.get_args(tp)
        return [_build(arg, v, f"{path}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        _expect(data, dict, path)
        key_t, val_t = typing.get_args(tp)
        return {_build(key_t, k, path): _build(val_t, v, f"{path}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _expect(data, dict, path)
        hints = typing.get_type_hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                kwargs[f.name] = _build(hints[f.name], data[f.name], f"{path}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ModelFormatError(f"{path}: required field '{f.name}' is missing")
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise ModelFormatError(f"{path}: {data!r} is not one of {allowed}") from None
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise ModelFormatError(f"{path}: expected a number, got {type(data).__name__}")
        return float(data)
    if tp is Any:
        return data
    if tp in (int, str, bool):
        if type(data) is not tp:
            raise ModelFormatError(f"{path}: expected {tp.__name__}, got {type(data).__name__}")
        return data
    raise ModelFormatError(f"{path}: cannot read type {tp!r}")


def _expect(data: Any, kind: type, path: str) -> None:
    if not isinstance(data, kind):
        raise ModelFormatError(f"{path}: expected {kind.__name__}, got {type(data).__name__}")


def envelope(value: Any, kind: str) -> dict[str, Any]:
    return {"format": f"aurora-migrate/{kind}", "version": SCHEMA_VERSION, "data": to_data(value)}


def dumps(value: Any, kind: str) -> str:
    """The envelope for `value` as JSON text, laid out as `write` writes it."""
    out = io.StringIO()
    _dump(envelope(value, kind), out.write, 0)
    return out.getvalue() + "\n"


def loads(cls: type[T], text: str, kind: str, source: str = "<string>") -> T:
    try:
        envelope = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{source}: not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(envelope, dict) or envelope.get("format") != f"aurora-migrate/{kind}":
        raise ModelFormatError(f"{source}: not an aurora-migrate {kind} file")
    version = envelope.get("version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ModelFormatError(
            f"{source}: {kind} format version {version!r} is newer than this release reads "
            f"({SCHEMA_VERSION}); upgrade aurora-migrate"
        )
    try:
        return from_data(cls, envelope.get("data"))
    except ModelFormatError as exc:
        raise ModelFormatError(f"{source}: {exc}") from None


def write(path: Path, value: Any, kind: str) -> Path:
    """Write the envelope, streamed to the file (large inventories never exist as one string).

    Written to a temporary name and renamed, so a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        _dump(envelope(value, kind), handle.write, 0)
        handle.write("\n")
    partial.replace(path)
    return path


# Containers this deep and deeper go on one line, written by json's C encoder (json.dump with indent runs in
# Python, at a third of the speed): a column, a finding or an index per line, objects and tables spread out.
INDENTED_LEVELS = 6
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _dump(data: Any, write: Callable[[str], object], depth: int) -> None:
    if depth >= INDENTED_LEVELS or not data or not isinstance(data, (dict, list)):
        write(_COMPACT.encode(data))
        return
    pad = ",\n" + "  " * (depth + 1)
    write("{" if isinstance(data, dict) else "[")
    for i, item in enumerate(data.items() if isinstance(data, dict) else data):
        write(pad[i == 0 :])
        if isinstance(data, dict):
            write(_COMPACT.encode(item[0]) + ": ")
            item = item[1]
        _dump(item, write, depth + 1)
    write("\n" + "  " * depth + ("}" if isinstance(data, dict) else "]"))


def read(cls: type[T], path: Path, kind: str) -> T:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelFormatError(f"{path}: cannot read ({exc.strerror})") from None
    return loads(cls, text, kind, source=str(path))
