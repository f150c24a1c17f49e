"""Merges the per-version lists of ExtractOptions.java into data/flink-options.tsv; with
--filesystems those of ExtractFileSystems.java into data/flink-filesystems.tsv, with --sensitive
those of ExtractSensitiveKeys.java into data/flink-sensitive-keys.tsv.

Usage: merge.py [--filesystems|--sensitive] DIR VERSION...   (DIR holds VERSION.tsv,
VERSION.fs.tsv or VERSION.sensitive.tsv for every version, oldest first)

One row per key and run of facts: a key whose facts are the same in several lines gets one row
naming those lines (`1.10-1.20`, `1.13,1.15-2.3`).
"""
import sys

mode = sys.argv[1] if sys.argv[1].startswith("--") else "--options"
arguments = sys.argv[2:] if mode != "--options" else sys.argv[1:]
directory, versions = arguments[0], arguments[1:]
lines = [".".join(v.split(".")[:2]) for v in versions]
suffix = {"--options": ".tsv", "--filesystems": ".fs.tsv", "--sensitive": ".sensitive.tsv"}[mode]

facts = {}  # key -> {line: (facts...)}
for version, line in zip(versions, lines):
    with open(f"{directory}/{version}{suffix}", encoding="utf-8") as f:
        for row in f:
            key, *rest = row.rstrip("\n").split("\t")
            facts.setdefault(key, {})[line] = tuple(rest)


def ranges(indices):
    """[0, 1, 2, 5] -> '1.10-1.12,1.15' over `lines`."""
    parts, start = [], None
    for i, index in enumerate(indices):
        if start is None:
            start = index
        if i + 1 == len(indices) or indices[i + 1] != index + 1:
            parts.append(lines[start] if start == index else f"{lines[start]}-{lines[index]}")
            start = None
    return ",".join(parts)


if mode == "--sensitive":
    print("# The fragments that make a configuration key sensitive, per Flink line: Flink hides the")
    print("# value of a key holding one, ignoring case (GlobalConfiguration.SENSITIVE_KEYS, read from")
    print("# Flink's own jars by scripts/gen-flink-options).")
    print("# lines: " + " ".join(f"{l}={v}" for l, v in zip(lines, versions)))
    print("# fragment\tlines\t-")
elif mode == "--filesystems":
    print("# URI schemes Flink serves only through a file-system plugin, per Flink line, with the plugins")
    print("# that serve each (FileSystem.DIRECTLY_SUPPORTED_FILESYSTEM, read from Flink's own jars by")
    print("# scripts/gen-flink-options; lines before Flink 1.11 have no such map).")
    print("# lines: " + " ".join(f"{l}={v}" for l, v in zip(lines, versions)))
    print("# scheme\tlines\tplugins")
else:
    print("# Flink's configuration options, per Flink line: facts read from Flink's own jars by")
    print("# scripts/gen-flink-options (keys, types, defaults, fallback keys; nothing else).")
    print("# lines: " + " ".join(f"{l}={v}" for l, v in zip(lines, versions)))
    print("# key\tlines\ttype\tdefault\tfallbacks\tdeprecated")
    print("#   type: string int long float double boolean duration memory map enum:<class>:A|B list:<type> class:<name>")
    print("#   default: a JSON string as Flink parses it back, or null; fallbacks: keys, ~ marks a deprecated one")
for key in sorted(facts):
    groups = {}
    for index, line in enumerate(lines):
        if line in facts[key]:
            groups.setdefault(facts[key][line], []).append(index)
    for value, indices in sorted(groups.items(), key=lambda g: g[1][0]):
        print("\t".join([key, ranges(indices), *value]))
