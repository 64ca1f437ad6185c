#pragma once
// Checks a CSV against the SCDL "subventions" schema's field list kept in
// tests/data/open-data/scdl-subventions-2.1.0.json (names in order, types,
// formats, required columns, allowed values, lengths, bounds, and "one of
// idBeneficiaire or rnaBeneficiaire"), and reads its rows. Header-only, for
// the HTTP and the command-line tests of the open data.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace grantflow::testing {

using CsvRow = std::map<std::string, std::string>;

struct ScdlCheck {
    std::vector<std::string> problems;  // empty: the file passes
    std::vector<CsvRow> rows;           // by column name
};

// RFC 4180 records; every record must end with CRLF.
inline std::vector<std::vector<std::string>> parseCsv(const std::string& text,
                                                      std::vector<std::string>& problems) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false, wasQuoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
            wasQuoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            record.push_back(field);
            records.push_back(record);
            record.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else if (c == '\n' || c == '\r') {
            problems.push_back("a line ends without CRLF at byte " + std::to_string(i));
        } else {
            field += c;
        }
    }
    if (quoted) problems.push_back("an unterminated quoted field");
    if (!field.empty() || !record.empty())
        problems.push_back("the last line does not end with CRLF");
    return records;
}

inline std::size_t codePoints(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

inline ScdlCheck checkScdlSubventions(const std::string& csv) {
    std::ifstream in(std::string(GRANTFLOW_TEST_DATA_DIR) +
                     "/open-data/scdl-subventions-2.1.0.json");
    std::stringstream schemaText;
    schemaText << in.rdbuf();
    auto schema = Poco::JSON::Parser().parse(schemaText.str()).extract<Poco::JSON::Object::Ptr>();
    auto fields = schema->getArray("fields");

    ScdlCheck out;
    if (csv.size() >= 3 && csv.compare(0, 3, "\xEF\xBB\xBF") == 0)
        out.problems.push_back("the file starts with a byte order mark");
    auto records = parseCsv(csv, out.problems);
    if (records.empty()) {
        out.problems.push_back("no header row");
        return out;
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < fields->size(); ++i)
        names.push_back(fields->getObject(i)->getValue<std::string>("name"));
    if (records[0] != names)
        out.problems.push_back("the header is not the schema's columns in order");

    static const std::regex kNumber(R"(-?[0-9]+(\.[0-9]+)?)");
    static const std::regex kDate(R"([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))");
    for (std::size_t r = 1; r < records.size(); ++r) {
        const std::string where = "row " + std::to_string(r);
        if (records[r].size() != names.size()) {
            out.problems.push_back(where + " has " + std::to_string(records[r].size()) +
                                   " fields, not " + std::to_string(names.size()));
            continue;
        }
        CsvRow row;
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto f = fields->getObject(static_cast<unsigned>(i));
            const std::string& value = records[r][i];
            const std::string at = where + " " + names[i] + " `" + value + "`";
            row[names[i]] = value;
            if (value.empty()) {
                if (f->getValue<bool>("required")) out.problems.push_back(at + ": required");
                continue;
            }
            const std::string type = f->getValue<std::string>("type");
            if (type == "number") {
                if (!std::regex_match(value, kNumber)) {
                    out.problems.push_back(at + ": not a number with a decimal point");
                } else {
                    const double v = std::stod(value);
                    if (f->has("minimum") && v < f->getValue<double>("minimum"))
                        out.problems.push_back(at + ": below the minimum");
                    if (f->has("maximum") && v > f->getValue<double>("maximum"))
                        out.problems.push_back(at + ": above the maximum");
                }
            } else if (type == "date" && !std::regex_match(value, kDate)) {
                out.problems.push_back(at + ": not a YYYY-MM-DD date");
            } else if (type == "boolean") {
                auto t = f->getArray("trueValues"), fa = f->getArray("falseValues");
                bool ok = false;
                for (std::size_t k = 0; k < t->size(); ++k)
                    ok = ok || t->getElement<std::string>(k) == value;
                for (std::size_t k = 0; k < fa->size(); ++k)
                    ok = ok || fa->getElement<std::string>(k) == value;
                if (!ok) out.problems.push_back(at + ": not an allowed boolean value");
            }
            if (f->has("pattern") &&
                !std::regex_match(value, std::regex(f->getValue<std::string>("pattern").substr(
                                             1, f->getValue<std::string>("pattern").size() - 2))))
                out.problems.push_back(at + ": does not match " +
                                       f->getValue<std::string>("pattern"));
            if (f->has("maxLength") && codePoints(value) > f->getValue<std::size_t>("maxLength"))
                out.problems.push_back(at + ": longer than maxLength");
            if (f->has("enum")) {
                auto allowed = f->getArray("enum");
                bool ok = false;
                for (std::size_t k = 0; k < allowed->size(); ++k)
                    ok = ok || allowed->getElement<std::string>(k) == value;
                if (!ok) out.problems.push_back(at + ": not an allowed value");
            }
        }
        if (row["idBeneficiaire"].empty() && row["rnaBeneficiaire"].empty())
            out.problems.push_back(where + ": neither idBeneficiaire nor rnaBeneficiaire");
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace grantflow::testing
