"""Renders `screener lists status` and the outcome of `lists update` / `lists import`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table as RichTable

from screener.lists.official import OfficialSource
from screener.lists.store import ListStatus, UpdateResult


def status_to_dict(s: ListStatus) -> dict[str, Any]:
    """One list's status as plain data (the `--format json` output)."""
    return {
        "list_id": s.list_id,
        "source": s.source_id,
        "name": s.name,
        "publisher": s.publisher,
        "category": s.category,
        "published": s.published,
        "version": s.version,
        "how": s.how,
        "fetched": s.fetched,
        "checked": s.checked,
        "entries": s.entries,
        "names": s.names,
        "sha256": s.sha256,
        "age_days": s.age_days,
        "age_basis": s.age_basis,
        "snapshot": s.snapshot,
        "path": str(s.path),
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size, "origin": f.origin}
                  for f in s.files],
    }


def write_status(statuses: Sequence[ListStatus], missing: Sequence[OfficialSource], fmt: str,
                 stream: TextIO, *, color: bool) -> None:
    """The lists in the store, and the known sources not imported yet."""
    if fmt == "json":
        doc = {
            "lists": [status_to_dict(s) for s in statuses],
            "not_imported": [{"source": m.id, "name": m.name} for m in missing],
        }
        json.dump(doc, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    console = Console(file=stream, color_system="auto" if color else None,
                      force_terminal=color, width=None if color else 140, highlight=False)
    if statuses:
        table = RichTable()
        for column in ("list", "published", "fetched", "age", "entries", "names", "sha256"):
            table.add_column(column, justify="right" if column in ("age", "entries", "names")
                             else "left")
        for s in statuses:
            table.add_row(f"{s.list_id}\n{s.name}", s.published or "-",
                          f"{s.fetched[:16]} ({s.how})", f"{s.age_days} d",
                          str(s.entries), str(s.names), s.sha256[:16])
        console.print(table)
    else:
        console.print("no official list imported yet")
    if missing:
        console.print("not imported: " + ", ".join(m.id for m in missing))
        console.print("get one with `screener lists update SOURCE` (downloads) or "
                      "`screener lists import SOURCE FILE...` (a local copy)")


def result_line(result: UpdateResult) -> str:
    """One line per list an import or update touched."""
    if result.error is not None:
        kept = (f"; kept the copy of {result.status.date} in use" if result.status is not None
                else "; no copy in use")
        return f"{result.list_id}: failed: {result.error.one_line()}{kept}"
    s = result.status
    if s is None:
        return f"{result.list_id}: {result.outcome}"
    return (f"{result.list_id}: {result.outcome}, {s.entries} entries, {s.names} names, "
            f"published {s.published or 'unknown'}, sha256 {s.sha256[:16]}")


def write_results(results: Sequence[UpdateResult], stream: TextIO) -> None:
    for result in results:
        stream.write(result_line(result) + "\n")
        for note in result.notes:
            stream.write(f"  note: {note}\n")
