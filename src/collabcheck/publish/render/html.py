"""A published document as one self-contained HTML page: inline CSS only, no script, nothing
fetched from anywhere (the page's own Content-Security-Policy says so too), laid out for print.
Every piece of text is HTML-escaped, quotes included, after control and bidirectional-override
characters are made visible (common/escape.py); only an https address becomes a link."""

from __future__ import annotations

import html
import urllib.parse

from collabcheck.common.escape import inert
from collabcheck.publish.document import (
    Block,
    Items,
    Link,
    Paragraph,
    Piece,
    Published,
    Strong,
    Table,
    Text,
)

_STYLE = """\
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.45; color: #111;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 1.5rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; font-size: 0.85rem; }
footer dt { font-weight: bold; }
footer dd { margin: 0 0 0.4rem 0; overflow-wrap: anywhere; }
.draft { border: 3px solid #b00; color: #b00; font-weight: bold; padding: 0.6rem; }
.watermark { display: none; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  a { color: #111; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  .watermark { display: block; position: fixed; top: 40%; left: 0; right: 0; z-index: -1;
    text-align: center; font-size: 7rem; color: #ddd; transform: rotate(-30deg); }
}
"""

# No script, no fetch, no form, no frame: everything the page needs is in it.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def text_of(text: str) -> str:
    """Proposal text as HTML: one line, unsafe characters visible, markup escaped."""
    return html.escape(inert(" ".join(text.split())), quote=True)


def _piece(piece: Piece) -> str:
    if isinstance(piece, Strong):
        return f"<strong>{text_of(piece.text)}</strong>{' ' if piece.text[-1:].isspace() else ''}"
    if isinstance(piece, Link):
        if not piece.url.startswith("https://"):
            return text_of(piece.label)
        target = urllib.parse.quote(piece.url, safe="/:?=&#%-._~+,;@!$'()*")
        return f'<a href="{html.escape(target, quote=True)}">{text_of(piece.label)}</a>'
    before = " " if piece[:1].isspace() else ""
    after = " " if piece[-1:].isspace() else ""
    return f"{before}{text_of(piece)}{after}"


def _text(text: Text) -> str:
    return "".join(_piece(p) for p in text).strip()


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"<p>{_text(block.text)}</p>"]
    if isinstance(block, Items):
        return ["<ul>", *(f"<li>{_text(item)}</li>" for item in block.items), "</ul>"]
    return _table(block)


def _table(table: Table) -> list[str]:
    header = "".join(f"<th>{text_of(h)}</th>" for h in table.header)
    rows = [
        "<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    ]
    return [
        "<table>",
        f"<thead><tr>{header}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def render(document: Published) -> str:
    title = f"{document.kind}: {document.title}"
    head = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{'DRAFT: ' if document.draft is not None else ''}{text_of(title)}</title>",
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
    ]
    body: list[str] = []
    if document.draft is not None:
        body += [
            '<div class="watermark" aria-hidden="true">DRAFT</div>',
            f'<p class="draft">DRAFT: not for publication. {text_of(document.draft)}</p>',
        ]
    body.append(f"<h1>{text_of(title)}</h1>")
    for section in document.sections:
        body.append(f"<section>\n<h2>{text_of(section.heading)}</h2>")
        for block in section.blocks:
            body += _block(block)
        body.append("</section>")
    body += ["<footer>"]
    if document.draft is not None:
        body.append('<p class="draft">DRAFT</p>')
    body.append("<dl>")
    for label, value in document.stamp.lines():
        body += [f"<dt>{text_of(label)}</dt>", f"<dd>{text_of(value)}</dd>"]
    body += ["</dl>", "</footer>", "</body>", "</html>"]
    return "\n".join(head + body) + "\n"
