"""Write a synthetic data folder of N resolutions in the reskg model, deterministic for a seed.

    python scripts/make_corpus.py 1000 --out /tmp/corpus [--seed 7] [--source data]

The folder has the layout of `data/`: `common/` and `links/` copied from the source data folder,
one generated `common/corpus-countries.ttl` (the countries and their authorities the corpus
names), and one folder per resolution with `source.txt`, `resolution.ttl` and `statements.ttl`.
Each resolution has its own source text, a procedure, an adoption activity and some ten
statements (demands with their actions, observations, welcomes, condemnations), every one
anchored to its exact span of the text, so the shapes pass. About 300 triples a resolution.
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
DEMAND_ACTS = [("calls on", "calls-on"), ("urges", "urges"), ("demands that", "demands")]
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
    ("notes", "notes", "Observation", "notes the reports on the situation of {g}"),
    ("expresses-concern", "expresses its concern", "Observation", "about the treatment of {g}"),
    ("recalls", "recalls", "Observation", "the obligations of the state towards {g}"),
    ("welcomes", "welcomes", "Welcome", "the release of some {g}"),
    ("condemns", "condemns", "Condemnation", "the repression of {g}"),
    ("deplores", "deplores", "Condemnation", "the continued harassment of {g}"),
]
PREFIXES = """@prefix res:     <id/resolution/> .
@prefix proc:    <id/procedure/> .
@prefix kgo:     <id/org/> .
@prefix kgc:     <id/country/> .
@prefix reskg:   <ontology#> .
@prefix sa:      <id/speech-act/> .
@prefix at:      <id/action-type/> .
@prefix theme:   <id/theme/> .
@prefix kgg:     <id/group/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix eli-dl:  <http://data.europa.eu/eli/eli-draft-legislation-ontology#> .

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


def anchor(slug: str, name: str, body: str, span: tuple[int, int], text: str) -> str:
    """The oa:Annotation of one node on its span of the source text, in Turtle."""
    start, end = span
    node = f"<id/annotation/{slug}/{name}"
    return (
        f"{node}> a oa:Annotation ;\n    oa:motivatedBy oa:describing ;\n"
        f"    oa:hasBody {body} ;\n    oa:hasTarget {node}#target> .\n"
        f"{node}#target> a oa:SpecificResource ;\n    oa:hasSource <id/source/{slug}> ;\n"
        f"    oa:hasSelector {node}#position> , {node}#quote> .\n"
        f'{node}#position> a oa:TextPositionSelector ;\n    oa:start "{start}"^^xsd:nonNegativeInteger'
        f' ;\n    oa:end "{end}"^^xsd:nonNegativeInteger .\n'
        f"{node}#quote> a oa:TextQuoteSelector ;\n"
        f"    oa:exact {turtle_string(text[start:end])} .\n\n"
    )


