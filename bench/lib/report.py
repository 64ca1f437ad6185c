#!/usr/bin/python3
"""bench/run's report: one line per figure, and the same as JSON.

    report.py FIGURES.tsv MACHINE.tsv [--json FILE]

FIGURES.tsv has one figure a line, tab-separated:
    name value unit peer peer_value ratio_mode aim note
value and peer_value are numbers, or `missing` / `error` (value) and `-`
(peer_value: no peer); ratio_mode is `v/p` (value / peer), `p/v` (peer /
value, for times: how many times faster) or `-`; aim is `-` or conditions
joined by `;`, each `ratio` or `value` then `>=`, `<=`, `<` or `>` and a
number (e.g. `ratio>=0.6`, `value<20;ratio<=1.5`).
MACHINE.tsv has `key<TAB>value` lines (date, CPU, versions...).
Exit status 0; bench/run decides its own from the figures it recorded.
"""
import json
import operator
import re
import sys

OPERATORS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
CONDITION = re.compile(r"^(ratio|value)(>=|<=|>|<)([0-9.]+)$")


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def evaluate(value, ratio, aim):
    """True/False when the aim can be judged, None when there is none."""
    if aim == "-":
        return None
    met = True
    for condition in aim.split(";"):
        m = CONDITION.match(condition)
        if not m:
            raise SystemExit(f"report.py: bad aim {aim!r}")
        subject = value if m.group(1) == "value" else ratio
        if subject is None:
            return False
        met = met and OPERATORS[m.group(2)](subject, float(m.group(3)))
    return met


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main():
    args = sys.argv[1:]
    json_path = None
    if "--json" in args:
        i = args.index("--json")
        json_path = args[i + 1]
        del args[i : i + 2]
    figures_path, machine_path = args

    machine = {}
    with open(machine_path, encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                machine[k] = v

    figures = []
    with open(figures_path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 8:
                raise SystemExit(f"report.py: bad figure line {line!r}")
            name, value_s, unit, peer, peer_s, mode, aim, note = parts
            value, peer_value = number(value_s), number(peer_s)
            ratio = None
            if value is not None and peer_value is not None:
                if mode == "v/p" and peer_value:
                    ratio = value / peer_value
                elif mode == "p/v" and value:
                    ratio = peer_value / value
            status = "ok" if value is not None else value_s
            met = evaluate(value, ratio, aim) if status == "ok" else False
            figures.append(
                {
                    "name": name,
                    "value": value,
                    "unit": unit,
                    "status": status,
                    "peer": None if peer == "-" else peer,
                    "peer_value": peer_value,
                    "ratio": None if ratio is None else round(ratio, 4),
                    "ratio_is": {"v/p": "value / peer", "p/v": "peer / value"}.get(mode),
                    "aim": None if aim == "-" else aim,
                    "met": met,
                    "note": note if note != "-" else None,
                }
            )

    width = max([len(f["name"]) for f in figures] + [6])
    print(f"{'figure':<{width}} {'value':>10} {'unit':<13} {'peer value':>10} {'ratio':>7}  {'aim':<20} met  peer / note")
    for f in figures:
        value = fmt(f["value"]) if f["status"] == "ok" else f["status"].upper()
        met = {True: "yes", False: "NO", None: "-"}[f["met"]]
        aim = f["aim"] or "-"
        extra = " ".join(x for x in (f["peer"] or "", f"({f['note']})" if f["note"] else "") if x)
        print(
            f"{f['name']:<{width}} {value:>10} {f['unit']:<13} {fmt(f['peer_value']):>10} "
            f"{fmt(f['ratio']):>7}  {aim:<20} {met:<4} {extra}".rstrip()
        )

    if json_path:
        document = {
            "date": machine.pop("date", None),
            "mode": machine.pop("mode", None),
            "machine": machine,
            "figures": figures,
        }
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
