"""Write a synthetic data folder of N resolutions in the reskg model, deterministic for a seed.

    python scripts/make_corpus.py 1000 --out /tmp/corpus [--seed 7] [--source data] [--mentions]

The folder has the layout of `data/`: `common/` and `links/` copied from the source data folder,
one generated `common/corpus-countries.ttl` (the countries the corpus names, with their
government and authorities, laws and articles of law, and an agreement with the EU and the
event of its signature), and one folder per resolution with `source.txt`, `resolution.ttl`
and `statements.ttl`. Each resolution is modelled like the reference data/2019-2610-RSP: a
procedure with a tabling activity (two to seven EP political groups of the year's
parliamentary term, each an eli-dl:Participation) and an adoption activity; seven or eight
statements (demands with their actions, observations, welcomes, condemnations), one or two
of which ask to amend or repeal an article of the country's criminal code or to review one
of its laws; two to four dated events (xsd:date or xsd:gYear) that statements cite; and, in
one resolution in three, a demand citing the EU's agreement with the country and its
signature. Every statement, action and activity is anchored to its exact span of the text
(oa:describing), so the shapes pass: some 340 triples and 7.5 statements a resolution, so
that 1,000 resolutions make the some 300,000 triples of issue 7's corpus. With --mentions,
every mention of a group, law, event or agreement is anchored too (oa:identifying), as in
the reference data: some 460 triples a resolution.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

COUNTRIES = [
    "Azerbaijan", "Belarus", "Burundi", "Cambodia", "Cameroon", "Egypt", "Eritrea", "Ethiopia",
    "Georgia", "Guatemala", "Honduras", "Iran", "Iraq", "Kazakhstan", "Kyrgyzstan", "Laos",
    "Libya", "Mali", "Myanmar", "Nicaragua", "Nigeria", "Pakistan", "Russia", "Rwanda",
    "Saudi Arabia", "Sudan", "Tajikistan", "Tanzania", "Turkmenistan", "Uganda", "Uzbekistan",
    "Venezuela", "Vietnam", "Yemen", "Zimbabwe",
]  # fmt: skip
TOPICS = [
    ("the human rights situation", "human-rights"),
    ("the detention of journalists", "media-freedom"),
    ("the freedom of assembly", "freedom-of-assembly"),
    ("the persecution of human rights defenders", "human-rights-defenders"),
    ("the independence of the judiciary", "rule-of-law"),
    ("violence against women", "violence-against-women"),
    ("the rights of trade unions", "trade-union-rights"),
    ("the treatment of political prisoners", "political-prisoners"),
]
GROUPS = [
    ("political prisoners", "political-prisoners"),
    ("journalists", "journalists"),
    ("human rights activists", "human-rights-activists"),
    ("trade union leaders", "trade-union-leaders"),
    ("civil society organisations", "civil-society-organisations"),
    ("women", "women"),
    ("the LGBTI community", "lgbti-community"),
]
DEMAND_ACTS = [("calls on", "calls-on"), ("urges", "urges"), ("requests", "requests")]
ACTIONS = [
    ("release", "release all {g} immediately and unconditionally"),
    ("investigate", "investigate the abuses committed against {g}"),
    ("amend", "amend the laws used to prosecute {g}"),
    ("end", "put an end to the harassment of {g}"),
    ("guarantee", "guarantee the safety of {g}"),
    ("allow-access", "allow independent observers access to {g}"),
    ("drop-charges", "drop all charges against {g}"),
    ("monitor", "monitor the trials of {g} closely"),
]
OBSERVATIONS = [
    ("notes", "notes", "Observation", "the reports on the situation of {g}"),
    ("expresses-concern", "expresses its concern", "Observation", "about the treatment of {g}"),
    ("recalls", "recalls", "Observation", "the obligations of the state towards {g}"),
    ("welcomes", "welcomes", "Welcome", "the release of some {g}"),
    ("condemns", "condemns", "Condemnation", "the repression of {g}"),
    ("deplores", "deplores", "Condemnation", "the continued harassment of {g}"),
]
# Dated events a statement cites: (kind, speech act, words, class, mention, label, datatype).
# {g} is a group of people, {when} the date as the text gives it ("on 3 May 2017", "in 2017").
EVENTS = [
    ("arrests", "condemns", "condemns", "Condemnation", "the arrests of {g} {when}",
     "Arrests of {g} in {country}", "date"),
    ("sentencing", "deplores", "deplores", "Condemnation", "the sentencing of {g} {when}",
     "Sentencing of {g} in {country}", "date"),
    ("elections", "notes", "notes", "Observation", "the elections held {when}",
     "Elections in {country}", "date"),
    ("releases", "welcomes", "welcomes", "Welcome", "the release of some {g} {when}",
     "Release of {g} in {country}", "date"),
    ("ban", "expresses-concern", "expresses its concern about", "Observation",
     "the ban on the activities of {g} imposed {when}",
     "Ban on the activities of {g} in {country}", "gYear"),
    ("crackdown", "recalls", "recalls", "Observation", "the crackdown on {g} that began {when}",
     "Crackdown on {g} in {country}", "gYear"),
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
# Articles of a criminal code that resolutions ask to change: what each one is about.
ARTICLE_TOPICS = [
    "extremism", "spreading false information", "insulting public officials", "mass disorder",
    "inciting social discord", "unauthorised assemblies", "high treason", "foreign funding",
]  # fmt: skip
# Other laws of each country: (IRI tail, name as the text gives it).
LAWS = [
    ("law-on-public-associations", "the Law on Public Associations"),
    ("media-law", "the Media Law"),
]
LAW_CHANGES = [("amend", "amend"), ("repeal", "repeal")]
AGREEMENTS = [
    ("pca", "Partnership and Cooperation Agreement", "PCA"),
    ("aa", "Association Agreement", "AA"),
    ("epca", "Enhanced Partnership and Cooperation Agreement", "EPCA"),
]
# EP political groups by parliamentary term: (first year, [(node, acronym in the text)]).
# The acronyms are skos:altLabel of the nodes of data/common/ep-political-groups.ttl.
TERMS = [
    (2009, [("epp", "EPP"), ("s-and-d", "S&D"), ("ecr", "ECR"), ("alde", "ALDE"),
            ("greens-efa", "Greens/EFA"), ("gue-ngl", "GUE/NGL"), ("efdd", "EFD")]),
    (2014, [("epp", "EPP"), ("s-and-d", "S&D"), ("ecr", "ECR"), ("alde", "ALDE"),
            ("greens-efa", "Greens/EFA"), ("gue-ngl", "GUE/NGL"), ("efdd", "EFDD"),
            ("enf", "ENF")]),
    (2019, [("epp", "EPP"), ("s-and-d", "S&D"), ("renew", "Renew"), ("greens-efa", "Greens/EFA"),
            ("ecr", "ECR"), ("id", "ID"), ("gue-ngl", "GUE/NGL")]),
]  # fmt: skip
PREFIXES = """@prefix res:     <id/resolution/> .
@prefix proc:    <id/procedure/> .
@prefix kgo:     <id/org/> .
@prefix kgc:     <id/country/> .
@prefix epg:     <id/org/ep-group/> .
@prefix reskg:   <ontology#> .
@prefix sa:      <id/speech-act/> .
@prefix at:      <id/action-type/> .
@prefix theme:   <id/theme/> .
@prefix kgg:     <id/group/> .
@prefix ev:      <id/event/> .
@prefix law:     <id/law/> .
@prefix agr:     <id/agreement/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix eli-dl:  <http://data.europa.eu/eli/eli-draft-legislation-ontology#> .
@prefix epact:   <https://data.europarl.europa.eu/def/ep-activities/> .
@prefix eprole:  <https://data.europarl.europa.eu/def/ep-roles/> .

