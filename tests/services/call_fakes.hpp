#pragma once
// An in-memory engine::CallStore for the services' tests: the same overlap
// rule and audit actions as store::CallRepository (whose tests run on both
// backends), without a database.

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/call_store.hpp"

namespace grantflow::testing {

class FakeCallStore final : public engine::CallStore {
public:
    std::map<std::int64_t, engine::Call> calls;
    std::vector<std::string> auditActions;  // "call_opened", "call_changed"

    engine::Result<engine::Call> open(const engine::Call& call, const engine::Actor& actor,
                                      engine::Timestamp at) override {
        engine::Call stored = call;
        stored.id = 0;
        if (auto clash = overlapping(stored); !clash) return clash.error();
        stored.id = static_cast<std::int64_t>(calls.size()) + 1;
        stored.createdBy = actor.userId;
        stored.createdAt = at;
        calls[stored.id] = stored;
        auditActions.push_back("call_opened");
        return stored;
    }
    engine::Result<engine::CallChange> change(const engine::Call& updated, const engine::Actor&,
                                              engine::Timestamp) override {
        auto it = calls.find(updated.id);
        if (it == calls.end()) return engine::makeError(engine::ErrorCode::NotFound, "no call");
        engine::Call after = it->second;
        after.title = updated.title;
        after.opensOn = updated.opensOn;
        after.closesOn = updated.closesOn;
        if (auto clash = overlapping(after); !clash) return clash.error();
        engine::CallChange out{it->second, after};
        it->second = after;
        auditActions.push_back("call_changed");
        return out;
    }
    std::optional<engine::Call> find(std::int64_t id) override {
        auto it = calls.find(id);
        return it == calls.end() ? std::nullopt : std::optional(it->second);
    }
    std::vector<engine::Call> list(const std::optional<std::string>& programme) override {
        std::vector<engine::Call> out;
        for (const auto& [id, c] : calls)
            if (!programme || c.programme == *programme) out.push_back(c);
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return std::tie(a.programme, a.opensOn) < std::tie(b.programme, b.opensOn);
        });
        return out;
    }
    std::vector<engine::Call> openOn(engine::CivilDay day) override {
        std::vector<engine::Call> out;
        for (const auto& c : list(std::nullopt))
            if (c.isOpenOn(day)) out.push_back(c);
        return out;
    }

private:
    engine::Status overlapping(const engine::Call& call) const {
        for (const auto& [id, c] : calls)
            if (id != call.id && c.programme == call.programme && c.opensOn <= call.closesOn &&
                c.closesOn >= call.opensOn)
                return engine::makeError(engine::ErrorCode::Conflict,
                                         "overlaps call " + std::to_string(id));
        return engine::Unit{};
    }
};

}  // namespace grantflow::testing
