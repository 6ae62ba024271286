#!/usr/bin/env python3
"""Prints an edition as a newspaper page would be printed, then writes the text a PDF extractor
gets from it: the raw pages the import tests read.

    python3 simulate.py EDITION.yaml PAGE.txt --column 15 --seed 1 [--slogan-after 2 --slogan "A B"]

What it simulates (the same things the sample page from 内蒙古日报 shows):
- bodies hard-wrapped at the column width (CJK 1 em, Latin and digits 1/2 em plus 1/4 em of
  spacing beside CJK), first lines indented 2 em, kinsoku (no closing mark at a line start, no
  opening mark at a line end; closing marks may squeeze into a full line), punctuation pairs
  compressed;
- a line cut short by an unbreakable Latin word or number is justified: extraction turns the
  stretch into spaces between characters (letter-spacing);
- spaces around most digit and Latin runs; the author's own spaces kept;
- blank lines between most paragraphs (not all) and at every column break, even mid-paragraph;
- the dateline and byline lead the first paragraph; a byline-only article starts with a marked
  byline line;
- headline blocks after their bodies: kicker, headline over one or two lines (the shorter line
  letter-spaced), subheadline;
- photo captions and their headline in fake bold, every run printed twice;
- a page slogan after a chosen article;
- `……` extracted as `⋯⋯`.
The output is deterministic for a given seed.
"""
import argparse
import random

import yaml

OPENING = set("“‘「『（《〈【")
CLOSING = set("，。、：；！？”’」』）》〉】")


def is_cjk(c):
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFF60
        or 0x3000 <= o <= 0x303F
        or 0x20000 <= o <= 0x3FFFF
        or c in "“”‘’…—"
    )


def is_punct(tok):
    return tok[0] in OPENING or tok[0] in CLOSING or tok[0] in "…—"


