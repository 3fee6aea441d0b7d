"""Sizing hints for the target, each with the source numbers it came from.

The scanners record what the source shows in `SourceInfo.properties` (cpu count, memory, sessions)
and sizes per table; when a number is missing the hint says so instead of guessing silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from migrate.model import Inventory


@dataclass(frozen=True)
class SizingHint:
    item: str  # what is being sized: "instance class", "storage"...
    recommendation: str
    basis: str  # the numbers it came from


GIB = 1024**3

# property names scanners may use for the same figure (first present wins)
CPU_KEYS = ("cpu_count", "cpus", "vcpus", "cpu_core_count")
MEMORY_GB_KEYS = ("memory_gb", "physical_memory_gb", "sga_gb")
MEMORY_BYTES_KEYS = ("memory_bytes", "physical_memory_bytes", "sga_bytes", "sga_target", "max_server_memory_bytes")
SESSION_KEYS = ("sessions", "max_sessions", "connections", "active_sessions", "processes", "max_connections")

# Graviton memory-optimized classes (Aurora and RDS): (class, vCPU, GiB). Memory-optimized because
# PostgreSQL relies on the cache for its working set just as the source relied on its SGA/buffer pool.
INSTANCE_CLASSES: tuple[tuple[str, int, int], ...] = (
    ("db.r7g.large", 2, 16),
    ("db.r7g.xlarge", 4, 32),
    ("db.r7g.2xlarge", 8, 64),
    ("db.r7g.4xlarge", 16, 128),
    ("db.r7g.8xlarge", 32, 256),
    ("db.r7g.12xlarge", 48, 384),
    ("db.r7g.16xlarge", 64, 512),
)
ACU_GIB = 2  # one Aurora Serverless v2 ACU is about 2 GiB of memory with matching CPU
MAX_ACU = 256
POOLING_SESSIONS = 500  # beyond this, PostgreSQL's process-per-connection model wants a pooler
STORAGE_GROWTH = 1.3  # PostgreSQL rows carry ~24 bytes of header and no block compression
# share of the data assumed hot (read often enough to want it cached) when the source gives no memory
# figure: a common OLTP rule of thumb; the hint says it is an assumption
WORKING_SET = 0.25


def _number(properties: dict[str, str], keys: tuple[str, ...]) -> tuple[float, str] | None:
    for key in keys:
        value = properties.get(key)
        try:
            return float(value), key  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return None


def _memory_gib(properties: dict[str, str]) -> tuple[float, str] | None:
    found = _number(properties, MEMORY_GB_KEYS)
    if found:
        return found
    found = _number(properties, MEMORY_BYTES_KEYS)
    return (found[0] / GIB, found[1]) if found else None


def _data_bytes(inventory: Inventory) -> tuple[int | None, str]:
    if inventory.source.size_bytes:
        return inventory.source.size_bytes, "source size"
    sizes = [t.size_bytes for t in inventory.tables() if t.size_bytes]
    return (sum(sizes), f"sum of {len(sizes)} table sizes") if sizes else (None, "no size statistics")


def _memory_need(inventory: Inventory) -> tuple[float, str] | None:
    """GiB of memory the target needs, and where the figure came from: the source's own memory,
    else a hot working set assumed from the data size, else nothing."""
    memory = _memory_gib(inventory.source.properties)
    if memory is not None:
        return memory[0], f"{memory[1]} = {memory[0]:.1f} GiB"
    size, how = _data_bytes(inventory)
    if size is None:
        return None
    need = size / GIB * WORKING_SET
    return (
        need,
        f"no memory figure; {how} = {human_size(size)} x {WORKING_SET:g} assumed hot working set = {need:.1f} GiB",
    )


def _instance(inventory: Inventory, hint: type[SizingHint]) -> SizingHint:
    cpu = _number(inventory.source.properties, CPU_KEYS)
    memory = _memory_need(inventory)
    if cpu is None and memory is None:
        return hint(
            "instance class",
            "db.r7g.large to start, then size from a load test",
            "the source reported no CPU, memory or size figures (export files without statistics, or no privilege)",
        )
    need_cpu = cpu[0] if cpu else 0
    need_mem = memory[0] if memory else 0
    chosen = next((c for c in INSTANCE_CLASSES if c[1] >= need_cpu and c[2] >= need_mem), INSTANCE_CLASSES[-1])
    basis = "; ".join([f"{cpu[1]} = {cpu[0]:g}" if cpu else "CPU unknown", memory[1] if memory else "memory unknown"])
    return hint(
        "instance class", f"{chosen[0]} ({chosen[1]} vCPU, {chosen[2]} GiB)", f"smallest class covering {basis}"
    )


def _serverless(inventory: Inventory, hint: type[SizingHint]) -> SizingHint:
    memory = _memory_need(inventory)
    if memory is None:
        return hint("Serverless v2 capacity", "0.5-16 ACU, adjust from CloudWatch", "no memory or size figure")
    top = min(MAX_ACU, max(1, math.ceil(memory[0] / ACU_GIB)))
    low = max(0.5, top / 8)
    return hint(
        "Serverless v2 capacity",
        f"{low:g}-{top} ACU",
        f"{memory[1]}; / {ACU_GIB} GiB per ACU; minimum an eighth of the maximum",
    )


def human_size(size: float) -> str:
    for unit, scale in (("TiB", 1024**4), ("GiB", GIB), ("MiB", 1024**2)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,.0f} bytes"


def _storage(inventory: Inventory, hint: type[SizingHint], headroom: float, what: str) -> SizingHint:
    size, how = _data_bytes(inventory)
    if size is None:
        return hint("storage", "measure after a trial load", f"{how} in the inventory")
    need = size * STORAGE_GROWTH * headroom
    return hint(
        "storage",
        f"{human_size(need)} {what}",
        f"{how} = {human_size(size)} x {STORAGE_GROWTH} (PostgreSQL row overhead) x {headroom:g} (headroom)",
    )


def _rows(inventory: Inventory, hint: type[SizingHint]) -> SizingHint:
    tables = inventory.tables()
    counted = [t.row_count for t in tables if t.row_count is not None]
    biggest = max(tables, key=lambda t: t.row_count or 0, default=None)
    if not counted or biggest is None:
        return hint("full load", "size DMS from a trial run", "no row counts in the inventory")
    return hint(
        "full load",
        f"{sum(counted):,} rows; largest table {biggest.qualified_name} ({biggest.row_count:,} rows)",
        f"row statistics of {len(counted)} of {len(tables)} tables",
    )


def _pooling(inventory: Inventory, hint: type[SizingHint], limit: int | None = None) -> SizingHint:
    sessions = _number(inventory.source.properties, SESSION_KEYS)
    if sessions is None:
        return hint(
            "connection pooling", "RDS Proxy if the application opens many short connections", "no session count"
        )
    threshold = limit or POOLING_SESSIONS
    if sessions[0] > threshold:
        return hint(
            "connection pooling",
            "RDS Proxy (or PgBouncer) in front of the cluster",
            f"{sessions[1]} = {sessions[0]:g} > {threshold}: PostgreSQL runs one process per connection",
        )
    return hint("connection pooling", "not required", f"{sessions[1]} = {sessions[0]:g} <= {threshold}")


def aurora_sizing(inventory: Inventory) -> tuple[SizingHint, ...]:
    H = SizingHint
    return (
        _instance(inventory, H),
        _serverless(inventory, H),
        _storage(inventory, H, 1.0, "used (Aurora storage grows by itself, billed as used)"),
        _rows(inventory, H),
        _pooling(inventory, H),
    )


def rds_sizing(inventory: Inventory) -> tuple[SizingHint, ...]:
    H = SizingHint
    return (
        _instance(inventory, H),
        _storage(inventory, H, 1.3, "allocated gp3 (enable storage autoscaling)"),
        _rows(inventory, H),
        _pooling(inventory, H),
    )


def dsql_sizing(inventory: Inventory) -> tuple[SizingHint, ...]:
    H = SizingHint
    return (
        H("compute", "none to choose: DSQL scales itself", "serverless; 10,000 connections per cluster by default"),
        _storage(inventory, H, 1.0, "used (10 TiB default quota per cluster)"),
        _rows(inventory, H),
        _pooling(inventory, H, limit=10_000),
    )
