"""The synthetic world: which entity sits at each index, with its name, aliases, kind and date.

Everything here is a pure function of (seed, index), so a file can name an entity defined in
another file without the dataset being held in memory. Entities come in blocks of 50 (one
block per source file): 25 persons, 10 organisations, 7 events, 4 places, 4 claims. Kinds
cycle through the sorted vocabularies, so an entity of a wanted kind can be picked directly.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Sequence
from typing import TypeVar

from graph.schema import EVENT_KINDS, ID_PREFIX, ORG_KINDS, NodeType

PER, ORG, EVT, PLC, CLM = (
    NodeType.PERSON,
    NodeType.ORGANIZATION,
    NodeType.EVENT,
    NodeType.PLACE,
    NodeType.CLAIM,
)
BLOCK = 50
SLOTS: dict[NodeType, tuple[int, int]] = {
    PER: (0, 25),
    ORG: (25, 10),
    EVT: (35, 7),
    PLC: (42, 4),
    CLM: (46, 4),
}
TYPE_AT: list[NodeType] = [t for t, (_, width) in SLOTS.items() for _ in range(width)]
ORG_KIND_LIST = sorted(ORG_KINDS)
EVENT_KIND_LIST = sorted(EVENT_KINDS)
PLACE_CYCLE = ["city", "city", "region", "facility", "city", "building", "city", "region"]
MASK = (1 << 64) - 1
T = TypeVar("T")

# Latin and Cyrillic in pairs, so an alias is the name's transliteration.
FIRST_M = "Ivan:Иван Oleg:Олег Pavel:Павел Sergei:Сергей Nikolai:Николай Yuri:Юрий Boris:Борис Denis:Денис Artem:Артём Kirill:Кирилл Roman:Роман Lev:Лев Gleb:Глеб Dmitry:Дмитрий Alexei:Алексей Mikhail:Михаил Andrei:Андрей Ilya:Илья Fedor:Фёдор Egor:Егор"  # noqa: E501
FIRST_F = "Anna:Анна Maria:Мария Elena:Елена Olga:Ольга Irina:Ирина Tatiana:Татьяна Vera:Вера Natalia:Наталья Ksenia:Ксения Yulia:Юлия Daria:Дарья Lyubov:Любовь Alla:Алла Zoya:Зоя"  # noqa: E501
ALT = {"Sergei": "Sergey", "Yuri": "Yury", "Nikolai": "Nikolay", "Artem": "Artyom",
       "Dmitry": "Dmitri", "Alexei": "Alexey", "Andrei": "Andrey", "Tatiana": "Tatyana",
       "Natalia": "Natalya", "Ksenia": "Kseniya", "Fedor": "Fyodor", "Daria": "Darya"}  # fmt: skip
SYLLABLES = "ko:ко va:ва le:ле mi:ми ro:ро sha:ша tu:ту ne:не bo:бо gra:гра dov:дов zer:зер pil:пил kas:кас tro:тро vel:вел mar:мар sen:сен lo:ло ryu:рю che:че bar:бар zin:зин gu:гу po:по sto:сто kru:кру zha:жа"  # noqa: E501
# Surname endings: male Latin, male Cyrillic, female Latin, female Cyrillic.
ENDINGS = [("ov", "ов", "ova", "ова"), ("ev", "ев", "eva", "ева"), ("in", "ин", "ina", "ина"),
           ("sky", "ский", "skaya", "ская"), ("enko", "енко", "enko", "енко"),
           ("yuk", "юк", "yuk", "юк"), ("ich", "ич", "ich", "ич")]  # fmt: skip
# After a root that ends in a vowel ("Kova" + "nov", not "Kovaov").
VOWEL_ENDINGS = [("nov", "нов", "nova", "нова"), ("lev", "лев", "leva", "лева"),
                 ("shin", "шин", "shina", "шина"), ("sky", "ский", "skaya", "ская"),
                 ("nko", "нко", "nko", "нко"), ("vich", "вич", "vich", "вич"),
                 ("kin", "кин", "kina", "кина")]  # fmt: skip
# Adjective (Latin, Cyrillic stem, masculine ending) and noun (Latin, Cyrillic, gender).
ADJ = [("Free", "Свободн", "ый"), ("Independent", "Независим", "ый"),
       ("United", "Объединённ", "ый"), ("Democratic", "Демократическ", "ий"),
       ("Civic", "Гражданск", "ий"),
       ("Northern", "Северн", "ый"), ("New", "Нов", "ый"), ("Open", "Открыт", "ый"),
       ("Liberal", "Либеральн", "ый"), ("Baltic", "Балтийск", "ий")]  # fmt: skip
NOUN = [("Forum", "форум", "m"), ("Union", "союз", "m"), ("Fund", "фонд", "m"),
        ("Council", "совет", "m"), ("Movement", "движение", "n"), ("Committee", "комитет", "m"),
        ("Network", "сеть", "f"), ("Alliance", "альянс", "m"), ("Centre", "центр", "m"),
        ("League", "лига", "f")]  # fmt: skip
KIND_NOUN = {"party": ("Party", "партия", "f"), "movement": ("Movement", "движение", "n"),
             "armed_unit": ("Legion", "легион", "m"), "platform": ("Platform", "платформа", "f"),
             "parliament_in_exile": ("Congress", "съезд", "m"),
             "project": ("Project", "проект", "m"), "company": ("Company", "компания", "f"),
             "international_body": ("Assembly", "ассамблея", "f"),
             "intelligence_service": ("Directorate", "управление", "n"),
             "state_body": ("Agency", "агентство", "n")}  # fmt: skip
CITY_END = [("sk", "ск"), ("ovo", "ово"), ("ino", "ино"), ("grad", "град")]
# Hubs by (type, number of that type): a fixed name, and the share of picks of that type.
HUB_NAMES: dict[tuple[NodeType, int], tuple[str, list[str]]] = {
    (ORG, ORG_KIND_LIST.index("state_body")): (
        "Ministry of Justice",
        ["Министерство юстиции", "Минюст"],
    ),
    (ORG, ORG_KIND_LIST.index("intelligence_service")): ("Federal Security Service", ["ФСБ"]),
    (ORG, ORG_KIND_LIST.index("court")): ("Basmanny District Court", ["Басманный районный суд"]),
    (ORG, ORG_KIND_LIST.index("media_outlet")): ("TV Rain", ["Dozhd", "Дождь"]),
    (PLC, 0): ("Russia", ["Russian Federation", "Россия"]),
    (PLC, 1): ("Moscow", ["Москва"]),
}
HUB_SHARE: dict[NodeType, float] = {ORG: 0.1, PLC: 0.12, PER: 0.05, EVT: 0.03, CLM: 0.0}
HUB_WEIGHTS: dict[NodeType, list[tuple[int, float]]] = {
    ORG: [(n, w) for (t, n), w in zip(HUB_NAMES, (0.3, 0.15, 0.15, 0.4), strict=False) if t == ORG],
    PLC: [(0, 0.7), (1, 0.3)],
    PER: [(0, 0.6), (1, 0.4)],
    EVT: [(EVENT_KIND_LIST.index("invasion"), 0.6), (EVENT_KIND_LIST.index("election"), 0.4)],
    CLM: [],
}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in (w.split(":") for w in text.split())]


FIRST = (_pairs(FIRST_M), _pairs(FIRST_F))
SYL = _pairs(SYLLABLES)


def mix(seed: int, i: int, salt: int = 0) -> int:
    """A 64-bit hash of (seed, i, salt): splitmix64's finaliser, stable across runs."""
    z = (seed * 0x9E3779B97F4A7C15 + i * 0xBF58476D1CE4E5B9 + salt * 0x94D049BB133111EB) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def choose(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice without its rejection sampling: this runs millions of times."""
    return items[int(rng.random() * len(items))]


def slug(text: str) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def date_text(h: int, lo: int = 1995, span: int = 31) -> str:
    """A date of year, month or day precision, drawn from the hash `h`."""
    year, month, day = lo + h % span, 1 + (h >> 8) % 12, 1 + (h >> 16) % 28
    precision = (h >> 24) % 10
    if precision < 5:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if precision < 8 else f"{year:04d}"


# Every two-syllable root, capitalised, made once: names are built for every reference.
SYL2 = [(a.capitalize() + b, a_ru.capitalize() + b_ru) for a, a_ru in SYL for b, b_ru in SYL]


def _root(h: int, syllables: int) -> tuple[str, str]:
    root, root_ru = SYL2[h % len(SYL2)]
    if syllables == 3:
        more, more_ru = SYL[(h >> 10) % len(SYL)]
        return root + more, root_ru + more_ru
    return root, root_ru


class World:
    """The `entities` entities of one seed; numbers count entities of one type."""

    def __init__(self, entities: int, seed: int) -> None:
        self.n, self.seed = entities, seed
        self.counts = {t: self.count(t) for t in SLOTS}
        # Each entity is named by every relation that reaches it: hubs and the file's own
        # entities often, so a bounded cache saves most of the work.
        self.ref = functools.lru_cache(maxsize=1 << 16)(self._ref)

    def _ref(self, i: int) -> tuple[str, str]:
        """The entity's id and English name."""
        name = self.names(i)[0]
        return self.entity_id(i, name), name

    def count(self, t: NodeType) -> int:
        start, width = SLOTS[t]
        full, rest = divmod(self.n, BLOCK)
        return full * width + min(max(rest - start, 0), width)

    @staticmethod
    def type_of(i: int) -> NodeType:
        return TYPE_AT[i % BLOCK]

    @staticmethod
    def number(i: int) -> int:
        start, width = SLOTS[TYPE_AT[i % BLOCK]]
        return (i // BLOCK) * width + i % BLOCK - start

    @staticmethod
    def index(t: NodeType, number: int) -> int:
        start, width = SLOTS[t]
        return (number // width) * BLOCK + start + number % width

    def kind(self, i: int) -> str | None:
        t, n = self.type_of(i), self.number(i)
        if t == ORG:
            return ORG_KIND_LIST[n % len(ORG_KIND_LIST)]
        if t == EVT:
            return EVENT_KIND_LIST[n % len(EVENT_KIND_LIST)]
        if t == PLC:
            return "country" if n % 25 == 0 else PLACE_CYCLE[n % len(PLACE_CYCLE)]
        return None

    def event_date(self, i: int) -> str:
        return date_text(mix(self.seed, i, 3), 2000, 26)

    def entity_id(self, i: int, name: str | None = None) -> str:
        return f"{ID_PREFIX[self.type_of(i)]}:{slug(name or self.names(i)[0])[:60]}-{i}"

    def name(self, i: int) -> str:
        return self.names(i)[0]

    def names(self, i: int) -> tuple[str, list[str]]:
        """The English name and the aliases (Cyrillic forms first)."""
        t, h = self.type_of(i), mix(self.seed, i, 1)
        hub = HUB_NAMES.get((t, self.number(i)))
        if hub:
            return hub[0], list(hub[1])
        if t == PER:
            return self._person(h)
        if t == ORG:
            return self._org(h, self.kind(i))
        if t == PLC:
            return self._place(h, self.kind(i), self.number(i))
        if t == EVT:
            kind = (self.kind(i) or "event").replace("_", " ").capitalize()
            return f"{kind} in {_root(h, 2)[0]}, {self.event_date(i)}", []
        return f"Claim that the {self._org(h, None)[0]} {CLAIMS[h % len(CLAIMS)]}", []

    @staticmethod
    def _person(h: int) -> tuple[str, list[str]]:
        female = h & 1
        first, first_ru = FIRST[female][(h >> 1) % len(FIRST[female])]
        root, root_ru = _root(h >> 12, 2 + (h >> 40) % 2)
        endings = VOWEL_ENDINGS if root[-1] in "aeiouy" else ENDINGS
        ending = endings[(h >> 8) % len(endings)]
        surname, surname_ru = root + ending[2 * female], root_ru + ending[2 * female + 1]
        aliases = [f"{first_ru} {surname_ru}", surname_ru]
        if first in ALT:
            aliases.insert(0, f"{ALT[first]} {surname}")
        return f"{first} {surname}", aliases

    @staticmethod
    def _org(h: int, kind: str | None) -> tuple[str, list[str]]:
        root, root_ru = _root(h >> 20, 2)
        if kind == "court":
            return f"{root} District Court", [f"{root_ru}ский районный суд"]
        if kind == "media_outlet":
            return f"{root} Daily", [f"{root_ru} Daily", f"«{root_ru}»"]
        adj, adj_ru, masc = ADJ[h % len(ADJ)]
        noun, noun_ru, gender = KIND_NOUN.get(kind or "", NOUN[(h >> 8) % len(NOUN)])
        ending = {"m": masc, "f": "ая", "n": "ое"}[gender]
        name = f"{adj} {root} {noun}"
        acronym = "".join(w[0] for w in name.split())
        return name, [f"{adj_ru}{ending} {noun_ru} «{root_ru}»", acronym]

    @staticmethod
    def _place(h: int, kind: str | None, number: int) -> tuple[str, list[str]]:
        root, root_ru = _root(h, 2)
        end, end_ru = CITY_END[(h >> 12) % len(CITY_END)]
        if kind == "country":
            return f"Republic of {root}ia", [f"Республика {root_ru}ия"]
        if kind == "region":
            return f"{root}sk Oblast", [f"{root_ru}ская область"]
        if kind == "facility":
            return f"Penal Colony No. {1 + number % 60} ({root}{end})", [f"ИК-{1 + number % 60}"]
        if kind == "building":
            return f"{root} House", [f"Дом {root_ru}"]
        return f"{root}{end}", [f"{root_ru}{end_ru}"]

    def pick(self, rng: random.Random, t: NodeType, kinds: list[int] | None = None) -> int | None:
        """A random entity of type `t` (an event of one of `kinds`, indexes into
        EVENT_KIND_LIST), a hub now and then; None when there is none."""
        if rng.random() < HUB_SHARE[t]:
            hub = self._hub(rng, t, kinds)
            if hub is not None:
                return hub
        total = self.counts[t]
        if kinds is None:
            return self.index(t, int(rng.random() * total)) if total else None
        k = choose(rng, kinds)
        cycle = len(EVENT_KIND_LIST)
        fits = (total - k + cycle - 1) // cycle
        return self.index(t, k + cycle * int(rng.random() * fits)) if fits > 0 else None

    def _hub(self, rng: random.Random, t: NodeType, kinds: list[int] | None) -> int | None:
        r = rng.random()
        for number, weight in HUB_WEIGHTS[t]:
            r -= weight
            if r < 0:
                fits = kinds is None or number % len(EVENT_KIND_LIST) in kinds
                return self.index(t, number) if fits and number < self.counts[t] else None
        return None


CLAIMS = [
    "is funded from abroad",
    "coordinated the protests",
    "falsified the vote count",
    "runs a network of fake accounts",
    "planned an attack",
    "hid the number of casualties",
]