def resolution(rng: random.Random, year: int, number: int) -> tuple[str, str, str, str]:
    """One resolution: (slug, source.txt, resolution.ttl, statements.ttl)."""
    slug = f"{year}-{number:04d}-RSP"
    ref = f"{year}/{number:04d}(RSP)"
    country = rng.choice(COUNTRIES)
    cslug = slugify(country)
    topic, theme = rng.choice(TOPICS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}"
    title = f"Resolution on {topic} in {country}"
    text = Text()
    text.add("\n\n# ")
    title_span = text.add(title)
    text.add(f"\n\n{ref} - {day:02d}/{month:02d}/{year} - Text adopted by Parliament\n\n")
    adoption_span = text.add(
        f"The European Parliament adopted a resolution on {topic} in {country}."
    )
    text.add("\n\n")
    res, src = f"res:{slug}", f"<id/source/{slug}>"
    statements = []
    for n in range(1, rng.randint(8, 12) + 1):
        group, gslug = rng.choice(GROUPS)
        if rng.random() < 0.4:
            words, act = rng.choice(DEMAND_ACTS)
            atype, wording = rng.choice(ACTIONS)
            addressee = rng.choice([f"authorities-of-{cslug}", f"government-of-{cslug}", "eeas"])
            label = {"eeas": "the EEAS"}.get(addressee, f"the authorities of {country}")
            lead = f"Parliament {words} {label} to "
            start = text.length
            text.add(lead)
            action_span = text.add(wording.format(g=group))
            span = (start, text.add(".")[1])
            text.add(" ")
            node, action = f"<id/demand/{slug}/{n}>", f"<id/action/{slug}/{n}-1>"
            statements.append(
                f'{node} a reskg:Demand ;\n    rdfs:label "Demand {n} of {ref}"@en ;\n'
                f"    dcterms:isPartOf {res} ;\n    reskg:speechAct sa:{act} ;\n"
                f"    reskg:addressee kgo:{addressee} ;\n    reskg:requestsAction {action} ;\n"
                f"    dcterms:subject theme:{theme} ;\n    reskg:affects kgg:{gslug} ;\n"
                f"    prov:wasDerivedFrom {src} .\n\n"
                f"{action} a reskg:Action ;\n"
                f"    rdfs:label {turtle_string(wording.format(g=group))}@en ;\n"
                f"    reskg:actionType at:{atype} ;\n    prov:wasDerivedFrom {src} .\n\n"
            )
            statements.append(anchor(slug, f"demand-{n}", node, span, text.value()))
            statements.append(anchor(slug, f"action-{n}-1", action, action_span, text.value()))
        else:
            act, words, kind, tail = rng.choice(OBSERVATIONS)
            span = text.add(f"Parliament {words} {tail.format(g=group)}.")
            text.add(" ")
            node = f"<id/{kind.lower()}/{slug}/{n}>"
            statements.append(
                f'{node} a reskg:{kind} ;\n    rdfs:label "{kind} {n} of {ref}"@en ;\n'
                f"    dcterms:isPartOf {res} ;\n    reskg:speechAct sa:{act} ;\n"
                f"    dcterms:subject theme:{theme} ;\n    reskg:affects kgg:{gslug} ;\n"
                f"    prov:wasDerivedFrom {src} .\n\n"
            )
            statements.append(anchor(slug, f"{kind.lower()}-{n}", node, span, text.value()))
        if rng.random() < 0.3:
            text.add("\n\n")
    text.add("\n")
    source = text.value()
    header = (
        f"{src} a foaf:Document , prov:Entity ;\n"
        f'    rdfs:label "Legislative Observatory summary of {ref}"@en ;\n'
        f"    dcterms:source <https://oeil.europarl.europa.eu/oeil/en/document-summary?id={year}{number:04d}> ;\n"
        f'    dcterms:rights "European Parliament reuse notice: reproduction is authorised, provided the source is acknowledged."@en .\n\n'
        f'proc:{slug} a eli-dl:Process ;\n    rdfs:label "{ref}" ;\n'
        f'    dcterms:identifier "{ref}" ;\n'
        f"    eli-dl:process_type <https://data.europarl.europa.eu/def/ep-procedure-types/RSP> ;\n"
        f"    eli-dl:consists_of <id/activity/{slug}/adoption> ;\n"
        f"    eli-dl:created_a_realization_of {res} ;\n    prov:wasDerivedFrom {src} .\n\n"
        f"{res} a eli:Work ;\n    rdfs:label {turtle_string(title)}@en ;\n"
        f"    dcterms:title {turtle_string(title)}@en ;\n"
        f"    eli:work_type <https://data.europarl.europa.eu/def/ep-document-types/TEXT_ADOPTED> ;\n"
        f'    eli:date_document "{date}"^^xsd:date ;\n'
        f"    dcterms:creator kgo:european-parliament ;\n    dcterms:spatial kgc:{cslug} ;\n"
        f"    prov:wasDerivedFrom {src} .\n\n"
        f"<id/activity/{slug}/adoption> a eli-dl:Activity , prov:Activity ;\n"
        f'    rdfs:label "Adoption of the resolution by the European Parliament"@en ;\n'
        f"    eli-dl:had_activity_type <https://data.europarl.europa.eu/def/ep-activities/PLENARY_VOTE> ;\n"
        f'    eli-dl:activity_date "{date}"^^xsd:date ;\n'
        f"    prov:wasAssociatedWith kgo:european-parliament ;\n    prov:wasDerivedFrom {src} .\n\n"
    )
    header += anchor(slug, "title", res, title_span, source)
    header += anchor(slug, "adoption", f"<id/activity/{slug}/adoption>", adoption_span, source)
    return slug, source, PREFIXES + header, PREFIXES + "".join(statements)


def countries_ttl(known: str) -> str:
    """The countries the corpus names (not already in `known`), with their authorities."""
    out = [
        PREFIXES,
        "@prefix schema: <https://schema.org/> .\n@prefix org: <http://www.w3.org/ns/org#> .\n\n",
    ]
    for country in COUNTRIES:
        c = slugify(country)
        if f"kgc:{c} a" in known:
            continue
        out.append(
            f"kgc:{c} a schema:Country , foaf:Agent , dcterms:Location ;\n"
            f"    rdfs:label {turtle_string(country)}@en .\n"
            f"kgo:government-of-{c} a org:Organization ;\n"
            f"    rdfs:label {turtle_string('Government of ' + country)}@en .\n"
            f"kgo:authorities-of-{c} a org:Organization ;\n"
            f"    rdfs:label {turtle_string('Authorities of ' + country)}@en .\n\n"
        )
    return "".join(out)


def make_corpus(count: int, out: Path, seed: int = 1, source: Path = Path("data")) -> list[str]:
    """Write the corpus; return the resolution slugs in order."""
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
        slug, source_text, res_ttl, statements_ttl = resolution(rng, year, number)
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
    args = parser.parse_args()
    slugs = make_corpus(args.count, args.out, args.seed, args.source)
    print(f"wrote {len(slugs)} resolutions into {args.out}")


if __name__ == "__main__":
    main()
