"""Check every external link: against its target's SPARQL endpoint, and for its provenance.

Online, for each link into a SPARQL-queryable target (one that declares ``void:sparqlEndpoint``,
or is given an endpoint by the caller): the target's own check query (see ``targets``), batched
with VALUES, one query per 50 items, fetches labels, classes and redirects, and each link is
``ok``, ``warning`` (labels disagree) or ``fail`` (missing, redirected, class incompatible with
our node). Offline: every link must sit in
a sourced linkset, and every node that should be linked has a link or an unlinked entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from reskg.config import Settings
from reskg.links.client import EndpointError, SparqlClient, batched, fill, sparql_terms
from reskg.links.matching import incompatible_classes, labels_agree, normalise
from reskg.links.model import (
    Link,
    Linkset,
    Unlinked,
    external_links,
    labels_of,
    linkable_nodes,
    linksets,
    uncovered_nodes,
    unlinked_entries,
)
from reskg.links.targets import check_query, target_name

BATCH_SIZE = 50


@dataclass
class TargetFacts:
    """What the endpoint says about one item."""

    labels: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    redirects: set[str] = field(default_factory=set)

    @property
    def exists(self) -> bool:
        return bool(self.labels or self.classes or self.redirects)


@dataclass
class LinkCheck:
    link: Link
    kind: str
    target: str = ""  # the target dataset's name (see targets.target_name)
    status: str = "ok"  # ok | warning | fail
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "subject": str(self.link.subject),
            "predicate": str(self.link.predicate),
            "object": str(self.link.object),
            "linkset": str(self.link.linkset),
            "target": self.target,
            "kind": self.kind,
            "status": self.status,
            "problems": self.problems,
        }


@dataclass
class CheckReport:
    endpoints: dict[str, str]  # target name -> endpoint queried
    checks: list[LinkCheck]
    unsourced: list[tuple[Node, Node, Node]]
    uncovered: dict[URIRef, str]
    unlinked: list[Unlinked]
    linkset_count: int
    link_count: int

    @property
    def failures(self) -> list[LinkCheck]:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def failed(self) -> bool:
        return bool(self.failures or self.unsourced or self.uncovered)

    def as_json(self) -> str:
        return json.dumps(
            {
                "endpoints": sorted(set(self.endpoints.values())),
                "targets": self.endpoints,
                "summary": {
                    "linksets": self.linkset_count,
                    "links": self.link_count,
                    "checked": len(self.checks),
                    "failed": len(self.failures),
                    "warnings": sum(c.status == "warning" for c in self.checks),
                    "unsourced": len(self.unsourced),
                    "uncovered": len(self.uncovered),
                    "unlinked": len(self.unlinked),
                },
                "links": [c.as_dict() for c in self.checks],
                "unsourced": [[str(t) for t in triple] for triple in self.unsourced],
                "uncovered": [{"node": str(n), "kind": k} for n, k in self.uncovered.items()],
                "unlinked": [
                    {"node": str(u.node), "kind": u.kind, "reason": u.reason} for u in self.unlinked
                ],
            },
            indent=2,
            ensure_ascii=False,
        )

    def as_text(self, shorten=str) -> str:
        against = (
            ", ".join(f"{name} ({url})" for name, url in self.endpoints.items()) or "no endpoint"
        )
        lines = [
            f"Links: {self.link_count} in {self.linkset_count} linksets; "
            f"{len(self.checks)} checked against {against}."
        ]
        if self.checks:
            rows = [
                (
                    c.status.upper(),
                    c.target,
                    shorten(c.link.subject),
                    shorten(c.link.object),
                    "; ".join(c.problems) or "-",
                )
                for c in self.checks
            ]
            lines += _table(("status", "dataset", "our node", "target", "problems"), rows)
        if self.unsourced:
            lines.append(f"\nLinks outside any sourced linkset ({len(self.unsourced)}):")
            lines += [f"- {shorten(s)} {shorten(p)} {shorten(o)}" for s, p, o in self.unsourced]
        if self.uncovered:
            lines.append(
                f"\nNodes with neither a link nor an unlinked entry ({len(self.uncovered)}):"
            )
            lines += [f"- {shorten(n)} ({k})" for n, k in self.uncovered.items()]
        lines.append(f"\nUnlinked ({len(self.unlinked)}):")
        lines += [f"- {shorten(u.node)} ({u.kind}): {u.reason}" for u in self.unlinked]
        verdict = "FAILED" if self.failed else "passed"
        lines.append(
            f"\nLinks check {verdict}: {len(self.failures)} failing link(s), "
            f"{sum(c.status == 'warning' for c in self.checks)} warning(s), "
            f"{len(self.unsourced)} unsourced, {len(self.uncovered)} uncovered."
        )
        return "\n".join(lines) + "\n"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]])

    return [fmt(header), *(fmt(r) for r in rows)]


def fetch_facts(
    client: SparqlClient, items: list[URIRef], template: str, batch_size: int = BATCH_SIZE
) -> dict[str, TargetFacts]:
    """Labels (any language), classes and redirects of items, in batched queries.

    ``template`` is the target's check query: it binds ?item and any of ?label, ?class, ?redirect.
    """
    facts: dict[str, TargetFacts] = defaultdict(TargetFacts)
    for batch in batched(sorted(set(items)), batch_size):
        for row in client.select(fill(template, items=sparql_terms(batch))):
            fact = facts[str(row["item"])]
            if "label" in row:
                fact.labels.add(str(row["label"]))
            if "class" in row:
                fact.classes.add(str(row["class"]))
            if "redirect" in row:
                fact.redirects.add(str(row["redirect"]))
    return facts


def judge(
    link: Link, kind: str, ours: list[str], fact: TargetFacts | None, strict: bool = False
) -> LinkCheck:
    """The verdict on one link given what the endpoint said about its target."""
    check = LinkCheck(link, kind)
    if fact is None or not fact.exists:
        check.problems.append("missing: the target has no label, class or redirect")
    elif fact.redirects:
        check.problems.append("redirected to " + ", ".join(sorted(fact.redirects)))
    else:
        bad = incompatible_classes(kind, fact.classes)
        if bad:
            check.problems.append(f"type: our {kind} is linked to an instance of {', '.join(bad)}")
    failing = bool(check.problems)
    if fact is not None and fact.labels and not labels_agree(ours, fact.labels):
        sample = sorted(fact.labels, key=normalise)[:3]
        check.problems.append(f"labels disagree: ours {ours[:2]} vs theirs {sample}")
    if failing or (strict and check.problems):
        check.status = "fail"
    elif check.problems:
        check.status = "warning"
    return check


def queryable(
    sets: list[Linkset], overrides: Mapping[str, str] | None = None
) -> dict[str, tuple[str, list[Link]]]:
    """{target name: (endpoint, links)} for targets with a declared or overriding endpoint."""
    overrides = overrides or {}
    found: dict[str, tuple[str, list[Link]]] = {}
    for ls in sets:
        name = target_name(ls.target)
        endpoint = overrides.get(name) or ls.endpoint
        if endpoint:
            found.setdefault(name, (endpoint, []))[1].extend(ls.links)
    return dict(sorted(found.items()))


def check_links(
    dataset: Dataset,
    graph: Graph,
    settings: Settings,
    client_for: Callable[[str], SparqlClient],
    *,
    overrides: Mapping[str, str] | None = None,
    strict: bool = False,
    online: bool = True,
) -> CheckReport:
    """Check all links; ``client_for(endpoint_url)`` gives the client for a target's endpoint.

    ``overrides`` maps target names to the endpoint to use instead of the declared one.
    """
    sets = linksets(dataset, settings)
    all_links = [link for ls in sets for link in ls.links]
    sourced = {
        (lk.subject, lk.predicate, lk.object) for ls in sets if ls.sources for lk in ls.links
    }
    predicates = tuple({ls.predicate for ls in sets})
    found = external_links(graph, settings) | external_links(graph, settings, predicates)
    unsourced = sorted(found - sourced)
    kinds = linkable_nodes(graph, settings)
    checks: list[LinkCheck] = []
    endpoints: dict[str, str] = {}
    if online:
        for name, (endpoint, links) in queryable(sets, overrides).items():
            client = client_for(endpoint)
            endpoints[name] = client.endpoint
            try:
                facts = fetch_facts(client, [lk.object for lk in links], check_query(name))
            except EndpointError as exc:
                raise type(exc)(
                    f"{exc} (target {name}: point it at another endpoint with "
                    f"--target {name}=URL, or check provenance only with --offline)"
                ) from None
            for lk in links:
                ours = [label for label, _p in labels_of(graph, lk.subject)]
                fact = facts.get(str(lk.object))
                check = judge(lk, kinds.get(lk.subject, "other"), ours, fact, strict)
                check.target = name
                checks.append(check)
    return CheckReport(
        endpoints=endpoints,
        checks=checks,
        unsourced=unsourced,
        uncovered=uncovered_nodes(dataset, graph, settings, all_links),
        unlinked=unlinked_entries(dataset, graph, settings),
        linkset_count=len(sets),
        link_count=len(all_links),
    )
