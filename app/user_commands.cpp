// `grantflow user list|disable|enable|set-role`: the operator's way to
// administer staff accounts, through the same service and rules as the
// HTTP API (services::StaffService): audited, the last active administrator
// stays, a disabled account's sessions end at once. `grantflow user add`
// is in database_commands.cpp.
#include <iomanip>
#include <sstream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/operator_support.hpp"
#include "app/settings.hpp"
#include "app/setup.hpp"

namespace grantflow::app {

namespace {

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

void printUser(std::ostream& out, const engine::User& u) {
    std::string programmes;
    for (const auto& p : u.programmes) programmes += (programmes.empty() ? "" : ",") + p;
    out << std::left << std::setw(5) << u.id << " " << std::setw(32) << u.email << " "
        << std::setw(9) << engine::toString(u.role) << " " << std::setw(8)
        << (u.active ? "active" : "disabled") << " " << (programmes.empty() ? "-" : programmes)
        << "\n";
}

// The service's refusal as the command's: an argument at fault names it.
[[noreturn]] void refuse(const engine::Error& error, const std::string& argument) {
    std::string message = error.message;
    for (const auto& reason : error.reasons)
        message += "; " + (reason.field == "role" ? std::string("ROLE") : reason.field) + " " +
                   reason.message;
    if (error.code == engine::ErrorCode::NotFound || error.code == engine::ErrorCode::Invalid)
        throw UsageError(argument + ": " + message);
    throw std::runtime_error(message);
}

int listUsers(const CommandLine& cl, std::ostream& out) {
    if (!cl.positional().empty()) throw UsageError("usage: grantflow user list");
    Setup setup(Settings::from(cl));
    auto users = servicesOf(setup, cl).staff().list(commandLineOperator());
    if (!users) refuse(users.error(), "user list");
    for (const auto& u : users.value()) printUser(out, u);
    return 0;
}

int changeUser(const CommandLine& cl, std::ostream& out, const std::string& verb) {
    const std::size_t wanted = verb == "set-role" ? 2 : 1;
    if (cl.positional().size() != wanted)
        throw UsageError(verb == "set-role"
                             ? "usage: grantflow user set-role EMAIL ROLE [--programmes A,B]"
                             : "usage: grantflow user " + verb + " EMAIL");
    if (verb != "set-role" && cl.option("programmes"))
        throw UsageError("--programmes goes with user set-role");
    Setup setup(Settings::from(cl));
    setup.syncProgrammes();
    auto& staff = servicesOf(setup, cl).staff();
    const std::string& email = cl.positional()[0];
    auto user = staff.findByEmail(commandLineOperator(), email);
    if (!user) throw UsageError("EMAIL: no staff account has the e-mail " + email);

    services::StaffUpdate update;
    if (verb == "set-role") {
        update.role = cl.positional()[1];
        if (auto programmes = cl.option("programmes")) update.programmes = splitList(*programmes);
    } else {
        update.active = verb == "enable";
    }
    auto changed = staff.change(commandLineOperator(), user.value().id, update);
    if (!changed) refuse(changed.error(), verb == "set-role" ? "ROLE" : "EMAIL");
    printUser(out, changed.value());
    return 0;
}

}  // namespace

int runUser(const Args& args, std::ostream& out) {
    auto options = kSettingOptions;
    options.insert({"programmes", "templates", "files"});
    CommandLine cl(args, 2, options);
    const std::string verb = args.size() > 1 ? args[1] : "";
    if (verb == "list") return listUsers(cl, out);
    if (verb == "disable" || verb == "enable" || verb == "set-role")
        return changeUser(cl, out, verb);
    throw UsageError(
        "usage: grantflow user list | disable EMAIL | enable EMAIL | set-role EMAIL "
        "ROLE [--programmes A,B]");
}

}  // namespace grantflow::app
