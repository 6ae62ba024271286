#!/usr/bin/env python3
"""Robustness sweep for `folio import` (run by hand, not by `cargo test`): prints every edition
here and the sample with simulate.py at column widths 14-19 and three seeds (seed 3 with
headlines above bodies), imports each page with the debug binary and scores it against the
edition it came from.

    cargo build && python3 tests/data/import/sweep.py
"""
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
BIN = os.path.join(ROOT, "target", "debug", "folio")
EDITIONS = {
    "nmg-2022-01-03": os.path.join(ROOT, "examples", "nmg-2022-01-03", "edition.yaml"),
    **{
        d: os.path.join(HERE, d, "edition.yaml")
        for d in sorted(os.listdir(HERE))
        if os.path.isfile(os.path.join(HERE, d, "edition.yaml"))
    },
}


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a):
        cur = [i + 1] + [0] * len(b)
        for j, cb in enumerate(b):
            cur[j + 1] = min(prev[j] + (ca != cb), prev[j + 1] + 1, cur[j] + 1)
        prev = cur
    return prev[-1]


def text_and_breaks(article):
    paragraphs = [p for p in (article.get("body") or "").split("\n\n") if p.strip()]
    text, breaks = "", []
    for i, p in enumerate(paragraphs):
        if i:
            breaks.append(len(text))
        text += "".join(p.split())
    for image in article.get("images") or []:
        text += "".join((image.get("caption", "") + image.get("credit", "")).split())
    return text, set(breaks)


def main():
    totals = dict(articles=0, found=0, headlines=0, leads=0, chars=0, right=0, breaks=0, matched=0, spurious=0)
    with tempfile.TemporaryDirectory() as tmp:
        for name, edition in EDITIONS.items():
            want = yaml.safe_load(open(edition, encoding="utf-8"))["sections"][0]["articles"]
            for column in range(14, 20):
                for seed in (1, 2, 3):
                    page = os.path.join(tmp, f"{name}-{column}-{seed}.txt")
                    out = page + ".yaml"
                    cmd = [sys.executable, os.path.join(HERE, "simulate.py"), edition, page,
                           "--column", str(column), "--seed", str(seed),
                           "--column-height", str(20 + 5 * seed), "--headline-width", str(10 + 2 * seed),
                           "--slogan-after", "1", "--slogan", "团结奋斗 再创辉煌"]
                    if seed == 3:
                        cmd.append("--headline-before")
                    subprocess.run(cmd, check=True)
                    run = subprocess.run([BIN, "import", page, "-o", out, "--title", "t", "--date", "2022-01-01"],
                                         capture_output=True, text=True)
                    if run.returncode:
                        print(f"{name} column {column} seed {seed}: import failed: {run.stderr.strip()}")
                        totals["articles"] += len(want)
                        continue
                    got = yaml.safe_load(open(out, encoding="utf-8"))["sections"][0]["articles"]
                    totals["articles"] += len(want)
                    totals["found"] += min(len(got), len(want))
                    heads = sum(any(g["headline"] == w["headline"] for g in got) for w in want)
                    leads = sum(g.get("dateline") == w.get("dateline") and g.get("byline") == w.get("byline")
                                for g, w in zip(got, want))
                    chars = right = breaks = matched = spurious = 0
                    for g, w in zip(got, want):
                        tg, bg = text_and_breaks(g)
                        tw, bw = text_and_breaks(w)
                        chars += len(tw)
                        right += len(tw) - levenshtein(tg, tw)
                        breaks += len(bw)
                        matched += len(bg & bw)
                        spurious += len(bg - bw)
                    for k, v in dict(headlines=heads, leads=leads, chars=chars, right=right, breaks=breaks,
                                     matched=matched, spurious=spurious).items():
                        totals[k] += v
                    print(f"{name} column {column} seed {seed}: articles {len(got)}/{len(want)}, "
                          f"headlines {heads}, dateline+byline {leads}, characters {right / chars:.4f}, "
                          f"breaks {matched}/{breaks} ({spurious} spurious)")
    t = totals
    print(f"total: articles {t['found']}/{t['articles']}, headlines {t['headlines']}/{t['articles']}, "
          f"dateline+byline {t['leads']}/{t['articles']}, characters {t['right'] / t['chars']:.4f}, "
          f"breaks {t['matched']}/{t['breaks']} ({t['spurious']} spurious)")


if __name__ == "__main__":
    main()
