#pragma once
// Budget movements on envelopes, and the ledger that records each one.
//
// An envelope row holds the running totals (reserved, committed, paid) for
// one programme and year; every movement changes them with one conditional
// UPDATE whose WHERE clause states the movement's precondition, so the
// check and the change are a single atomic step on both backends:
//
//   reserve             reserved += a   if reserved + committed + paid + a <= amount
//   release_reservation reserved -= a   if reserved >= a
//   commit              reserved -= a, committed += a   if reserved >= a
//   release_commitment  committed -= a  if committed >= a
//   pay                 committed -= a, paid += a       if committed >= a
//
// On PostgreSQL (READ COMMITTED) a concurrent UPDATE of the same row waits
// for the row lock and then re-evaluates the WHERE clause against the
// committed row, so two processes can never both squeeze into the last
// euro. On SQLite writers are serialised by BEGIN IMMEDIATE.
//
// The ledger keeps one row per movement (kind as engine::toString(BudgetMove)).
// The net use of a line is reserve - release_reservation - release_commitment:
// commit and pay move money between columns without changing the total.
//
// All functions run on a session inside a transaction opened by the caller.

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "engine/budget.hpp"
#include "engine/result.hpp"
#include "engine/transition_change.hpp"

namespace grantflow::store {

// A zero envelope (all amounts 0) when no row exists.
engine::BudgetUse readBudgetUse(soci::session& sql, const std::string& programme, int year);

// Net reserved + committed + paid on one sub-line of an envelope; only what
// `applicationId` holds when it is given.
engine::Money readLineUse(soci::session& sql, const std::string& programme, int year,
                          const std::string& line,
                          std::optional<std::int64_t> applicationId = std::nullopt);

// Applies one movement to its envelope. BudgetExceeded when a reservation
// does not fit (or there is no envelope); Invalid for a negative amount or a
// release/commit/payment larger than what it draws on. Nothing is changed
// on error; the caller rolls back the transaction.
engine::Status moveEnvelope(soci::session& sql, const engine::BudgetMovement& movement);

void recordLedgerEntry(soci::session& sql, const engine::BudgetMovement& movement,
                       std::int64_t applicationId, std::int64_t auditSeq, engine::Timestamp at);

}  // namespace grantflow::store
