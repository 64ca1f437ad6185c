#include "store/audit_trail_reader.hpp"

#include <limits>

#include "store/audit_chain.hpp"
#include "store/audit_verifier.hpp"

namespace grantflow::store {

std::vector<engine::AuditEntry> AuditTrailReader::page(std::optional<std::int64_t> beforeSeq,
                                                       int limit) {
    auto s = db_.session();
    AuditRow row;
    long long before = beforeSeq.value_or(std::numeric_limits<long long>::max());
    int count = limit;
    soci::statement st(*s);
    row.bind(st);
    st.exchange(soci::use(before));
    st.exchange(soci::use(count));
    st.alloc();
    st.prepare(std::string("SELECT ") + AuditRow::kColumns +
               " FROM audit_entries WHERE seq < :before ORDER BY seq DESC LIMIT :n");
    st.define_and_bind();
    st.execute();
    std::vector<engine::AuditEntry> out;
    while (st.fetch()) out.push_back(row.toEntry());
    return out;
}

engine::AuditCheck AuditTrailReader::verify() {
    AuditVerification v = AuditVerifier(db_).verify();
    return engine::AuditCheck{v.ok(), v.entriesChecked, v.brokenSeq, toString(v.problem), v.detail};
}

}  // namespace grantflow::store
