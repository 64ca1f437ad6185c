#!/usr/bin/python3
"""The deliberation's XLSX annex written with Python XlsxWriter, the same
document as grantflow's documents/annex_xlsx.cpp: the same columns, formats,
formulas with their values, frozen header, autofilter, summary per country
with a column chart, properties, constant-memory mode.

Usage: /usr/bin/python3 annex_xlsxwriter.py MODEL.json [--reps R] [--out FILE]
MODEL.json comes from `bench_documents dump-json`. Prints, like
bench_documents: "render_ms X" per repetition, "bytes N", "peak_rss_kb N".
Run with Debian's /usr/bin/python3 (python3-xlsxwriter).
"""
import datetime

import xlsxwriter

import bench_main

EURO = '#,##0.00 "€"'

ANNEX_COLUMNS = [
    ("Bénéficiaire", 42), ("N° RNA", 13), ("N° SIRET", 17), ("N° de tiers", 12),
    ("Pays", 18), ("Ville", 16), ("Projet", 50), ("Montant demandé", 17),
    ("Montant attribué", 17), ("Part du cofinanceur", 17), ("Cofinanceur", 20),
    ("Chapitre", 10), ("Nature", 10), ("Fonction", 10), ("Exercice", 10),
    ("Référence de la demande", 22), ("Note pondérée", 12),
]
SUMMARY_COLUMNS = [("Pays", 32), ("Nombre de subventions", 14), ("Montant demandé", 18),
                   ("Montant attribué", 18)]


def col_range(col, first, last, absolute=False):
    c = xlsxwriter.utility.xl_col_to_name(col)
    d = "$" if absolute else ""
    return f"{d}{c}{d}{first + 1}:{d}{c}{d}{last + 1}"


def header(wb, ws, columns, fmt):
    ws.set_row(0, 32)
    for c, (title, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(0, c, title, fmt)
    ws.freeze_panes(1, 0)


def write_annex(model, path):
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    f_header = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                              "bg_color": "#DDE4EE", "bottom": 1})
    f_text = wb.add_format({"valign": "top"})
    f_euro = wb.add_format({"num_format": EURO, "valign": "top"})
    f_int = wb.add_format({"num_format": "0"})
    f_score = wb.add_format({"num_format": "0.00"})
    f_total_label = wb.add_format({"bold": True, "top": 1})
    f_total_euro = wb.add_format({"bold": True, "top": 1, "num_format": EURO})
    f_total_int = wb.add_format({"bold": True, "top": 1, "num_format": "0"})
    ref = model["reference"]
    wb.set_properties({
        "title": f"{ref} — {model['object']}",
        "subject": f"Annexe de la délibération {ref} — {model['programmeTitle']}",
        "author": "Ville de Paris", "company": "Ville de Paris",
        "category": "Délibération du Conseil de Paris", "keywords": model["programmeCode"],
        "created": datetime.datetime.utcfromtimestamp(model["createdAt"]),
    })

    ws = wb.add_worksheet("Annexe")
    header(wb, ws, ANNEX_COLUMNS, f_header)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    imp = model["imputation"]
    grants = model["grants"]
    per_country = {}
    for i, g in enumerate(grants):
        r = i + 1
        country = g["countryName"]
        for c, v in ((0, g["beneficiary"]), (1, g["rna"]), (2, g["siret"]), (3, g["thirdPartyNumber"]),
                     (4, country), (5, g["city"]), (6, g["project"])):
            if v:
                ws.write_string(r, c, v, f_text)
        ws.write_number(r, 7, g["requestedCents"] / 100.0, f_euro)
        ws.write_number(r, 8, g["grantedCents"] / 100.0, f_euro)
        ws.write_number(r, 9, g["coFundingCents"] / 100.0, f_euro)
        for c, v in ((10, g["coFunder"]), (11, imp["chapter"]), (12, imp["nature"]), (13, imp["function"])):
            if v:
                ws.write_string(r, c, v, f_text)
        ws.write_number(r, 14, imp["financialYear"], f_int)
        ws.write_string(r, 15, g["applicationReference"], f_text)
        if "scoreHundredths" in g:
            ws.write_number(r, 16, g["scoreHundredths"] / 100.0, f_score)
        t = per_country.setdefault(country, [0, 0, 0])
        t[0] += 1
        t[1] += g["requestedCents"]
        t[2] += g["grantedCents"]
    n = len(grants)
    ws.autofilter(0, 0, n, len(ANNEX_COLUMNS) - 1)
    total_row = n + 1
    ws.write_string(total_row, 0, "Total", f_total_label)
    for col, key in ((7, "requestedCents"), (8, "grantedCents"), (9, "coFundingCents")):
        total = sum(g[key] for g in grants)
        ws.write_formula(total_row, col, f"=SUM({col_range(col, 1, n)})", f_total_euro, total / 100.0)

    ss = wb.add_worksheet("Synthèse")
    header(wb, ss, SUMMARY_COLUMNS, f_header)
    countries = "Annexe!" + col_range(4, 1, n, True)
    row = 1
    for country in sorted(per_country, key=lambda s: s.encode("utf-8")):
        count, requested, granted = per_country[country]
        key = f"A{row + 1}"
        ss.write_string(row, 0, country, f_text)
        ss.write_formula(row, 1, f"=COUNTIF({countries},{key})", f_int, count)
        ss.write_formula(row, 2, f"=SUMIF({countries},{key},Annexe!{col_range(7, 1, n, True)})", f_euro,
                         requested / 100.0)
        ss.write_formula(row, 3, f"=SUMIF({countries},{key},Annexe!{col_range(8, 1, n, True)})", f_euro,
                         granted / 100.0)
        row += 1
    last = row - 1
    ss.write_string(row, 0, "Total", f_total_label)
    ss.write_formula(row, 1, f"=SUM({col_range(1, 1, last)})", f_total_int, n)
    ss.write_formula(row, 2, f"=SUM({col_range(2, 1, last)})", f_total_euro,
                     sum(g["requestedCents"] for g in grants) / 100.0)
    ss.write_formula(row, 3, f"=SUM({col_range(3, 1, last)})", f_total_euro,
                     sum(g["grantedCents"] for g in grants) / 100.0)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "Montant attribué",
                      "categories": f"='Synthèse'!{col_range(0, 1, last, True)}",
                      "values": f"='Synthèse'!{col_range(3, 1, last, True)}"})
    chart.set_title({"name": "Montants attribués par pays"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": EURO})
    ss.insert_chart(1, 5, chart, {"x_offset": 10, "y_offset": 10, "x_scale": 1.6, "y_scale": 1.4})
    wb.close()


if __name__ == "__main__":
    bench_main.run(write_annex, "annex", ".xlsx")
