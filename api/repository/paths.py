"""GET /paths: the shortest chains between two entities, best sourced first."""

from __future__ import annotations

from datetime import date

from api import path_evidence, schemas
from api.errors import NotFound
from api.repository import rows
from api.repository.base import RepositoryBase, fact_filter
from graph.schema import RelType, stored_forms


class Paths(RepositoryBase):
    async def paths(
        self,
        from_: str,
        to: str,
        max_hops: int,
        types: list[RelType] | None,
        as_of: date | None,
        limit: int,
        include_attributed: bool = False,
        exclude: list[str] | None = None,
        exclude_types: list[RelType] | None = None,
        max_degree: int | None = None,
    ) -> schemas.Paths:
        """Shortest chains, best sourced first; a party's claims (attributed edges) only
        when asked for. Up to path_evidence.RANK_FETCH shortest paths are read and ranked,
        then cut to `limit`."""
        exclude = sorted(set(exclude or []))
        avoided = sorted(set(exclude_types or []))
        found = await self._rows(
            "api/path/shortest",
            types=fact_filter(types),
            as_of=as_of,
            include_attributed=include_attributed,
            exclude=exclude,
            # The stored types: a claim of an avoided type is avoided too.
            exclude_types=stored_forms(avoided),
            max_degree=max_degree,
            max_hops=max_hops,
            fetch=path_evidence.RANK_FETCH,
            **{"from": from_, "to": to},
        )
        for end, exists in ((from_, found[0]["from_found"]), (to, found[0]["to_found"])):
            if not exists:
                raise NotFound(f"no entity has the id {end!r}")
        unknown = sorted(set(exclude) - set(found[0]["excluded"]))
        if unknown:
            raise NotFound(f"exclude names no entity: {', '.join(map(repr, unknown))}")
        found_paths = []
        for row in found:
            if row["rels"] is None:  # the row that says there is no path
                continue
            meta = rows.cited(row["sources"])
            edges = [rows.edge(r, meta, as_of) for r in row["rels"]]
            found_paths.append(
                schemas.Path(
                    length=len(edges),
                    evidence=path_evidence.evidence(edges),
                    nodes=[rows.node(n) for n in row["nodes"]],
                    edges=edges,
                )
            )
        return schemas.Paths(
            from_=from_,
            to=to,
            max_hops=max_hops,
            as_of=as_of,
            exclude=exclude,
            exclude_types=[t.value for t in avoided],
            max_degree=max_degree,
            considered=len(found_paths),
            complete=len(found) < path_evidence.RANK_FETCH,
            paths=path_evidence.ranked(found_paths)[:limit],
        )