"""


def slugify(name: str) -> str:
    return name.lower().replace(" ", "-")


def turtle_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass
class Text:
    """A source text under construction that remembers where each span starts and ends."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def value(self) -> str:
        return "".join(self.parts)


def anchor(
    slug: str, name: str, body: str, span: tuple[int, int], text: str, motive: str = "describing"
) -> str:
    """The oa:Annotation of one node on its span of the source text, in Turtle: `describing`
    for what the span states (a statement, an action, an activity), `identifying` for a
    mention of a cited entity."""
    start, end = span
    node = f"<id/annotation/{slug}/{name}"
    return (
        f"{node}> a oa:Annotation ;\n    oa:motivatedBy oa:{motive} ;\n"
        f"    oa:hasBody {body} ;\n    oa:hasTarget {node}#target> .\n"
        f"{node}#target> a oa:SpecificResource ;\n    oa:hasSource <id/source/{slug}> ;\n"
        f"    oa:hasSelector {node}#position> , {node}#quote> .\n"
        f'{node}#position> a oa:TextPositionSelector ;\n    oa:start "{start}"^^xsd:nonNegativeInteger'
        f' ;\n    oa:end "{end}"^^xsd:nonNegativeInteger .\n'
        f"{node}#quote> a oa:TextQuoteSelector ;\n"
        f"    oa:exact {turtle_string(text[start:end])} .\n\n"
    )


