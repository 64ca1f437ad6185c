#pragma once
// Renders a MarkupDocument to PDF bytes: fonts, layout, painting, metadata.
// The common back end of the deliberation, the convention and the letter.
//
// Deterministic: the same document and metadata give the same bytes. The
// creation and modification dates come from `createdAt` (never the clock),
// and PoDoFo derives the trailer /ID from the Info dictionary, which
// carries `contentDigest` (the SHA-256 of the rendered markup), so the ID
// is fixed by the content. Safe to call from several threads at once: each
// call has its own PoDoFo document.

#include <cstddef>
#include <string>

#include "documents/block_markup.hpp"
#include "documents/document_progress.hpp"
#include "documents/pdf_fonts.hpp"
#include "documents/pdf_page_painter.hpp"
#include "engine/time.hpp"

namespace grantflow::documents {

struct PdfMetadata {
    std::string title;
    std::string subject;
    std::string author;         // "Ville de Paris — DGRI"
    std::string contentDigest;  // hex SHA-256 of what was rendered; fixes the /ID
    engine::Timestamp createdAt;
};

struct RenderedPdf {
    std::string bytes;
    std::size_t pages = 0;
};

// Progress runs from `from` to `to` percent. Throws std::runtime_error when
// PoDoFo fails (missing font file, write error).
RenderedPdf renderMarkupPdf(const MarkupDocument& doc, const PdfMetadata& metadata,
                            const PageDecoration& decoration, const Progress& progress = {},
                            int from = 0, int to = 100, const FontFiles& fonts = {});

// "D:20260615090000Z", the PDF date syntax.
std::string pdfDate(engine::Timestamp t);

// Lower-case hex SHA-256 of `data`.
std::string sha256Hex(std::string_view data);

}  // namespace grantflow::documents
