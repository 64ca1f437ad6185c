#include "documents/markup_pdf.hpp"

#include <Poco/DeflatingStream.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <podofo/podofo.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "documents/page_layout.hpp"

namespace grantflow::documents {
namespace {

PoDoFo::PdfString utf8(const std::string& s) {
    return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

// Content streams are mostly hex glyph ids and coordinates: the fastest zlib
// level compresses them nearly as well as the default, at a third of the
// time (PoDoFo's own Flate filter always uses the default level).
constexpr int kContentCompressionLevel = 1;

std::string deflate(const std::string& data) {
    std::ostringstream out;
    Poco::DeflatingOutputStream deflater(out, Poco::DeflatingStreamBuf::STREAM_ZLIB,
                                         kContentCompressionLevel);
    deflater.write(data.data(), static_cast<std::streamsize>(data.size()));
    deflater.close();
    return std::move(out).str();
}

void addPage(PoDoFo::PdfMemDocument& doc, const PageGeometry& g, const std::string& content,
             PdfFonts& fonts) {
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfRect(0, 0, g.width, g.height));
    PoDoFo::PdfDictionary fontDict;
    fontDict.AddKey(kRegularFontResource,
                    fonts.face(FontStyle::Regular).font()->GetObject()->Reference());
    fontDict.AddKey(kBoldFontResource,
                    fonts.face(FontStyle::Bold).font()->GetObject()->Reference());
    page->GetResources()->GetDictionary().AddKey("Font", fontDict);
    PoDoFo::PdfObject* contents = page->GetContents();
    const std::string compressed = deflate(content);
    PoDoFo::PdfMemoryInputStream input(compressed.data(),
                                       static_cast<PoDoFo::pdf_long>(compressed.size()));
    contents->GetStream()->SetRawData(&input);
    contents->GetDictionary().AddKey("Filter", PoDoFo::PdfName("FlateDecode"));
}

void setInfo(PoDoFo::PdfMemDocument& doc, const PdfMetadata& m) {
    PoDoFo::PdfInfo* info = doc.GetInfo();
    info->SetTitle(utf8(m.title));
    if (!m.subject.empty()) info->SetSubject(utf8(m.subject));
    if (!m.author.empty()) info->SetAuthor(utf8(m.author));
    info->SetCreator(PoDoFo::PdfString("grantflow"));
    info->SetProducer(PoDoFo::PdfString("grantflow (PoDoFo 0.9)"));
    // PoDoFo stamps the current time: replace it with the document's own date.
    PoDoFo::PdfDictionary& dict = info->GetObject()->GetDictionary();
    const PoDoFo::PdfString date(pdfDate(m.createdAt));
    dict.AddKey("CreationDate", date);
    dict.AddKey("ModDate", date);
    dict.AddKey("SourceDigest", PoDoFo::PdfString(m.contentDigest));
}

}  // namespace

std::string pdfDate(engine::Timestamp t) {
    const auto days = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd(days);
    const std::chrono::hh_mm_ss hms(t - days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "D:%04d%02u%02u%02d%02d%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string sha256Hex(std::string_view data) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(data.data(), static_cast<unsigned>(data.size()));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

RenderedPdf renderMarkupPdf(const MarkupDocument& doc, const PdfMetadata& metadata,
                            const PageDecoration& decoration, const Progress& progress, int from,
                            int to, const FontFiles& fontFiles) {
    const int span = to - from;
    try {
        PoDoFo::PdfMemDocument pdf;
        PdfFonts fonts(pdf, fontFiles);
        const Layout layout =
            layoutPages(doc, fonts, PageGeometry{}, progress, from, from + span / 2);

        PdfPagePainter painter(fonts, layout, decoration);
        int reported = from + span / 2;
        for (std::size_t i = 0; i < layout.pages.size(); ++i) {
            addPage(pdf, layout.geometry, painter.paint(i), fonts);
            const int percent = from + span / 2 +
                                static_cast<int>(span * 0.45 * static_cast<double>(i + 1) /
                                                 static_cast<double>(layout.pages.size()));
            if (progress && percent >= reported + 5) {
                reported = percent;
                progress(percent);
            }
        }
        fonts.registerUsedGlyphs();
        setInfo(pdf, metadata);

        PoDoFo::PdfRefCountedBuffer buffer;
        PoDoFo::PdfOutputDevice device(&buffer);
        pdf.Write(&device);
        RenderedPdf out{std::string(buffer.GetBuffer(), device.Tell()), layout.pages.size()};
        if (progress) progress(to);
        return out;
    } catch (const PoDoFo::PdfError& e) {
        throw std::runtime_error(std::string("PDF generation failed: ") +
                                 PoDoFo::PdfError::ErrorMessage(e.GetError()));
    }
}

}  // namespace grantflow::documents
