#pragma once
// Two versions of a small programme for the tests of workflow versions.
// Version 2 drops `escalated`, adds `under_review`, changes the deadline of
// `submitted`, and the roles, sources and guards of `approve`.

#include <string>

namespace grantflow::testing {

inline const std::string kGrantsV1 = R"({
  // Version 1.
  "programme": "GRANTS", "title": "Grants", "version": 1, "direction": "DGRI",
  "fields": [{"name": "country", "type": "country"}],
  "states": [
    {"name": "draft", "initial": true},
    {"name": "submitted", "deadline": {"within": "P5D", "then": "escalate"}},
    {"name": "escalated"},
    {"name": "approved"},
    {"name": "voted"},
    {"name": "closed", "final": true},
    {"name": "rejected", "final": true}
  ],
  "transitions": [
    {"name": "submit", "from": "draft", "to": "submitted", "roles": ["applicant"]},
    {"name": "escalate", "from": "submitted", "to": "escalated", "roles": ["system"]},
    {"name": "approve", "from": ["submitted", "escalated"], "to": "approved", "roles": ["reviewer"],
     "actions": ["reserve_budget"]},
    {"name": "reject", "from": ["submitted", "escalated"], "to": "rejected", "roles": ["reviewer"]},
    {"name": "vote", "from": "approved", "to": "voted", "roles": ["clerk"], "actions": ["commit_budget"]},
    {"name": "close", "from": "voted", "to": "closed", "roles": ["clerk"], "actions": ["pay_budget"]}
  ]
})";

inline const std::string kGrantsV2 = R"({
  "programme": "GRANTS", "title": "Grants", "version": 2, "direction": "DGRI",
  "fields": [{"name": "country", "type": "country"}],
  "states": [
    {"name": "draft", "initial": true},
    {"name": "submitted", "deadline": {"within": "P10D", "then": "remind"}},
    {"name": "under_review"},
    {"name": "approved"},
    {"name": "voted"},
    {"name": "closed", "final": true},
    {"name": "rejected", "final": true}
  ],
  "transitions": [
    {"name": "submit", "from": "draft", "to": "submitted", "roles": ["applicant"]},
    {"name": "remind", "from": "submitted", "to": "submitted", "roles": ["system"]},
    {"name": "start_review", "from": "submitted", "to": "under_review", "roles": ["reviewer"]},
    {"name": "approve", "from": "under_review", "to": "approved", "roles": ["reviewer", "clerk"],
     "guards": [{"name": "amount_within", "params": {"min_cents": 100, "max_cents": 500000}}],
     "actions": ["reserve_budget"]},
    {"name": "reject", "from": ["submitted", "under_review"], "to": "rejected", "roles": ["reviewer"]},
    {"name": "vote", "from": "approved", "to": "voted", "roles": ["clerk"], "actions": ["commit_budget"]},
    {"name": "close", "from": "voted", "to": "closed", "roles": ["clerk"], "actions": ["pay_budget"]}
  ]
})";

}  // namespace grantflow::testing
