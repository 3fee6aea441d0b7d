"""How a task reports progress: `progress(phase)` opens a phase and yields `update(done, total, label)`.

The CLI passes a function drawing a bar per phase; the default draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

Update = Callable[..., None]  # update(done, total=None, label="")
Progress = Callable[[str], AbstractContextManager[Update]]


@contextmanager
def _silent(phase: str) -> Iterator[Update]:
    def update(*args: Any, **kwargs: Any) -> None:
        return None

    yield update


NO_PROGRESS: Progress = _silent
