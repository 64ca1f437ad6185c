#include "tests/documents/xlsx_reader.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <stdlib.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace grantflow::testing {

Poco::JSON::Object::Ptr readXlsx(const std::filesystem::path& file, bool valuesOnly) {
    Poco::Process::Args args{std::string(GRANTFLOW_SOURCE_DIR) + "/tests/documents/read_xlsx.py",
                             file.string()};
    if (valuesOnly) args.push_back("--values-only");
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle =
        Poco::Process::launch("/usr/bin/python3", args, nullptr, &outPipe, &errPipe);
    // Drain stderr on another thread so that neither pipe can fill up and
    // block the script.
    std::string err;
    std::thread errReader([&] {
        Poco::PipeInputStream es(errPipe);
        Poco::StreamCopier::copyToString(es, err);
    });
    std::string out;
    Poco::PipeInputStream os(outPipe);
    Poco::StreamCopier::copyToString(os, out);
    errReader.join();
    const int rc = handle.wait();
    if (rc != 0)
        throw std::runtime_error("read_xlsx.py failed (" + std::to_string(rc) + "): " + err);
    return Poco::JSON::Parser().parse(out).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr sheetNamed(const Poco::JSON::Object::Ptr& workbook,
                                   const std::string& name) {
    auto sheets = workbook->getArray("sheets");
    for (std::size_t i = 0; i < sheets->size(); ++i) {
        auto s = sheets->getObject(static_cast<unsigned>(i));
        if (s->getValue<std::string>("name") == name) return s;
    }
    throw std::runtime_error("no sheet " + name);
}

Poco::Dynamic::Var cellAt(const Poco::JSON::Object::Ptr& sheet, std::size_t row,
                          std::size_t column) {
    auto rows = sheet->getArray("rows");
    auto r = rows->getArray(static_cast<unsigned>(row - 1));
    return r->get(static_cast<unsigned>(column - 1));
}

std::string cellText(const Poco::Dynamic::Var& cell) {
    return cell.isEmpty() ? std::string() : cell.convert<std::string>();
}

std::int64_t centsAt(const Poco::JSON::Object::Ptr& sheet, std::size_t row, std::size_t column) {
    const double euros = cellAt(sheet, row, column).convert<double>();
    return std::llround(euros * 100.0);
}

TempFolder::TempFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "grantflow-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace grantflow::testing
