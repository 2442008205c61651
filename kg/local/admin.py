"""The local server's fastest path: `neo4j-admin database import full` on CSV files.

The import tool ships with the server's jars (neo4j-import-tool, kg/local/runtime.py). It needs
the server stopped; it replaces the database files. NEO4J_HOME and NEO4J_CONF are set as
kg/local/server.py sets them, so it writes where the server reads.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.settings import LocalServerSettings
from ingest.bulk.convert import Converted, groups
from ingest.bulk.csvout import ARRAY_DELIMITER_OPTION, NODE_TABLES, header
from kg.local import server
from kg.local.runtime import ServerError, jar_dir

# What the import may use beyond its heap (the machine is shared; the default is 90% of RAM).
OFF_HEAP = os.environ.get("KG_BULK_OFF_HEAP", "2g")
NODE_LABELS = {"sources": "Source", "statuses": "Status", "entities": ""}


def check_import_tool(local: LocalServerSettings) -> Path:
    jars = jar_dir(local)
    if not any(jars.glob("neo4j-import-tool-*.jar")):
        raise ServerError(
            f"the Neo4j import tool (neo4j-import-tool-*.jar) is not among the jars in {jars}; "
            "delete that folder so `kg neo4j start` fetches them again"
        )
    return jars


def arguments(converted: Converted) -> list[str]:
    """--nodes and --relationships per group: its header file, then its parts."""
    args: list[str] = []
    multiline: list[str] = []
    for group, parts in sorted(groups(converted).items()):
        table, extras = parts[0].table, parts[0].extras
        head = converted.folder / f"{group}.header.csv"
        head.write_text(",".join(header(table, extras)) + "\n", encoding="utf-8")
        files = ",".join([str(head), *(str(p.path) for p in sorted(parts, key=lambda p: p.path))])
        if table in NODE_TABLES:
            label = NODE_LABELS[table]
            args.append(f"--nodes={label}={files}" if label else f"--nodes={files}")
        else:
            args.append(f"--relationships={files}")
        multiline += [str(p.path) for p in parts if p.multiline]
    if multiline:
        args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
    return args


def run_import(local: LocalServerSettings, converted: Converted, database: str) -> str:
    """Import into `database`, replacing it; the server must be stopped. Returns the
    tool's closing lines."""
    check_import_tool(local)
    done = server.run_admin(
        local,
        "database",
        "import",
        "full",
        database,  # first: a list option before it could take it for a file
        "--overwrite-destination=true",
        f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
        f"--max-off-heap-memory={OFF_HEAP}",
        f"--report-file={converted.folder / 'import.report'}",
        *arguments(converted),
        java_options=(f"-Xmx{local.heap}",),
    )
    out = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        said = [ln for ln in out.splitlines() if ln.strip() and not ln.lstrip().startswith("at ")]
        tail = "\n  ".join(said[-12:])
        raise ServerError(f"neo4j-admin database import failed (exit {done.returncode}):\n  {tail}")
    return "\n".join(line for line in out.splitlines()[-8:] if line.strip())
