"""Cutover test fixtures (see cutover_project.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cutover_project import aws_env, shop

__all__ = ["aws_env", "shop"]