def country_facts(country: str) -> tuple[list[tuple[str, str]], tuple[str, str, str], int]:
    """The articles of the criminal code (number, topic), the agreement with the EU (IRI tail,
    name, acronym) and its signature year of one country: fixed for the country, whatever the
    seed, so that the common file and every resolution agree."""
    rng = random.Random(f"country:{country}")
    numbers = sorted(rng.sample(range(100, 420), 4))
    articles = [(str(n), t) for n, t in zip(numbers, rng.sample(ARTICLE_TOPICS, 4), strict=True)]
    return articles, rng.choice(AGREEMENTS), rng.randint(1995, 2009)


def when(rng: random.Random, before: int, datatype: str) -> tuple[str, str, str]:
    """A date one to three years before the year `before`: (words in the text, label, Turtle)."""
    year = before - rng.randint(1, 3)
    if datatype == "gYear":
        return f"in {year}", f"{year}", f'"{year}"^^xsd:gYear'
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    words = f"{day} {MONTHS[month - 1]} {year}"
    return f"on {words}", words, f'"{year}-{month:02d}-{day:02d}"^^xsd:date'


@dataclass
class Resolution:
    """The state shared by the statements of one resolution under construction."""

    rng: random.Random
    slug: str
    ref: str
    year: int
    country: str
    theme: str
    text: Text = field(default_factory=Text)
    turtle: list[str] = field(default_factory=list)  # statements.ttl
    events: list[str] = field(default_factory=list)  # event nodes, in resolution.ttl
    cited: list[str] = field(default_factory=list)  # laws and agreements (eli:refers_to)
    anchors: list[tuple[str, str, tuple[int, int], str]] = field(default_factory=list)
    mentions: bool = False  # anchor each mention of a cited entity (oa:identifying)

    @property
    def cslug(self) -> str:
        return slugify(self.country)

    @property
    def src(self) -> str:
        return f"<id/source/{self.slug}>"

    def mark(self, name: str, body: str, span: tuple[int, int], motive: str = "describing"):
        if motive == "describing" or self.mentions:
            self.anchors.append((name, body, span, motive))

    def statement(self, n: int, kind: str, act: str, group: str, extra: str = "") -> str:
        """The Turtle of statement n (without its final '.'); its IRI is <id/{kind}/slug/n>."""
        node = f"<id/{kind.lower()}/{self.slug}/{n}>"
        return (
            f'{node} a reskg:{kind} ;\n    rdfs:label "{kind} {n} of {self.ref}"@en ;\n'
            f"    dcterms:isPartOf res:{self.slug} ;\n    reskg:speechAct sa:{act} ;\n"
            f"{extra}    dcterms:subject theme:{self.theme} ;\n    reskg:affects kgg:{group} ;\n"
            f"    prov:wasDerivedFrom {self.src} .\n\n"
        )

    def action(self, n: int, atype: str, label: str, references: str = "") -> str:
        refs = f"    dcterms:references {references} ;\n" if references else ""
        return (
            f"<id/action/{self.slug}/{n}-1> a reskg:Action ;\n"
            f"    rdfs:label {turtle_string(label)}@en ;\n"
            f"    reskg:actionType at:{atype} ;\n{refs}    prov:wasDerivedFrom {self.src} .\n\n"
        )

    def addressee(self) -> tuple[str, str]:
        """(local name under kgo:, words of the text) of a demand's addressee."""
        choice = self.rng.choice(["authorities-of", "government-of"])
        words = "authorities" if choice == "authorities-of" else "government"
        return f"{choice}-{self.cslug}", f"the {words} of {self.country}"

    def plain(self, n: int) -> None:
        """A demand with one action, or an observation, welcome or condemnation."""
        rng, text = self.rng, self.text
        group, gslug = rng.choice(GROUPS)
        if rng.random() < 0.4:
            words, act = rng.choice(DEMAND_ACTS)
            atype, wording = rng.choice(ACTIONS)
            addressee, label = rng.choice([self.addressee(), ("eeas", "the EEAS")])
            start = text.length
            text.add(f"Parliament {words} {label} to ")
            action_span = text.add(wording.format(g=group))
            span = (start, text.add(".")[1])
            self.demand(n, act, addressee, gslug, span)
            self.turtle.append(self.action(n, atype, wording.format(g=group)))
            self.mark(f"action-{n}-1", f"<id/action/{self.slug}/{n}-1>", action_span)
        else:
            act, words, kind, tail = rng.choice(OBSERVATIONS)
            span = text.add(f"Parliament {words} {tail.format(g=group)}.")
            self.turtle.append(self.statement(n, kind, act, gslug))
            self.mark(f"{kind.lower()}-{n}", f"<id/{kind.lower()}/{self.slug}/{n}>", span)

    def demand(
        self, n: int, act: str, addressee: str, group: str, span: tuple[int, int], refs: str = ""
    ) -> None:
        extra = f"    reskg:addressee kgo:{addressee} ;\n"
        extra += f"    reskg:requestsAction <id/action/{self.slug}/{n}-1> ;\n"
        if refs:
            extra += f"    dcterms:references {refs} ;\n"
        self.turtle.append(self.statement(n, "Demand", act, group, extra))
        self.mark(f"demand-{n}", f"<id/demand/{self.slug}/{n}>", span)

    def law_change(self, n: int) -> None:
        """A demand to amend or repeal an article of the criminal code, or to review a law."""
        rng, text, c = self.rng, self.text, self.cslug
        group, gslug = rng.choice(GROUPS)
        words, act = rng.choice(DEMAND_ACTS)
        addressee, label = self.addressee()
        start = text.length
        text.add(f"Parliament {words} {label} to ")
        articles = [
            a
            for a in country_facts(self.country)[0]
            if f"<id/law/{c}-criminal-code/article-{a[0]}>" not in self.cited
        ]
        laws = [law for law in LAWS if f"law:{c}-{law[0]}" not in self.cited]
        if rng.random() < 0.7 or not laws:
            number, topic = rng.choice(articles)
            atype, verb = rng.choice(LAW_CHANGES)
            provision = f"<id/law/{c}-criminal-code/article-{number}>"
            refs = f"{provision} , law:{c}-criminal-code"
            name = f"Article {number} of the Criminal Code on '{topic}'"
            mention_name = f"mention-law-{c}-criminal-code-article-{number}"
        else:
            tail, name = rng.choice(laws)
            atype, verb = "review", "review"
            provision = refs = f"law:{c}-{tail}"
            mention_name = f"mention-law-{c}-{tail}"
        action_start = text.add(f"{verb} ")[0]
        mention = text.add(name)
        action_span = (action_start, mention[1])
        text.add(f", which is used to prosecute {group}")
        span = (start, text.add(".")[1])
        self.demand(n, act, addressee, gslug, span, refs)
        self.turtle.append(self.action(n, atype, f"{verb} {name}", provision))
        self.mark(f"action-{n}-1", f"<id/action/{self.slug}/{n}-1>", action_span)
        self.mark(mention_name, provision, mention, "identifying")
        if provision not in self.cited:
            self.cited.append(provision)

    def agreement(self, n: int) -> None:
        """A demand to respect the agreement with the EU, citing it and its signature."""
        rng, text, c = self.rng, self.text, self.cslug
        _, (tail, name, acronym), signed = country_facts(self.country)
        agreement, signature = f"agr:eu-{c}-{tail}", f"ev:eu-{c}-{tail}-signature"
        group, gslug = rng.choice(GROUPS)
        addressee, label = self.addressee()
        start = text.length
        text.add(f"Parliament calls on {label} to ")
        action_start = text.add("respect the human rights commitments of the ")[0]
        mention = text.add(f"{name} ({acronym})")
        action_span = (action_start, mention[1])
        text.add(" ")
        signed_span = text.add(f"signed in {signed} by the EU and {self.country}")
        span = (start, text.add(".")[1])
        refs = f"{agreement} , {signature} , kgo:european-union , kgc:{c}"
        self.demand(n, "calls-on", addressee, gslug, span, refs)
        wording = f"respect the human rights commitments of the {name} ({acronym})"
        self.turtle.append(self.action(n, "respect", wording, agreement))
        self.mark(f"action-{n}-1", f"<id/action/{self.slug}/{n}-1>", action_span)
        self.mark(f"mention-agreement-eu-{c}-{tail}", agreement, mention, "identifying")
        self.mark(f"mention-event-eu-{c}-{tail}-signature", signature, signed_span, "identifying")
        self.cited.append(agreement)

    def event(self, n: int, kind: str) -> None:
        """An observation, welcome or condemnation citing a dated event of the country."""
        rng, text = self.rng, self.text
        _, act, words, cls, phrase, label, datatype = next(e for e in EVENTS if e[0] == kind)
        group, gslug = rng.choice(GROUPS)
        said, date_label, literal = when(rng, self.year, datatype)
        local = f"{self.slug}-{kind}"
        start = text.add(f"Parliament {words} ")[0]
        mention = text.add(phrase.format(g=group, when=said))
        span = (start, text.add(".")[1])
        refs = f"    dcterms:references ev:{local} , kgc:{self.cslug} ;\n"
        self.turtle.append(self.statement(n, cls, act, gslug, refs))
        self.mark(f"{cls.lower()}-{n}", f"<id/{cls.lower()}/{self.slug}/{n}>", span)
        self.mark(f"mention-event-{local}", f"ev:{local}", mention, "identifying")
        title = label.format(g=group, country=self.country)
        title = title[0].upper() + title[1:]
        by = (
            f"    prov:wasAssociatedWith kgo:authorities-of-{self.cslug} ;\n"
            if kind != "elections"
            else ""
        )
        self.events.append(
            f"ev:{local} a reskg:Event ;\n"
            f"    rdfs:label {turtle_string(f'{title} of {date_label}')}@en ;\n"
            f"    dcterms:date {literal} ;\n{by}    dcterms:subject kgg:{gslug} ;\n"
            f"    dcterms:spatial kgc:{self.cslug} .\n\n"
        )

    def tabling(self) -> tuple[str, tuple[int, int]]:
        """The tabling sentence with its group mentions; the Turtle of the tabling activity."""
        groups = next(g for first, g in reversed(TERMS) if self.year >= first)
        count = self.rng.randint(2, min(7, len(groups)))
        picked = self.rng.sample(groups, count)
        chosen = [g for g in groups if g in picked]  # in the order of the term's list
        text = self.text
        start = text.add("The resolution was tabled by the ")[0]
        last = len(chosen) - 1
        for i, (node, acronym) in enumerate(chosen):
            if i:
                text.add(", " if i < last else " and " if last == 1 else ", and ")
            span = text.add(acronym)
            self.mark(f"mention-group-{node}", f"epg:{node}", span, "identifying")
        span = (start, text.add(" groups.")[1])
        activity = f"<id/activity/{self.slug}/tabling>"
        parts = " , ".join(f"<id/participation/{self.slug}/{node}>" for node, _ in chosen)
        turtle = (
            f"{activity} a eli-dl:Activity , prov:Activity ;\n"
            f'    rdfs:label "Tabling of the motion for a resolution by {len(chosen)} political'
            f' groups"@en ;\n'
            f"    eli-dl:had_activity_type epact:TABLING_PLENARY ;\n"
            f"    eli-dl:had_participation {parts} ;\n"
            f"    prov:wasAssociatedWith {' , '.join(f'epg:{node}' for node, _ in chosen)} ;\n"
            f"    prov:wasDerivedFrom {self.src} .\n\n"
        )
        for node, acronym in chosen:
            turtle += (
                f"<id/participation/{self.slug}/{node}> a eli-dl:Participation ;\n"
                f"    rdfs:label {turtle_string(f'Tabling by {acronym}')}@en ;\n"
                f"    eli-dl:participation_role eprole:AUTHOR ;\n"
                f"    eli-dl:had_participant_organization epg:{node} .\n"
            )
        self.mark("tabling", activity, span)
        return turtle + "\n", span


