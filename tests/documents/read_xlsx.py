#!/usr/bin/python3
"""Reads an XLSX file with openpyxl and prints what the tests check, as JSON.

Usage: /usr/bin/python3 read_xlsx.py FILE [--values-only]

openpyxl keeps the cached values of formulas only when it loads with
data_only=True, and the formulas themselves only without it, so the file is
loaded twice (once with --values-only, for large files).

Output:
  {"properties": {"title", "subject", "creator", "created", "keywords",
                  "category", "company"},
   "parts": [names of the zip entries],
   "zip_dates": [distinct dates of the zip entries],
   "sheets": [{"name", "max_row", "max_column", "freeze_panes", "autofilter",
               "charts": [{"type", "series"}],
               "rows": [[cell value, ...], ...],      # cached values
               "formulas": {"H12": "=SUM(H2:H11)"},   # absent with --values-only
               "number_formats": {"H": ["#,##0.00 \\"€\\""]}}]}
number_formats lists, per column, the distinct formats of the numeric cells
below the header row. Dates are printed in ISO 8601.
"""
import datetime
import json
import re
import sys
import zipfile

import openpyxl


def cell_value(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def parts(path):
    with zipfile.ZipFile(path) as z:
        return sorted(z.namelist())


def zip_dates(path):
    """The distinct modification dates of the zip entries, "YYYY-MM-DD hh:mm:ss"."""
    with zipfile.ZipFile(path) as z:
        return sorted({"%04d-%02d-%02d %02d:%02d:%02d" % i.date_time for i in z.infolist()})


def company(path):
    with zipfile.ZipFile(path) as z:
        try:
            app = z.read("docProps/app.xml").decode("utf-8")
        except KeyError:
            return None
    m = re.search(r"<Company>(.*?)</Company>", app)
    return m.group(1) if m else None


def main():
    path = sys.argv[1]
    values_only = "--values-only" in sys.argv[2:]
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = None if values_only else openpyxl.load_workbook(path, data_only=False)

    p = values.properties
    out = {
        "properties": {
            "title": p.title,
            "subject": p.subject,
            "creator": p.creator,
            "created": p.created.isoformat() if p.created else None,
            "keywords": p.keywords,
            "category": p.category,
            "company": company(path),
        },
        "parts": parts(path),
        "zip_dates": zip_dates(path),
        "sheets": [],
    }
    for ws in values.worksheets:
        sheet = {
            "name": ws.title,
            "max_row": ws.max_row,
            "max_column": ws.max_column,
            "freeze_panes": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "charts": [
                {"type": type(c).__name__ + ("/" + c.type if hasattr(c, "type") and c.type else ""),
                 "series": len(c.series)}
                for c in ws._charts
            ],
            "rows": [],
            "number_formats": {},
        }
        formats = {}
        for r, row in enumerate(ws.iter_rows(), start=1):
            sheet["rows"].append([cell_value(c.value) for c in row])
            if r == 1:
                continue
            for c in row:
                if isinstance(c.value, (int, float)) or isinstance(c.value, datetime.datetime):
                    formats.setdefault(c.column_letter, set()).add(c.number_format)
        sheet["number_formats"] = {k: sorted(v) for k, v in sorted(formats.items())}
        if formulas is not None:
            fws = formulas[ws.title]
            sheet["formulas"] = {
                c.coordinate: c.value
                for row in fws.iter_rows()
                for c in row
                if c.data_type == "f"
            }
        out["sheets"].append(sheet)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
