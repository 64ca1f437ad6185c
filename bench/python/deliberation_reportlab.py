#!/usr/bin/python3
"""The Council deliberation as PDF with reportlab, the same document as
grantflow's templates/deliberation.fr.mustache laid out by documents/:
running header with the reference, "page X / Y" footer, department header,
title, exposé des motifs with a paragraph per project, the programme's "Vu …"
citations, "Délibère :", one
justified article per grant, the convention and imputation articles, then the
recapitulative table (header row repeated on every page, amounts
right-aligned, total row). DejaVu Sans (regular and bold) embedded as subsets,
as grantflow does, so that accents and € survive text extraction.

Usage: /usr/bin/python3 deliberation_reportlab.py MODEL.json [--reps R] [--out FILE]
MODEL.json comes from `bench_documents dump-json`. Prints "render_ms X" per
repetition, "bytes N", "peak_rss_kb N". Run with Debian's /usr/bin/python3
(python3-reportlab).
"""
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

import bench_main

NNBSP = "\u202f"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
pdfmetrics.registerFont(TTFont("DejaVu", f"{FONT_DIR}/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{FONT_DIR}/DejaVuSans-Bold.ttf"))
pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold")


def euros(cents):
    """ "25 000 €", "25 000,50 €": grantflow's formatEuros."""
    neg = cents < 0
    cents = abs(cents)
    whole = str(cents // 100)
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NNBSP.join(groups)
    if cents % 100:
        text += f",{cents % 100:02d}"
    return ("-" if neg else "") + text + NNBSP + "€"


BODY = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=13, alignment=TA_JUSTIFY, spaceAfter=6)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=TA_RIGHT)
TITLE = ParagraphStyle("title", parent=BODY, fontName="DejaVu-Bold", fontSize=13, leading=17, alignment=TA_CENTER,
                       spaceAfter=8)
H1 = ParagraphStyle("h1", parent=BODY, fontName="DejaVu-Bold", fontSize=12, leading=16, alignment=TA_CENTER,
                    spaceBefore=8, spaceAfter=8)
H2 = ParagraphStyle("h2", parent=BODY, fontName="DejaVu-Bold", fontSize=11, leading=14, spaceBefore=6)
ARTICLE = ParagraphStyle("article", parent=BODY, fontName="DejaVu-Bold", spaceBefore=4, spaceAfter=2)
CELL = ParagraphStyle("cell", fontName="DejaVu", fontSize=9, leading=11)


class NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end so that the footer can say "page X / Y"."""

    def __init__(self, *args, running="", **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._running = running

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("DejaVu", 8)
            self.drawString(20 * mm, A4[1] - 12 * mm, self._running)
            self.drawRightString(A4[0] - 20 * mm, 10 * mm, f"page {self._pageNumber} / {total}")
            super().showPage()
        super().save()


def para(text, style=BODY):
    return Paragraph(escape(text), style)


def story(m):
    grants = m["grants"]
    total = euros(sum(g["grantedCents"] for g in grants))
    imp = m["imputation"]
    ref = m["reference"]
    s = [Paragraph(f"<b>{escape(m['departmentHeader'])}</b>", CENTER), Spacer(0, 16),
         para(f"{ref} {m['object']}", TITLE), Spacer(0, 6),
         para("PROJET DE DÉLIBÉRATION", H1), para("EXPOSÉ DES MOTIFS", H1),
         para("Mesdames, Messieurs,"),
         para("La Ville de Paris soutient depuis de nombreuses années les associations parisiennes et les "
              "collectivités partenaires qui agissent en faveur de la solidarité internationale. Au titre du "
              f"programme « {m['programmeTitle']} », elle accompagne des projets portés par des associations au "
              "plus près des populations les plus vulnérables."),
         para(f"Je vous propose d'attribuer {len(grants)} subventions, pour un montant total de {total}, aux "
              "associations présentées dans le tableau récapitulatif annexé au présent projet de délibération.")]
    for g in grants:
        where = f" {g['inCountry']}" if g["inCountry"] else ""
        summary = f" {g['summary']}" if g["summary"] else ""
        s.append(Paragraph(f"<b>{escape(g['beneficiary'])}</b>"
                           + escape(f" — « {g['project']} »{where}, {euros(g['grantedCents'])}.{summary}"), BODY))
    conventions = [i + 1 for i, g in enumerate(grants) if g["conventionRequired"]]
    if conventions:
        s.append(para("Conformément au décret n° 2001-495 du 6 juin 2001, les subventions d'un montant supérieur "
                      "à 23 000 € font l'objet d'une convention entre la Ville de Paris et l'association "
                      "bénéficiaire, que je vous demande de m'autoriser à signer."))
    budget = (f"chapitre {imp['chapter']}, nature {imp['nature']}, fonction {imp['function']} du budget de "
              f"fonctionnement de la Ville de Paris de l'exercice {imp['financialYear']}")
    s += [para(f"La dépense correspondante sera imputée sur le {budget}."),
          para("Je vous prie, Mesdames, Messieurs, de bien vouloir en délibérer."),
          para("La Maire de Paris", RIGHT), Spacer(0, 20), HRFlowable(width="100%"),
          Paragraph(f"<b>{escape(ref + ' ' + m['object'])}</b>", CENTER), Spacer(0, 10),
          para("Le Conseil de Paris, siégeant en formation de Conseil municipal,"),
          *[para(line) for line in (m["legalBases"] or ["Vu le Code général des collectivités territoriales ;"])],
          para(f"Vu le projet de délibération en date du {m['documentDate']} par lequel la Maire de Paris lui propose "
               f"d'attribuer des subventions au titre du programme « {m['programmeTitle']} » ;"),
          para(f"Sur le rapport présenté par {m['rapporteur']}{' au nom de la ' + m['commission'] if m['commission'] else ''},"),
          para("Délibère :", H2)]
    for i, g in enumerate(grants):
        rna = f" ; RNA : {g['rna']}" if g["rna"] else ""
        cof = (f", cofinancé par {g['coFunder']} à hauteur de {euros(g['coFundingCents'])}"
               if g["coFundingCents"] else "")
        s.append(para(f"Article {i + 1} :", ARTICLE))
        tiers = (escape(f"numéro de tiers : {g['thirdPartyNumber']}") if g["thirdPartyNumber"]
                 else "<b>numéro de tiers à attribuer</b>")
        where = f" {g['inCountry']}" if g["inCountry"] else ""
        s.append(Paragraph(escape(f"Une subvention d'un montant de {euros(g['grantedCents'])} est attribuée à "
                                  f"l'association {g['beneficiary']} (siège : {g['seat']} ; ") + tiers +
                           escape(f"{rna}) pour le projet « {g['project']} »{where}{cof}."), BODY))
    article = len(grants) + 1
    if conventions:
        listed = ", ".join(str(a) for a in conventions[:-1]) + (" et " if len(conventions) > 1 else "") + \
            str(conventions[-1])
        s.append(para(f"Article {article} :", ARTICLE))
        s.append(para("La Maire de Paris est autorisée à signer avec les associations bénéficiaires d'une "
                      f"subvention d'un montant supérieur à 23 000 € (articles {listed}) les conventions dont le "
                      "texte est joint à la présente délibération."))
        article += 1
    s.append(para(f"Article {article} :", ARTICLE))
    s.append(para(f"La dépense correspondante, d'un montant total de {total}, sera imputée sur le {budget}, sous "
                  "réserve de la décision de financement."))
    s += [PageBreak(), para("ANNEXE : TABLEAU RÉCAPITULATIF DES SUBVENTIONS", H1),
          para(f"{ref} — {m['programmeTitle']}", CENTER)]
    rows = [["N°", "Bénéficiaire", "Pays", "Montant"]]
    for i, g in enumerate(grants):
        rows.append([str(i + 1), Paragraph(escape(g["beneficiary"]), CELL), Paragraph(escape(g["countryName"]), CELL),
                     euros(g["grantedCents"])])
    rows.append(["", "Total", "", total])
    width = A4[0] - 40 * mm
    table = Table(rows, colWidths=[width * k / 18 for k in (1, 9, 4, 4)], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "DejaVu", 9),
        ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 9),
        ("FONT", (0, -1), (-1, -1), "DejaVu-Bold", 9),
        ("ALIGN", (0, 0), (0, -1), "RIGHT"),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    s.append(table)
    return s


def render(m, path):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=f"{m['reference']} {m['object']}", author="Ville de Paris",
                            invariant=1)
    running = f"{m['reference']} — {m['departmentHeader']}"
    doc.build(story(m), canvasmaker=lambda *a, **k: NumberedCanvas(*a, running=running, **k))


if __name__ == "__main__":
    bench_main.run(render, "deliberation", ".pdf")
