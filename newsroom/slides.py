"""The newsroom guide's pages: prose here, queries from `cypher/` (rendered by newsroom.guide).

`guide/*` files are written for the Browser (parameter-free, returning paths to draw);
`api/*` files are the API's own queries, shown with the `:param` values that answer the
same question, so a journalist sees exactly what the API runs.
"""

from __future__ import annotations

from datetime import date

from graph.query_bounds import RANK_FETCH
from graph.schema import FACT_TYPES, RelType
from newsroom.guide import Run, Slide, Value


def _shortest_path(from_: str, to: str, **given: Value) -> dict[str, Value]:
    """The parameters of api/path/shortest as the API sends them, defaults filled in."""
    return {
        "from": from_,
        "to": to,
        "types": None,
        "as_of": None,
        "include_attributed": False,
        "exclude": [],
        "exclude_types": [],
        "max_degree": None,
        "max_hops": 4,
        "fetch": RANK_FETCH,
        **given,
    }


def slides(style_url: str) -> tuple[Slide, ...]:
    return (
        Slide(
            "Exile graph",
            "Who is connected to whom among exiled Russian opposition actors, how, since "
            "when, and on whose evidence.",
            f"""
<p><strong>These are sourced statements, not allegations of wrongdoing.</strong> Every
person, organisation, event and claim here, and every link between them, records what a
named published source states, with a verbatim quote or a marked paraphrase. A link means
"a source reported this", nothing more. Designations by Russian authorities ("terrorist",
"extremist", "foreign agent") are recorded as acts of those authorities, not as findings.</p>
<p><strong>Nothing you do here can change the graph.</strong> This Neo4j runs in newsroom
(read-only) mode: a <code>CREATE</code> or <code>DELETE</code> is refused by the database.</p>
<p><strong>First step:</strong> colours by type and names as captions are applied when you
connect. If the nodes you draw are grey and captioned with numbers, click this once:</p>
<pre class="pre-scrollable code runnable">:style {style_url}</pre>
<p>How to use this guide: the arrows at the bottom turn the pages. A click on a grey block
copies its query into the editor at the top; the ▶ beside it runs it at once. In the
drawing, click a node or a relationship to see its properties on the right; double-click
a node to bring in its neighbours.</p>
""",
        ),
        Slide(
            "The shape of the data",
            "Five kinds of entity, their sources, and typed, dated relationships.",
            """
<ul>
<li><strong>Nodes.</strong> Every entity has the label <code>Entity</code> and one of
<code>Person</code>, <code>Organization</code>, <code>Event</code>, <code>Place</code>,
<code>Claim</code>; each has an <code>id</code> (<code>person:ilya-ponomarev</code>),
a <code>name</code>, <code>aliases</code> (Cyrillic and other spellings) and a
<code>description</code>. Articles are <code>Source</code> nodes.</li>
<li><strong>Relationships</strong> are typed: <code>FOUNDED</code>, <code>LEADS</code>,
<code>MEMBER_OF</code>, <code>PARTICIPATED_IN</code>, <code>OPPOSES</code>,
<code>DESIGNATED</code>, <code>SENTENCED</code>, <code>IMPRISONED_IN</code>,
<code>MADE</code> (a claim), <code>FACT_CHECKED</code>, …</li>
<li><strong>Time</strong> lives on relationships: <code>valid_from</code> and
<code>valid_to</code> as the source gives them (a year, a month or a day), and on events:
<code>date</code>, <code>end_date</code>.</li>
<li><strong>Sources</strong> live on every relationship (<code>sources</code>,
<code>evidence</code>, <code>evidence_kinds</code>) and as <code>MENTIONED_IN</code>
relationships from each entity to the articles that name it.</li>
</ul>
""",
            (Run("guide/overview"), Run("api/stats/counts")),
        ),
        Slide(
            "Ponomarev's network",
            "Ilya Ponomarev: former Duma deputy in Kyiv, founder of the Congress of People's "
            "Deputies, self-described political representative of the Freedom of Russia "
            "Legion.",
            "",
            (
                Run("guide/ponomarev_network"),
                Run(
                    "api/entity/relations",
                    {
                        "id": "person:ilya-ponomarev",
                        "types": [
                            "FOUNDED",
                            "HELPED_CREATE",
                            "LEADS",
                            "MEMBER_OF",
                            "REPRESENTS",
                            "WORKS_FOR",
                        ],
                        "limit": 25,
                        "offset": 0,
                    },
                    note="Here: his organisations, as the API lists them (a table).",
                ),
            ),
        ),
        Slide(
            "From Khodorkovsky to the Legion of Elves",
            "Who links two actors: the shortest chains of sourced facts.",
            "<p>Read every hop: each is a separate statement with its own source. A chain "
            "through an event or a country says less than one through an organisation.</p>",
            (Run("guide/khodorkovsky_to_elves"),),
        ),
        Slide(
            "Paths that avoid the hubs",
            "Khodorkovsky to Kuroptev without Putin, the Kremlin and the designating bodies.",
            "<p>The shortest chain between two exiles usually runs through what both oppose or "
            "the list both are on. Leave the hubs out, by name or by degree (entities with "
            "more than 20 relations to other entities), and what is left are the "
            "organisations and people that connect them, or nothing: then none do. The API "
            "answers the same with <code>GET /paths?…&amp;exclude=…</code> or "
            "<code>&amp;max_degree=20</code>, and ranks equally short chains by their "
            "evidence: hops backed by a verbatim quote first, then more independent "
            "publishers.</p>",
            (
                Run("guide/khodorkovsky_to_kuroptev_without_hubs"),
                Run(
                    "api/path/shortest",
                    _shortest_path(
                        "person:mikhail-khodorkovsky",
                        "person:egor-kuroptev",
                        max_degree=20,
                        max_hops=4,
                    ),
                    note="The API's path query, skipping every entity with more than 20 "
                    "fact relations (the two ends excepted): the same chains, as a table.",
                ),
            ),
        ),
        Slide(
            "Everything one source says",
            "An article, the entities it names and the facts it supports.",
            "",
            (
                Run("guide/one_source"),
                Run(
                    "api/source/get",
                    {"id": "source:meduza-2023-11-18-elves"},
                    note="The same article as the API returns it (a table).",
                ),
            ),
        ),
        Slide(
            "October–November 2023",
            "A timeline: the events of two months and who took part.",
            "",
            (
                Run("guide/timeline_oct_nov_2023"),
                Run(
                    "api/event/list",
                    {
                        "start": date(2023, 10, 1),
                        "end": date(2023, 11, 30),
                        "kind": None,
                        "actor": None,
                        "limit": 50,
                        "offset": 0,
                    },
                    note="The API's timeline query for the same two months (a table).",
                ),
            ),
        ),
        Slide(
            "Designated by Russian authorities",
            'Terrorist and extremist lists, "undesirable" and "foreign agent" labels, '
            "wanted lists.",
            "<p>The issuer is part of every result: check it before you write "
            '"designated by Russia".</p>',
            (Run("guide/designated_by_russia"),),
        ),
        Slide(
            "As of a date",
            "Relationships hold between dates. Ask for the connections that held on one day.",
            "",
            (
                Run("guide/path_as_of"),
                Run(
                    "api/path/shortest",
                    _shortest_path(
                        "person:vladimir-kara-murza",
                        "person:alexei-navalny",
                        types=[t.value for t in sorted(FACT_TYPES) if t is not RelType.OPPOSES],
                        as_of=date(2024, 9, 1),
                        max_hops=6,
                    ),
                    note="The API's path query, on 1 September 2024: after the prisoner "
                    "exchange, the path is no longer through prison.",
                ),
            ),
        ),
        Slide(
            "Claims, statuses and endings",
            "What a party claims is not what a source states; a status is a dated "
            'statement; a "former" tie ends.',
            """
<ul>
<li><strong>Attributed statements.</strong> When a source only reports a party's claim
("the FSB said the committee helped set up the platform", "Ponomarev says he is the
Legion's political representative"), the relationship is stored as
<code>CLAIMED_&lt;TYPE&gt;</code> (for example <code>CLAIMED_HELPED_CREATE</code>) and drawn
in <span style="color:#B07A00"><strong>amber</strong></span>, captioned
<code>TYPE · per &lt;party&gt;</code>. Its meaning stays in <code>type</code>, the party in
<code>attributed_to</code> (id) and <code>attributed_to_name</code>. An event can carry
<code>attributed_to</code> too. Write "according to …" when you use one. The API's paths
leave them out unless asked (<code>include_attributed=true</code>).</li>
<li><strong>Statuses.</strong> Imprisoned, released, dead, in exile, "foreign agent" …
are <code>(:Status)</code> nodes linked by <code>HAS_STATUS</code>, one per dated, sourced
statement, so an entity has a history. "As of" a day, per facet the statement with the
latest start that has not ended holds; designations add up. The API answers
<code>GET /entities/{id}?as_of=YYYY-MM-DD</code>.</li>
<li><strong>Ended relationships.</strong> A "former member" with no end date has
<code>ended: true</code>, <code>valid_to_bound: no_later_than</code> and
<code>valid_to_date</code>, the day its source was published: it does not hold as of any
later day.</li>
</ul>
""",
            (Run("guide/attributed_claims"), Run("guide/statuses_over_time")),
        ),
        Slide(
            "How to read provenance",
            "Every relationship says who states it, and in which words.",
            """
<p>Click a relationship in a drawing: the panel on the right shows its properties.</p>
<ul>
<li><code>sources</code>: the ids of the articles that state it (each a <code>Source</code>
node with <code>title</code>, <code>publisher</code>, <code>published</code>,
<code>url</code>).</li>
<li><code>evidence</code>: one text per source, in the same order.</li>
<li><code>evidence_kinds</code>: <code>quote</code> (verbatim from the article) or
<code>note</code> (a paraphrase; quote it only after checking the article).</li>
<li><code>role</code>, <code>valid_from</code>, <code>valid_to</code>, <code>key</code>:
when two sources disagree, both statements are kept, told apart by <code>key</code>.</li>
</ul>
""",
            (Run("guide/provenance"),),
        ),
    )