def tokens(text):
    """Unbreakable units: one CJK character, a Latin/digit run, `……`, `——`, a space."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "…—" and i + 1 < len(text) and text[i + 1] == c:
            out.append(c + c)
            i += 2
        elif c == " ":
            out.append(" ")
            i += 1
        elif not is_cjk(c):
            j = i
            while j < len(text) and not is_cjk(text[j]) and text[j] != " ":
                j += 1
            out.append(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return out


def width(tok, prev):
    if tok == " ":
        return 0.5
    if not is_cjk(tok[0]):
        return 0.5 * len(tok) + 0.5
    if is_punct(tok) and prev is not None and is_punct(prev):
        return 0.5 * len(tok)
    return 1.0 * len(tok)


class Page:
    def __init__(self, rng, column_height):
        self.rng = rng
        self.out = []
        self.column_height = column_height
        self.in_column = 0

    def emit(self, line):
        self.out.append(line)
        self.in_column += 1
        if self.in_column >= self.column_height:
            self.blank()
            self.in_column = 0

    def emit_headline(self, line):
        """Headline lines stand outside the body columns: no column break among them."""
        self.out.append(line)

    def blank(self):
        if self.out and self.out[-1] != "":
            self.out.append("")

    def render(self, toks, spaced):
        """The extracted text of one printed line."""
        s = ""
        prev = None
        for t in toks:
            if t == " ":
                s += " "
                prev = t
                continue
            latin = not is_cjk(t[0])
            gap = False
            if prev is not None and prev != " ":
                if spaced:
                    gap = not (prev[-1] in CLOSING or t[0] in OPENING)
                elif latin != (not is_cjk(prev[-1])) and not is_punct(prev[-1]) and not is_punct(t):
                    gap = self.rng.random() < 0.85
            if gap and not s.endswith(" "):
                s += " "
            s += t.replace("…", "⋯")
            prev = t
        return s.strip()

    def paragraph(self, text, col, indent=2.0):
        toks = tokens(text)
        line, used, avail = [], 0.0, col - indent
        for tok in toks:
            w = width(tok, line[-1] if line else None)
            fits = used + w <= avail + 1e-9
            squeezes = (tok[0] in CLOSING or tok[0] == "…") and used + w <= avail + 1.0
            if fits or squeezes or not line:
                line.append(tok)
                used += w
                continue
            carry = []
            while line and line[-1][0] in OPENING:
                carry.insert(0, line.pop())
            if (tok[0] in CLOSING or tok[0] == "…") and line:
                carry.insert(0, line.pop())
            short = avail - sum(width(t, None) for t in line)
            self.emit(self.render(line, spaced=short >= 1.0))
            line = carry + [tok]
            used = sum(width(t, None) for t in line)
            avail = col
        if line:
            self.emit(self.render(line, spaced=False))


def spaced_out(text):
    """A headline line letter-spaced to a wider neighbour; the author's space, wider than the
    letter-spacing, comes out as two spaces."""
    toks = tokens(text)
    s = ""
    for i, t in enumerate(toks):
        if t == " ":
            continue
        if i > 0 and toks[i - 1] == " ":
            s += "  "
        elif i > 0 and not (toks[i - 1][-1] in CLOSING or t[0] in OPENING):
            s += " "
        s += t
    return s


def doubled(text):
    """Fake bold: every run of letters, or of punctuation, printed twice; spaces once."""
    out = ""
    i = 0
    while i < len(text):
        if text[i] == " ":
            out += " "
            i += 1
            continue
        kind = is_punct(text[i])
        j = i
        while j < len(text) and text[j] != " " and is_punct(text[j]) == kind:
            j += 1
        out += text[i:j] * 2
        i = j
    return out


def headline_lines(headline, max_width):
    if len(headline) <= max_width:
        return [headline]
    if " " in headline:
        a, b = headline.split(" ", 1)
        return [a, b]
    half = (len(headline) + 1) // 2
    return [headline[:half], headline[half:]]


def headline_block(page, a, paragraphs, args, rng):
    """Kicker, headline over one or two lines (the shorter letter-spaced), subheadline."""
    if a.get("kicker"):
        page.emit_headline(a["kicker"])
        if rng.random() < 0.5:
            page.blank()
    lines = headline_lines(a["headline"], args.headline_width)
    if len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) >= 2 and rng.random() < 0.8:
        shorter = 0 if len(lines[0]) < len(lines[1]) else 1
        lines[shorter] = spaced_out(lines[shorter])
    if a.get("images") and not paragraphs:
        lines = [doubled(l) for l in lines]
    for line in lines:
        page.emit_headline(page.render(tokens(line), spaced=False) if " " not in line.strip() else line)
    if a.get("subheadline"):
        sub = a["subheadline"]
        page.emit_headline(spaced_out(sub) if not sub.startswith("—") and rng.random() < 0.5 else sub)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edition")
    ap.add_argument("page")
    ap.add_argument("--column", type=float, default=17)
    ap.add_argument("--column-height", type=int, default=30)
    ap.add_argument("--headline-width", type=int, default=13)
    ap.add_argument("--caption-column", type=float, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slogan-after", type=int, default=-1)
    ap.add_argument("--slogan", default="")
    ap.add_argument("--headline-before", action="store_true", help="print headlines above bodies")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    edition = yaml.safe_load(open(args.edition, encoding="utf-8"))
    page = Page(rng, args.column_height)
    for k, a in enumerate(a for s in edition["sections"] for a in s["articles"]):
        paragraphs = [p.strip() for p in (a.get("body") or "").split("\n\n") if p.strip()]
        if args.headline_before:
            page.blank()
            headline_block(page, a, paragraphs, args, rng)
            page.blank()
        if paragraphs:
            if a.get("dateline"):
                lead = a["dateline"]
                if a.get("byline"):
                    lead += " （" + a["byline"] + "）"
                else:
                    lead += " "
                paragraphs[0] = lead + paragraphs[0]
            elif a.get("byline"):
                page.emit(rng.choice(["□", "■", ""]) + a["byline"])
                page.blank()
            for i, p in enumerate(paragraphs):
                if i > 0 and rng.random() < 0.8:
                    page.blank()
                page.paragraph(p, args.column)
        for image in a.get("images") or []:
            caption = image.get("caption", "")
            if image.get("credit"):
                caption += " " + image["credit"]
            sub = Page(rng, 10**6)
            sub.paragraph(caption, args.caption_column)
            for line in sub.out:
                page.emit(doubled(line))
        if not args.headline_before:
            page.blank()
            headline_block(page, a, paragraphs, args, rng)
        if k == args.slogan_after and args.slogan:
            page.blank()
            for line in args.slogan.split("/"):
                page.emit_headline(line.strip())
        if rng.random() < 0.5:
            page.blank()
    with open(args.page, "w", encoding="utf-8") as f:
        f.write("\n".join(page.out).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
