// Query page of the reskg SPARQL endpoint: runs the form's query with fetch() and shows the
// SPARQL JSON results as a table. Served locally; no library, no CDN.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const box = document.getElementById("query");
  const out = document.getElementById("results");
  if (!form || !box || !out) return;

  function localHref(iri) {
    const base = document.body.dataset.base || "";
    if (base && iri.startsWith(base + "id/")) return "/" + iri.slice(base.length) + ".html";
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = localHref(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    }
    return td;
  }

  function show(data) {
    out.textContent = "";
    if (typeof data.boolean === "boolean") {
      out.textContent = "Answer: " + data.boolean;
      return;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const count = document.createElement("p");
    count.className = "count";
    count.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
    out.appendChild(count);
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    vars.forEach(function (v) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = v;
      head.appendChild(th);
    });
    const body = table.createTBody();
    rows.forEach(function (b) {
      const tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
    });
    out.appendChild(table);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    out.textContent = "Running…";
    fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json" },
      body: box.value,
    }).then(function (r) {
      if (r.ok) return r.json().then(show);
      return r.text().then(function (t) {
        out.textContent = "";
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = "Error " + r.status + ": " + t;
        out.appendChild(p);
      });
    }).catch(function (e) { out.textContent = "Error: " + e; });
  });

  document.querySelectorAll("a[data-example]").forEach(function (a) {
    a.addEventListener("click", function (event) {
      const t = document.getElementById("example-" + a.dataset.example);
      if (!t) return;
      event.preventDefault();
      box.value = t.content.textContent;
    });
  });
})();