def resolution(
    rng: random.Random, year: int, number: int, agreement: bool = False, mentions: bool = False
) -> tuple[str, str, str, str]:
    """One resolution: (slug, source.txt, resolution.ttl, statements.ttl); with `agreement`, a
    demand cites the EU's agreement with the country; with `mentions`, every mention of a
    group, law, event or agreement is anchored too."""
    slug = f"{year}-{number:04d}-RSP"
    ref = f"{year}/{number:04d}(RSP)"
    country = rng.choice(COUNTRIES)
    cslug = slugify(country)
    topic, theme = rng.choice(TOPICS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}"
    title = f"Resolution on {topic} in {country}"
    r = Resolution(rng, slug, ref, year, country, theme, mentions=mentions)
    text = r.text
    text.add("\n\n# ")
    title_span = text.add(title)
    text.add(f"\n\n{ref} - {day:02d}/{month:02d}/{year} - Text adopted by Parliament\n\n")
    adoption_span = text.add(
        f"The European Parliament adopted a resolution on {topic} in {country}."
    )
    text.add("\n\n")
    tabling, _ = r.tabling()
    text.add("\n\n")
    # What the statements must cite, in a random order among plain statements: one or two
    # changes of law, two to four dated events (the signature of the agreement among them
    # when there is one), and the agreement with the EU if asked for.
    events = rng.sample([e[0] for e in EVENTS], rng.randint(2, 4) - agreement)
    plan = ["law"] * rng.randint(1, 2) + events + ["agreement"] * agreement
    plan += ["plain"] * max(0, rng.randint(7, 8) - len(plan))
    rng.shuffle(plan)
    for n, kind in enumerate(plan, start=1):
        if kind == "law":
            r.law_change(n)
        elif kind == "agreement":
            r.agreement(n)
        elif kind == "plain":
            r.plain(n)
        else:
            r.event(n, kind)
        text.add("\n\n" if rng.random() < 0.3 else " ")
    text.add("\n")
    source = text.value()
    src = r.src
    res = f"res:{slug}"
    refers = f"    eli:refers_to {' , '.join(r.cited)} ;\n" if r.cited else ""
    header = (
        f"{src} a foaf:Document , prov:Entity ;\n"
        f'    rdfs:label "Legislative Observatory summary of {ref}"@en ;\n'
        f"    dcterms:source <https://oeil.europarl.europa.eu/oeil/en/document-summary?id={year}{number:04d}> ;\n"
        f'    dcterms:rights "European Parliament reuse notice: reproduction is authorised, provided the source is acknowledged."@en .\n\n'
        f'proc:{slug} a eli-dl:Process ;\n    rdfs:label "{ref}" ;\n'
        f'    dcterms:identifier "{ref}" ;\n'
        f"    eli-dl:process_type <https://data.europarl.europa.eu/def/ep-procedure-types/RSP> ;\n"
        f"    eli-dl:consists_of <id/activity/{slug}/tabling> , <id/activity/{slug}/adoption> ;\n"
        f"    eli-dl:created_a_realization_of {res} ;\n    prov:wasDerivedFrom {src} .\n\n"
        f"{res} a eli:Work ;\n    rdfs:label {turtle_string(title)}@en ;\n"
        f"    dcterms:title {turtle_string(title)}@en ;\n"
        f"    eli:work_type <https://data.europarl.europa.eu/def/ep-document-types/TEXT_ADOPTED> ;\n"
        f'    eli:date_document "{date}"^^xsd:date ;\n'
        f"    dcterms:creator kgo:european-parliament ;\n    dcterms:spatial kgc:{cslug} ;\n"
        f"    eli:is_about theme:{theme} ;\n{refers}"
        f"    prov:wasDerivedFrom {src} .\n\n"
        f"{tabling}"
        f"<id/activity/{slug}/adoption> a eli-dl:Activity , prov:Activity ;\n"
        f'    rdfs:label "Adoption of the resolution by the European Parliament"@en ;\n'
        f"    eli-dl:had_activity_type epact:PLENARY_VOTE ;\n"
        f'    eli-dl:activity_date "{date}"^^xsd:date ;\n'
        f"    prov:wasAssociatedWith kgo:european-parliament ;\n    prov:wasDerivedFrom {src} .\n\n"
        f"# --- Events the statements cite ---\n\n{''.join(r.events)}"
    )
    r.mark("title", res, title_span)
    r.mark("adoption", f"<id/activity/{slug}/adoption>", adoption_span)
    head_names = {"title", "adoption", "tabling"}
    for name, body, span, motive in r.anchors:
        if name in head_names or name.startswith("mention-group-"):
            header += anchor(slug, name, body, span, source, motive)
    statements = "".join(r.turtle)
    for name, body, span, motive in r.anchors:
        if not (name in head_names or name.startswith("mention-group-")):
            statements += anchor(slug, name, body, span, source, motive)
    return slug, source, PREFIXES + header, PREFIXES + statements


