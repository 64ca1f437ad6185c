#include "tests/plugins/programme_samples.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "tests/plugins/workflow_harness.hpp"

namespace grantflow::testing {

using namespace grantflow::engine;
using Int = Poco::Int64;

const std::vector<Sample>& samples() {
    static const std::vector<Sample> all{
        {"HEALTH",
         Money::fromEuros(50000),
         Money::fromEuros(50000),
         {{"theme", "hiv_aids"},
          {"partner_city", "Bamako"},
          {"country", "ML"},
          {"beneficiaries", Int(5000)},
          {"call_of_paris", true},
          {"start_date", "2026-05-01"},
          {"duration_months", Int(12)},
          {"summary",
           "Screening and treatment of HIV in the health centres of the six communes of "
           "Bamako."}}},
        {"WATER",
         Money::fromEuros(40000),
         Money::fromEuros(40000),
         {{"domain", "water"},
          {"water_use", "drinking_water"},
          {"project_kind", "association_project"},
          {"country", "BF"},
          {"beneficiaries", Int(12000)},
          {"start_date", "2026-06-01"},
          {"duration_months", Int(18)},
          {"summary",
           "Four boreholes and a water tower for the villages around Ouagadougou, run by a "
           "users' committee."}}},
        {"EMERGENCY",
         Money::fromEuros(50000),
         Money::fromEuros(50000),
         {{"crisis_type", "natural_disaster"},
          {"country", "VU"},
          {"crisis_description",
           "Cyclone Pam destroyed most homes and water points on the islands of Vanuatu."},
          {"beneficiaries", Int(3000)},
          {"start_date", "2026-03-10"},
          {"duration_months", Int(3)},
          {"summary",
           "Emergency shelters, water purification kits and medical supplies for 600 "
           "families."}}},
        {"CULTURE_IF",
         Money::fromEuros(30000),
         Money::fromEuros(15000),
         {{"discipline", "theatre"},
          {"project_kind", "international_tour"},
          {"destination_country", "SN"},
          {"destination_city", "Dakar"},
          {"start_date", "2026-10-01"},
          {"performances", Int(6)},
          {"accessibility",
           "Free performances for schools, surtitles in Wolof and French, a relaxed "
           "performance."},
          {"summary",
           "A tour of the troupe's new creation in Dakar and Saint-Louis, with local "
           "artists."}}},
    };
    return all;
}

const Sample& sample(const std::string& programme) {
    for (const auto& s : samples())
        if (s.programme == programme) return s;
    throw std::out_of_range("no sample application for programme " + programme);
}

void reserveOnWaterLine(WorkflowHarness& h, const std::string& line, Money total) {
    const Money most = Money::fromEuros(200000);  // water.json: amount_within max_cents
    FieldValues fields = sample("WATER").fields;
    fields["domain"] = line;
    fields["water_use"] = line == "water" ? "drinking_water" : "sanitation_facilities";
    const Money before = h.store.lineUse("WATER", 2026, line);
    for (Money left = total; left > Money();) {
        const Money amount = std::min(left, most);
        const std::int64_t id = h.createDraft("WATER", amount, fields);
        h.attachRequired(id);
        if (!h.driveTo(id, "approved")) return;
        left -= amount;
    }
    EXPECT_EQ(h.store.lineUse("WATER", 2026, line), before + total) << "line " << line;
}

}  // namespace grantflow::testing
