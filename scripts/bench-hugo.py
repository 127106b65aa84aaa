#!/usr/bin/env python3
"""Turns a vetro corpus into a Hugo site with equivalent taxonomies.

Usage: bench-hugo.py CORPUS_DIR HUGO_SITE_DIR

Each act becomes a Markdown page at the same path, with its oggetto as the
title and four taxonomies: enti, anni, fornitori (by P.IVA, as vetro keys
suppliers) and cig. Lists are paginated by 50, like vetro's per_pagina.
Part of scripts/bench; not used by vetro itself.
"""
import os
import sys
import tomllib

CONFIG = """baseURL = "https://example.org/"
title = "Benchmark Hugo"
disableKinds = ["rss", "sitemap", "robotstxt", "404"]
[pagination]
pagerSize = 50
[taxonomies]
ente = "enti"
anno = "anni"
fornitore = "fornitori"
cig = "cig"
"""

LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.Taxonomies.enti }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "page.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Params.tipo }} n. {{ .Params.numero }} del {{ .Date.Format "02/01/2006" }} – € {{ .Params.importo }}</p>
<p>{{ range .GetTerms "enti" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
{{ range .GetTerms "cig" }}<a href="{{ .RelPermalink }}">CIG {{ .LinkTitle }}</a> {{ end }}
{{ range .GetTerms "fornitori" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">successiva</a>{{ end }}{{ end }}
{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">successiva</a>{{ end }}{{ end }}
{{ end }}
""",
}


def lots(front):
    return front.get("lotti") or [front]


def page(front, body):
    winners = sorted({
        op["partita_iva"]
        for lot in lots(front)
        for op in lot.get("aggiudicatari", [])
        if "partita_iva" in op
    })
    cigs = sorted({lot["cig"] for lot in lots(front) if "cig" in lot})
    total = sum(float(lot.get("importo_totale", "0")) for lot in lots(front))
    meta = {
        "title": front["oggetto"],
        "date": front["data"].isoformat(),
        "tipo": front["tipo"],
        "numero": str(front.get("numero", "")),
        "importo": f"{total:.2f}",
        "enti": [front["ente"]],
        "anni": [str(front["data"].year)],
        "fornitori": winners,
        "cig": cigs,
    }
    lines = ["+++"]
    for key, value in meta.items():
        if isinstance(value, list):
            items = ", ".join(quote(v) for v in value)
            lines.append(f"{key} = [{items}]")
        elif key == "date":
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {quote(value)}")
    lines.append("+++")
    return "\n".join(lines) + "\n" + body


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(corpus, site):
    os.makedirs(os.path.join(site, "layouts"), exist_ok=True)
    with open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    for name, text in LAYOUTS.items():
        with open(os.path.join(site, "layouts", name), "w", encoding="utf-8") as f:
            f.write(text)
    source = os.path.join(corpus, "content", "atti")
    count = 0
    for folder, _, names in os.walk(source):
        target = os.path.join(site, "content", "atti", os.path.relpath(folder, source))
        os.makedirs(target, exist_ok=True)
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            _, toml_text, body = text.split("+++\n", 2)
            with open(os.path.join(target, name), "w", encoding="utf-8") as f:
                f.write(page(tomllib.loads(toml_text), body))
            count += 1
    print(f"hugo pages {count}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