PREFIX_OF = {"country": "kgc", "law": "law", "agreement": "agr", "event": "ev"}


def defined(known: str, path: str) -> bool:
    """Whether the Turtle `known` (the hand-written common files) already describes the node
    <id/{path}>, written in full or with the usual prefix of its kind."""
    kind, _, local = path.partition("/")
    return f"<id/{path}> a " in known or f"{PREFIX_OF[kind]}:{local} a " in known


def countries_ttl(known: str) -> str:
    """The countries the corpus names, with their government and authorities, the laws and
    articles of law its resolutions ask to change, and its agreement with the EU with the
    event of its signature; each node only if `known` does not describe it already."""
    out = [
        PREFIXES,
        "@prefix schema: <https://schema.org/> .\n@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix kgt: <id/org-type/> .\n\n",
    ]
    for country in COUNTRIES:
        c = slugify(country)
        if not defined(known, f"country/{c}"):
            out.append(
                f"kgc:{c} a schema:Country , foaf:Agent , dcterms:Location ;\n"
                f"    rdfs:label {turtle_string(country)}@en .\n"
                f"kgo:government-of-{c} a org:FormalOrganization ;\n"
                f"    rdfs:label {turtle_string('Government of ' + country)}@en ;\n"
                f"    org:classification kgt:government ;\n    dcterms:spatial kgc:{c} .\n"
                f"kgo:authorities-of-{c} a org:Organization ;\n"
                f"    rdfs:label {turtle_string('Authorities of ' + country)}@en ;\n"
                f"    org:classification kgt:state-authorities ;\n    dcterms:spatial kgc:{c} .\n\n"
            )
        articles, (tail, agreement, acronym), signed = country_facts(country)
        if not defined(known, f"law/{c}-criminal-code"):
            out.append(
                f"law:{c}-criminal-code a eli:LegalResource ;\n"
                f"    rdfs:label {turtle_string(f'Criminal Code of {country}')}@en ;\n"
                f'    skos:altLabel "Criminal Code"@en ;\n    dcterms:spatial kgc:{c} .\n'
            )
        for number, topic in articles:
            if defined(known, f"law/{c}-criminal-code/article-{number}"):
                continue
            label = f"Article {number} of the Criminal Code of {country}"
            out.append(
                f"<id/law/{c}-criminal-code/article-{number}> a eli:LegalResourceSubdivision ;\n"
                f"    rdfs:label {turtle_string(label)}@en ;\n"
                f"    dcterms:description {turtle_string(f'Article on {topic!r}.')}@en ;\n"
                f'    eli:number "{number}" ;\n    eli:is_part_of law:{c}-criminal-code ;\n'
                f"    dcterms:spatial kgc:{c} .\n"
            )
        for law, words in LAWS:
            if defined(known, f"law/{c}-{law}"):
                continue
            label = words.removeprefix("the ")
            out.append(
                f"law:{c}-{law} a eli:LegalResource ;\n"
                f"    rdfs:label {turtle_string(f'{label} of {country}')}@en ;\n"
                f"    skos:altLabel {turtle_string(label)}@en ;\n    dcterms:spatial kgc:{c} .\n"
            )
        if not defined(known, f"agreement/eu-{c}-{tail}"):
            out.append(
                f"agr:eu-{c}-{tail} a reskg:Agreement ;\n"
                f"    rdfs:label {turtle_string(f'{agreement} between the EU and {country}')}@en ;\n"
                f'    skos:altLabel "{acronym}"@en , "{agreement}"@en ;\n'
                f"    reskg:party kgo:european-union , kgc:{c} .\n"
            )
        if not defined(known, f"event/eu-{c}-{tail}-signature"):
            out.append(
                f"ev:eu-{c}-{tail}-signature a reskg:Event ;\n"
                f"    rdfs:label {turtle_string(f'Signature of the EU-{country} {agreement}')}@en ;\n"
                f'    dcterms:date "{signed}"^^xsd:gYear ;\n    dcterms:subject agr:eu-{c}-{tail} ;\n'
                f"    prov:wasAssociatedWith kgo:european-union , kgc:{c} .\n"
            )
        out.append("\n")
    return "".join(out)


