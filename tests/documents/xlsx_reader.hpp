#pragma once
// Reads an XLSX file back with a real reader, openpyxl, through
// tests/documents/read_xlsx.py run by Debian's /usr/bin/python3 (a pyenv
// `python3` on PATH may not see python3-openpyxl). See the script for the
// JSON it returns.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace grantflow::testing {

// Throws std::runtime_error when the script fails (its stderr in the message).
Poco::JSON::Object::Ptr readXlsx(const std::filesystem::path& file, bool valuesOnly = false);

// The sheet called `name` of readXlsx's answer; throws when absent.
Poco::JSON::Object::Ptr sheetNamed(const Poco::JSON::Object::Ptr& workbook,
                                   const std::string& name);

// A cell of a sheet's "rows", row and column one-based as in Excel.
Poco::Dynamic::Var cellAt(const Poco::JSON::Object::Ptr& sheet, std::size_t row,
                          std::size_t column);

// A cell's text; an empty cell is "".
std::string cellText(const Poco::Dynamic::Var& cell);

// An amount cell read back as cents (openpyxl gives a double in euros).
std::int64_t centsAt(const Poco::JSON::Object::Ptr& sheet, std::size_t row, std::size_t column);

// A fresh folder under the system temp folder, removed with its content.
class TempFolder {
public:
    TempFolder();
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string readBytes(const std::filesystem::path& file);

}  // namespace grantflow::testing