def make_corpus(
    count: int, out: Path, seed: int = 1, source: Path = Path("data"), mentions: bool = False
) -> list[str]:
    """Write the corpus; return the resolution slugs in order. With `mentions`, anchor every
    mention of a cited entity as the reference data does (some 150 triples more a resolution)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for shared in ("common", "links"):
        if (source / shared).is_dir():
            shutil.copytree(source / shared, out / shared, dirs_exist_ok=True)
    (out / "common").mkdir(exist_ok=True)
    known = "".join(
        p.read_text(encoding="utf-8")
        for p in sorted((out / "common").glob("*.ttl"))
        if p.name != "corpus-countries.ttl"
    )
    (out / "common" / "corpus-countries.ttl").write_text(countries_ttl(known), encoding="utf-8")
    numbers = rng.sample(range(1000, 10000), count) if count <= 9000 else range(count)
    slugs = []
    for i, number in enumerate(numbers):
        year = 2010 + (i % 15)
        # one resolution in three (the first among them) cites the agreement with the EU
        with_agreement = i % 3 == 0
        slug, source_text, res_ttl, statements_ttl = resolution(
            rng, year, number, with_agreement, mentions
        )
        folder = out / slug
        folder.mkdir(exist_ok=True)
        (folder / "source.txt").write_bytes(source_text.encode("utf-8"))
        (folder / "resolution.ttl").write_text(res_ttl, encoding="utf-8")
        (folder / "statements.ttl").write_text(statements_ttl, encoding="utf-8")
        slugs.append(slug)
    return slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    parser.add_argument(
        "--mentions",
        action="store_true",
        help="also anchor each mention of a group, law, event or agreement (oa:identifying)",
    )
    args = parser.parse_args()
    slugs = make_corpus(args.count, args.out, args.seed, args.source, args.mentions)
    print(f"wrote {len(slugs)} resolutions into {args.out}")


if __name__ == "__main__":
    main()
