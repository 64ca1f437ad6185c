#include "store/migrations.hpp"

#include <stdexcept>

#include "engine/time.hpp"
#include "store/database.hpp"

namespace grantflow::store {

namespace {

// Conventions: timestamps are TEXT "YYYY-MM-DDTHH:MM:SSZ" (UTC; sorts and
// compares correctly as text on both backends); money is BIGINT cents in
// columns ending in _cents; identifiers of other rows are BIGINT.
const std::vector<Migration> kMigrations = {
    {1,
     "initial schema",
     {
         R"(CREATE TABLE programmes (
                code TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                direction TEXT NOT NULL DEFAULT ''))",

         R"(CREATE TABLE organisations (
                id {{id}},
                name TEXT NOT NULL,
                rna TEXT NOT NULL DEFAULT '',
                siret TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                city TEXT NOT NULL DEFAULT '',
                country TEXT NOT NULL DEFAULT '',
                iban TEXT NOT NULL DEFAULT '',
                active_in_paris_since TEXT NULL,
                third_party_number TEXT NOT NULL DEFAULT ''))",

         R"(CREATE TABLE users (
                id {{id}},
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                organization_id BIGINT NULL REFERENCES organisations (id),
                created_at TEXT NOT NULL))",
         "CREATE INDEX users_organization ON users (organization_id)",

         // Reviewer assignments. No foreign key to programmes: accounts may
         // be assigned to a programme before its workflow file is loaded.
         R"(CREATE TABLE user_programmes (
                user_id BIGINT NOT NULL REFERENCES users (id),
                programme TEXT NOT NULL,
                PRIMARY KEY (user_id, programme)))",

         R"(CREATE TABLE envelopes (
                programme TEXT NOT NULL REFERENCES programmes (code),
                year INTEGER NOT NULL,
                amount_cents BIGINT NOT NULL,
                reserved_cents BIGINT NOT NULL DEFAULT 0,
                committed_cents BIGINT NOT NULL DEFAULT 0,
                paid_cents BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (programme, year),
                CHECK (amount_cents >= 0 AND reserved_cents >= 0 AND committed_cents >= 0
                       AND paid_cents >= 0),
                CHECK (reserved_cents + committed_cents + paid_cents <= amount_cents)))",

         // reference is NULL only inside the transaction that inserts the
         // row (it derives from the id).
         R"(CREATE TABLE applications (
                id {{id}},
                reference TEXT NULL UNIQUE,
                programme TEXT NOT NULL,
                workflow_version INTEGER NOT NULL,
                organization_id BIGINT NOT NULL REFERENCES organisations (id),
                title TEXT NOT NULL,
                amount_requested_cents BIGINT NOT NULL,
                amount_granted_cents BIGINT NULL,
                partner_share_cents BIGINT NOT NULL DEFAULT 0,
                fields_json TEXT NOT NULL DEFAULT '{}',
                state TEXT NOT NULL,
                version BIGINT NOT NULL,
                year INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                state_entered_at TEXT NOT NULL,
                deadline_at TEXT NULL,
                report_due_at TEXT NULL,
                report_received_at TEXT NULL))",
         "CREATE INDEX applications_programme ON applications (programme, year, state)",
         "CREATE INDEX applications_organization ON applications (organization_id)",
         "CREATE INDEX applications_deadline ON applications (deadline_at) WHERE deadline_at IS "
         "NOT NULL",
         R"(CREATE INDEX applications_report_due ON applications (organization_id, report_due_at)
                WHERE report_due_at IS NOT NULL AND report_received_at IS NULL)",

         R"(CREATE TABLE attachments (
                id {{id}},
                application_id BIGINT NOT NULL REFERENCES applications (id),
                kind TEXT NOT NULL,
                filename TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                storage_key TEXT NOT NULL,
                created_at TEXT NOT NULL))",
         "CREATE INDEX attachments_application ON attachments (application_id)",

         // The audit trail: append-only, one global hash chain in seq order
         // (see store/audit_chain.hpp). application_id is NULL for entries
         // that concern no application.
         R"(CREATE TABLE audit_entries (
                seq BIGINT PRIMARY KEY,
                application_id BIGINT NULL REFERENCES applications (id),
                actor_id BIGINT NOT NULL,
                actor_role TEXT NOT NULL,
                action TEXT NOT NULL,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                comment TEXT NOT NULL,
                at TEXT NOT NULL,
                details TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL))",
         "CREATE INDEX audit_entries_application ON audit_entries (application_id, seq)",
         // The head of the chain: one row, locked by every append.
         R"(CREATE TABLE audit_head (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_seq BIGINT NOT NULL,
                last_hash TEXT NOT NULL))",
         "INSERT INTO audit_head (id, last_seq, last_hash) VALUES "
         "(1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",

         R"(CREATE TABLE budget_ledger (
                id {{id}},
                application_id BIGINT NULL REFERENCES applications (id),
                programme TEXT NOT NULL,
                year INTEGER NOT NULL,
                kind TEXT NOT NULL,
                amount_cents BIGINT NOT NULL,
                line TEXT NOT NULL DEFAULT '',
                at TEXT NOT NULL,
                audit_seq BIGINT NULL))",
         "CREATE INDEX budget_ledger_envelope ON budget_ledger (programme, year, line)",
         "CREATE INDEX budget_ledger_application ON budget_ledger (application_id)",

         // Messages to deliver after commit. A sender claims a batch by
         // setting claimed_by/claimed_until (FOR UPDATE SKIP LOCKED on
         // PostgreSQL), sends, then sets sent_at.
         R"(CREATE TABLE outbox (
                id {{id}},
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                sent_at TEXT NULL,
                claimed_by TEXT NULL,
                claimed_until TEXT NULL,
                application_id BIGINT NULL REFERENCES applications (id),
                audit_seq BIGINT NULL))",
         "CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL",
     }},
    {2,
     "sessions, login attempts, messages, outbox claims, title search",
     {
         // Sign-in sessions. Only a hash of the token is stored: a copy of
         // the database does not give anyone a usable token.
         R"(CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (id),
                csrf_token TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                revoked_at TEXT NULL))",
         "CREATE INDEX sessions_user ON sessions (user_id)",
         "CREATE INDEX sessions_expires ON sessions (expires_at)",

         // For rate limiting sign-ins per account and per address. success
         // is 0 or 1 (an INTEGER: SQLite has no boolean type).
         R"(CREATE TABLE login_attempts (
                id {{id}},
                email TEXT NOT NULL,
                address TEXT NOT NULL,
                success INTEGER NOT NULL CHECK (success IN (0, 1)),
                at TEXT NOT NULL))",
         "CREATE INDEX login_attempts_email ON login_attempts (email, at)",
         "CREATE INDEX login_attempts_address ON login_attempts (address, at)",

         // The message thread of each application. author_id is NULL for a
         // message grantflow posts itself; audit_seq ties a message posted
         // by a transition to its audit entry.
         R"(CREATE TABLE messages (
                id {{id}},
                application_id BIGINT NOT NULL REFERENCES applications (id),
                author_id BIGINT NULL REFERENCES users (id),
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                audit_seq BIGINT NULL))",
         "CREATE INDEX messages_application ON messages (application_id, id)",

         // Outbox senders: why the last attempt failed, the row a row was
         // expanded from (role -> one row per address), and rows given up.
         "ALTER TABLE outbox ADD COLUMN last_error TEXT NULL",
         "ALTER TABLE outbox ADD COLUMN parent_id BIGINT NULL REFERENCES outbox (id)",
         "ALTER TABLE outbox ADD COLUMN abandoned_at TEXT NULL",

         // The title lower-cased by the program (Unicode case mapping, the
         // same on both backends) for case-insensitive search. Rows written
         // before this migration get SQL's LOWER(), which on SQLite folds
         // ASCII letters only.
         "ALTER TABLE applications ADD COLUMN title_search TEXT NOT NULL DEFAULT ''",
         "UPDATE applications SET title_search = LOWER(title)",
     }},
    {3,
     "council sessions, deliberations, documents and document jobs",
     {
         R"(CREATE TABLE council_sessions (
                id {{id}},
                session_date TEXT NOT NULL,
                title TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
                created_at TEXT NOT NULL,
                created_by BIGINT NULL REFERENCES users (id)))",

         // The last number given per (year, direction): the creating
         // transaction increments it (UPDATE ... RETURNING holds the row
         // lock until commit), so numbers are gap-free and never reused.
         R"(CREATE TABLE deliberation_counters (
                year INTEGER NOT NULL,
                direction TEXT NOT NULL,
                last_number INTEGER NOT NULL,
                PRIMARY KEY (year, direction)))",

         // joint_directions: space-separated codes, as in the reference.
         R"(CREATE TABLE deliberations (
                id {{id}},
                session_id BIGINT NOT NULL REFERENCES council_sessions (id),
                programme TEXT NOT NULL REFERENCES programmes (code),
                year INTEGER NOT NULL,
                direction TEXT NOT NULL,
                joint_directions TEXT NOT NULL DEFAULT '',
                number INTEGER NOT NULL,
                reference TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'adopted', 'amended', 'rejected')),
                title TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'fr',
                created_at TEXT NOT NULL,
                created_by BIGINT NULL REFERENCES users (id),
                voted_at TEXT NULL,
                UNIQUE (year, direction, number)))",
         "CREATE INDEX deliberations_session ON deliberations (session_id)",

         // live = 1 while the grant belongs to the deliberation (draft or
         // voted); a rejection sets 0, so the application may be proposed
         // again. An application is in at most one live deliberation.
         R"(CREATE TABLE deliberation_items (
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                application_id BIGINT NOT NULL REFERENCES applications (id),
                position INTEGER NOT NULL,
                amount_proposed_cents BIGINT NOT NULL,
                amount_voted_cents BIGINT NULL,
                live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
                PRIMARY KEY (deliberation_id, application_id)))",
         "CREATE UNIQUE INDEX deliberation_items_live ON deliberation_items (application_id) WHERE "
         "live = 1",

         // The generated documents: bytes in the blob store (content-
         // addressed by SHA-256), one row per kind. Once the deliberation is
         // voted the row never changes: a regeneration must match it.
         R"(CREATE TABLE deliberation_documents (
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                kind TEXT NOT NULL CHECK (kind IN ('pdf', 'xlsx')),
                sha256 TEXT NOT NULL,
                storage_key TEXT NOT NULL,
                size BIGINT NOT NULL,
                generated_at TEXT NOT NULL,
                PRIMARY KEY (deliberation_id, kind)))",

         // Background generation, claimed by any server process
         // (FOR UPDATE SKIP LOCKED on PostgreSQL); a claim is a lease.
         R"(CREATE TABLE document_jobs (
                id {{id}},
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'running', 'done', 'failed')),
                percent INTEGER NOT NULL DEFAULT 0,
                error TEXT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                requested_by BIGINT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                claimed_by TEXT NULL,
                claimed_until TEXT NULL,
                finished_at TEXT NULL))",
         "CREATE INDEX document_jobs_open ON document_jobs (id) WHERE state IN ('pending', "
         "'running')",
     }},
    {4,
     "single-use account links",
     {
         // Invitations, password resets, e-mail verifications. Only the
         // SHA-256 of the token is stored (the e-mail holds the token).
         // used_at is set when the link is used or replaced by a newer one.
         R"(CREATE TABLE account_tokens (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (id),
                purpose TEXT NOT NULL
                    CHECK (purpose IN ('invitation', 'password_reset', 'email_verification')),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT NULL))",
         "CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose)",
     }},
    {5,
     "organisation kinds and profiles, IBAN changes, join requests",
     {
         // Rows from before are associations. address holds the street.
         "ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT 'association' "
         "CHECK (kind IN ('association', 'company', 'public_body', 'foreign_partner'))",
         "ALTER TABLE organisations ADD COLUMN registration_number TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE organisations ADD COLUMN postcode TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE organisations ADD COLUMN email TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE organisations ADD COLUMN phone TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE organisations ADD COLUMN representative TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE organisations ADD COLUMN representative_title TEXT NOT NULL DEFAULT ''",
         "CREATE INDEX organisations_rna ON organisations (rna)",
         "CREATE INDEX organisations_siret ON organisations (siret)",

         // A new IBAN waits here until a finance officer decides; the
         // organisation's own iban column stays the one in force. At most
         // one pending change per organisation (the partial unique index).
         R"(CREATE TABLE iban_changes (
                id {{id}},
                organization_id BIGINT NOT NULL REFERENCES organisations (id),
                old_iban TEXT NOT NULL,
                new_iban TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'confirmed', 'rejected')),
                requested_by BIGINT NOT NULL REFERENCES users (id),
                requested_at TEXT NOT NULL,
                decided_by BIGINT NULL REFERENCES users (id),
                decided_at TEXT NULL))",
         "CREATE UNIQUE INDEX iban_changes_one_pending ON iban_changes (organization_id) "
         "WHERE state = 'pending'",

         // An account that registered with a known RNA or SIRET, not attached
         // to the organisation until a member or a clerk approves.
         R"(CREATE TABLE join_requests (
                id {{id}},
                organization_id BIGINT NOT NULL REFERENCES organisations (id),
                user_id BIGINT NOT NULL REFERENCES users (id),
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'approved', 'refused')),
                created_at TEXT NOT NULL,
                decided_by BIGINT NULL REFERENCES users (id),
                decided_at TEXT NULL))",
         "CREATE INDEX join_requests_organization ON join_requests (organization_id, state)",
     }},
    {6,
     "calls for applications",
     {
         // opens_on and closes_on are civil days of Paris, "YYYY-MM-DD"
         // (inclusive; text order is date order). That calls of a programme
         // never overlap is checked by the repository under the programme's
         // row lock: no portable constraint says it. created_by is the
         // account's id as in the audit trail (NULL: the command line).
         R"(CREATE TABLE calls (
                id {{id}},
                programme TEXT NOT NULL REFERENCES programmes (code),
                title TEXT NOT NULL,
                opens_on TEXT NOT NULL,
                closes_on TEXT NOT NULL,
                year INTEGER NOT NULL,
                created_by BIGINT NULL,
                created_at TEXT NOT NULL,
                CHECK (opens_on <= closes_on)))",
         "CREATE INDEX calls_programme ON calls (programme, opens_on)",
         // The call an application answers; NULL for an all-year-round programme.
         "ALTER TABLE applications ADD COLUMN call_id BIGINT NULL REFERENCES calls (id)",
     }},
    {7,
     "published workflow versions",
     {
         // Every version of a programme's workflow ever published, never
         // changed afterwards: the newest is in force, older ones still run
         // the applications that started with them.
         R"(CREATE TABLE workflow_versions (
                programme TEXT NOT NULL,
                version INTEGER NOT NULL,
                definition_json TEXT NOT NULL,
                digest TEXT NOT NULL,
                published_at TEXT NOT NULL,
                published_by TEXT NOT NULL,
                PRIMARY KEY (programme, version)))",
     }},
    {8,
     "accounts can be deactivated",
     {
         // 0: an administrator deactivated the account; it cannot sign in.
         "ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))",
     }},
    {9,
     "e-mail verification",
     {
         // When the account confirmed its address through a mailed link;
         // NULL until then. Accounts older than this migration count as
         // confirmed: they were made by staff or before verification existed.
         "ALTER TABLE users ADD COLUMN email_verified_at TEXT NULL",
         "UPDATE users SET email_verified_at = created_at",
     }},
    {10,
     "editable and withdrawn deliberations, the vote's counts and articles, adopted acts",
     {
         // The state CHECK admits `withdrawn` and the document kinds the
         // adopted act's. SQLite cannot alter a CHECK, and with foreign keys
         // on it cannot drop a table others reference: the four Council
         // tables are copied aside, dropped children first, and created
         // again with the same columns and the wider CHECKs.
         "{{sqlite}} CREATE TEMP TABLE copy_deliberations AS SELECT * FROM deliberations",
         "{{sqlite}} CREATE TEMP TABLE copy_items AS SELECT * FROM deliberation_items",
         "{{sqlite}} CREATE TEMP TABLE copy_documents AS SELECT * FROM deliberation_documents",
         "{{sqlite}} CREATE TEMP TABLE copy_jobs AS SELECT * FROM document_jobs",
         "{{sqlite}} DROP TABLE document_jobs",
         "{{sqlite}} DROP TABLE deliberation_documents",
         "{{sqlite}} DROP TABLE deliberation_items",
         "{{sqlite}} DROP TABLE deliberations",
         R"({{sqlite}} CREATE TABLE deliberations (
                id {{id}},
                session_id BIGINT NOT NULL REFERENCES council_sessions (id),
                programme TEXT NOT NULL REFERENCES programmes (code),
                year INTEGER NOT NULL,
                direction TEXT NOT NULL,
                joint_directions TEXT NOT NULL DEFAULT '',
                number INTEGER NOT NULL,
                reference TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'adopted', 'amended', 'rejected', 'withdrawn')),
                title TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'fr',
                created_at TEXT NOT NULL,
                created_by BIGINT NULL REFERENCES users (id),
                voted_at TEXT NULL,
                UNIQUE (year, direction, number)))",
         "{{sqlite}} INSERT INTO deliberations SELECT * FROM copy_deliberations",
         "{{sqlite}} CREATE INDEX deliberations_session ON deliberations (session_id)",
         R"({{sqlite}} CREATE TABLE deliberation_items (
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                application_id BIGINT NOT NULL REFERENCES applications (id),
                position INTEGER NOT NULL,
                amount_proposed_cents BIGINT NOT NULL,
                amount_voted_cents BIGINT NULL,
                live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
                PRIMARY KEY (deliberation_id, application_id)))",
         "{{sqlite}} INSERT INTO deliberation_items SELECT * FROM copy_items",
         "{{sqlite}} CREATE UNIQUE INDEX deliberation_items_live ON deliberation_items "
         "(application_id) WHERE live = 1",
         R"({{sqlite}} CREATE TABLE deliberation_documents (
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                kind TEXT NOT NULL CHECK (kind IN ('pdf', 'xlsx', 'adopted_pdf', 'adopted_xlsx')),
                sha256 TEXT NOT NULL,
                storage_key TEXT NOT NULL,
                size BIGINT NOT NULL,
                generated_at TEXT NOT NULL,
                PRIMARY KEY (deliberation_id, kind)))",
         "{{sqlite}} INSERT INTO deliberation_documents SELECT * FROM copy_documents",
         R"({{sqlite}} CREATE TABLE document_jobs (
                id {{id}},
                deliberation_id BIGINT NOT NULL REFERENCES deliberations (id),
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'running', 'done', 'failed')),
                percent INTEGER NOT NULL DEFAULT 0,
                error TEXT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                requested_by BIGINT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                claimed_by TEXT NULL,
                claimed_until TEXT NULL,
                finished_at TEXT NULL))",
         "{{sqlite}} INSERT INTO document_jobs SELECT * FROM copy_jobs",
         "{{sqlite}} CREATE INDEX document_jobs_open ON document_jobs (id) WHERE state IN "
         "('pending', 'running')",
         "{{sqlite}} DROP TABLE temp.copy_deliberations",
         "{{sqlite}} DROP TABLE temp.copy_items",
         "{{sqlite}} DROP TABLE temp.copy_documents",
         "{{sqlite}} DROP TABLE temp.copy_jobs",
         "{{postgres}} ALTER TABLE deliberations DROP CONSTRAINT deliberations_state_check",
         "{{postgres}} ALTER TABLE deliberations ADD CONSTRAINT deliberations_state_check "
         "CHECK (state IN ('draft', 'adopted', 'amended', 'rejected', 'withdrawn'))",
         "{{postgres}} ALTER TABLE deliberation_documents DROP CONSTRAINT "
         "deliberation_documents_kind_check",
         "{{postgres}} ALTER TABLE deliberation_documents ADD CONSTRAINT "
         "deliberation_documents_kind_check "
         "CHECK (kind IN ('pdf', 'xlsx', 'adopted_pdf', 'adopted_xlsx'))",

         // The Council's counts, recorded with the vote (NULL: not given).
         "ALTER TABLE deliberations ADD COLUMN votes_for INTEGER NULL CHECK (votes_for >= 0)",
         "ALTER TABLE deliberations ADD COLUMN votes_against INTEGER NULL "
         "CHECK (votes_against >= 0)",
         "ALTER TABLE deliberations ADD COLUMN abstentions INTEGER NULL CHECK (abstentions >= 0)",
         "ALTER TABLE deliberations ADD COLUMN not_taking_part INTEGER NULL "
         "CHECK (not_taking_part >= 0)",
         // Publication of the adopted act (YYYY-MM-DD; NULL until recorded).
         "ALTER TABLE deliberations ADD COLUMN posted_on TEXT NULL",
         "ALTER TABLE deliberations ADD COLUMN transmitted_on TEXT NULL",
         "ALTER TABLE deliberations ADD COLUMN received_on TEXT NULL",
         // Each article's outcome in an adopting vote; earlier votes had no
         // struck articles, so theirs follow from the amounts.
         "ALTER TABLE deliberation_items ADD COLUMN outcome TEXT NULL "
         "CHECK (outcome IN ('adopted', 'amended', 'struck'))",
         "UPDATE deliberation_items SET outcome = CASE WHEN amount_voted_cents = "
         "amount_proposed_cents THEN 'adopted' ELSE 'amended' END "
         "WHERE amount_voted_cents IS NOT NULL",
     }},
    {11,
     "council session rapporteur and commission",
     {
         // Who presents the session's deliberations ("Sur le rapport
         // présenté par … au nom de la 3e Commission"); empty: the act's
         // defaults.
         "ALTER TABLE council_sessions ADD COLUMN rapporteur TEXT NOT NULL DEFAULT ''",
         "ALTER TABLE council_sessions ADD COLUMN commission TEXT NOT NULL DEFAULT ''",
     }},
    {12,
     "grant documents: conventions and notification letters",
     {
         // The documents of one grant after the Council's vote (bytes in the
         // blob store, addressed by SHA-256). Generated from a voted
         // deliberation: a row never changes its bytes; signed_on is the day
         // a clerk recorded the convention as signed by both parties.
         R"(CREATE TABLE grant_documents (
                application_id BIGINT NOT NULL REFERENCES applications (id),
                kind TEXT NOT NULL CHECK (kind IN ('convention', 'letter')),
                sha256 TEXT NOT NULL,
                storage_key TEXT NOT NULL,
                size BIGINT NOT NULL,
                generated_at TEXT NOT NULL,
                signed_on TEXT NULL,
                PRIMARY KEY (application_id, kind)))",
     }},
    {13,
     "payments and recovery orders",
     {
         // Each payment of a voted grant, recorded by a finance officer
         // with the transition that carries it (audit_seq): the bank
         // details are the organisation's confirmed IBAN at that moment.
         R"(CREATE TABLE payments (
                id {{id}},
                application_id BIGINT NOT NULL REFERENCES applications (id),
                amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
                paid_on TEXT NOT NULL,
                reference TEXT NOT NULL,
                iban TEXT NOT NULL,
                recorded_by BIGINT NOT NULL REFERENCES users (id),
                recorded_at TEXT NOT NULL,
                audit_seq BIGINT NOT NULL))",
         "CREATE INDEX payments_application ON payments (application_id)",
         // An order to pay back what was not spent; open until settled.
         R"(CREATE TABLE recoveries (
                id {{id}},
                application_id BIGINT NOT NULL REFERENCES applications (id),
                organization_id BIGINT NOT NULL REFERENCES organisations (id),
                amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
                reason TEXT NOT NULL,
                reference TEXT NOT NULL,
                ordered_on TEXT NOT NULL,
                recorded_by BIGINT NOT NULL REFERENCES users (id),
                recorded_at TEXT NOT NULL,
                settled_on TEXT NULL,
                settled_by BIGINT NULL REFERENCES users (id),
                settled_at TEXT NULL))",
         "CREATE INDEX recoveries_application ON recoveries (application_id)",
         "CREATE INDEX recoveries_open ON recoveries (organization_id) WHERE settled_on IS NULL",
     }},
    {14,
     "deadline reminders: each sent once",
     {
         // One row per reminder sent before a deadline (kind "state:<state>")
         // or a final report's due date (kind "report"): the key makes two
         // schedulers, in any processes, send each reminder once. Written in
         // the transaction that queues its e-mail and audit entry.
         R"(CREATE TABLE deadline_reminders (
                application_id BIGINT NOT NULL REFERENCES applications (id),
                kind TEXT NOT NULL,
                due_at TEXT NOT NULL,
                before_seconds BIGINT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (application_id, kind, due_at, before_seconds)))",
         // The window of coming final reports (deadlines have theirs).
         R"(CREATE INDEX applications_report_window ON applications (report_due_at)
                WHERE report_due_at IS NOT NULL AND report_received_at IS NULL)",
     }},
    {15,
     "assessments: the reviewers' scores on the programme's grid",
     {
         // One row per reviewer per application. The scores are one JSON
         // object {"criterion": {"score": 4, "comment": "…"}} rather than a
         // row per criterion: the grid is the programme's data (criteria
         // differ between programmes and versions), an assessment is always
         // read and written whole, and no query looks inside it.
         R"(CREATE TABLE assessments (
                application_id BIGINT NOT NULL REFERENCES applications (id),
                reviewer_id BIGINT NOT NULL REFERENCES users (id),
                scores TEXT NOT NULL,
                proposed_amount_cents BIGINT NULL CHECK (proposed_amount_cents > 0),
                comment TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (application_id, reviewer_id)))",
     }},
    {16,
     "list indexes and title search",
     {
         // Lists are newest first (id DESC) with an `id < cursor` keyset:
         // each index ends in id, so a page is one range scan from the
         // cursor whatever its depth (docs/store.md, "Lists and search").
         // A reviewer's list reads one range per programme of theirs.
         "CREATE INDEX applications_programme_newest ON applications (programme, id)",
         "CREATE INDEX applications_programme_state_newest ON applications (programme, state, id)",
         "CREATE INDEX applications_state_newest ON applications (state, id)",
         // An organisation's list (SQLite's applications_organization
         // already ends in the rowid), and filtered by programme and state.
         "{{postgres}} CREATE INDEX applications_organization_newest ON applications "
         "(organization_id, id)",
         "CREATE INDEX applications_organization_programme_state ON applications "
         "(organization_id, programme, state, id)",

         // `q` is a substring of title_search or of the lower-cased
         // reference. A trigram index finds the candidates of a term of
         // three characters or more; ApplicationSearch still checks the
         // substring on each. SQLite: an FTS5 table over the applications
         // (external content: it stores only the index), kept in step by
         // triggers, filled from the rows already there.
         R"({{sqlite}} CREATE VIRTUAL TABLE applications_search USING fts5(
                title_search, reference, content = 'applications', content_rowid = 'id',
                tokenize = 'trigram'))",
         R"({{sqlite}} CREATE TRIGGER applications_search_insert AFTER INSERT ON applications
            BEGIN
                INSERT INTO applications_search (rowid, title_search, reference)
                    VALUES (new.id, new.title_search, new.reference);
            END)",
         R"({{sqlite}} CREATE TRIGGER applications_search_delete AFTER DELETE ON applications
            BEGIN
                INSERT INTO applications_search (applications_search, rowid, title_search, reference)
                    VALUES ('delete', old.id, old.title_search, old.reference);
            END)",
         R"({{sqlite}} CREATE TRIGGER applications_search_update
                AFTER UPDATE OF title_search, reference ON applications
                WHEN old.title_search IS NOT new.title_search OR old.reference IS NOT new.reference
            BEGIN
                INSERT INTO applications_search (applications_search, rowid, title_search, reference)
                    VALUES ('delete', old.id, old.title_search, old.reference);
                INSERT INTO applications_search (rowid, title_search, reference)
                    VALUES (new.id, new.title_search, new.reference);
            END)",
         "{{sqlite}} INSERT INTO applications_search (applications_search) VALUES ('rebuild')",
         // PostgreSQL: pg_trgm (shipped with PostgreSQL; trusted, so the
         // database's owner may create it) serves LIKE '%term%' itself.
         "{{postgres}} CREATE EXTENSION IF NOT EXISTS pg_trgm",
         "{{postgres}} CREATE INDEX applications_title_trigrams ON applications "
         "USING gin (title_search gin_trgm_ops)",
         "{{postgres}} CREATE INDEX applications_reference_trigrams ON applications "
         "USING gin (LOWER(reference) gin_trgm_ops)",
     }},
    {17,
     "blobs in the database (PostgreSQL)",
     {
         // Attachments and generated documents kept in PostgreSQL, so that
         // servers on several machines need no shared folder
         // (store/database_blob_store.*). One header per content, written
         // first in the blob's transaction: its key is what concurrent
         // writers of the same content wait on. The bytes in chunks of a
         // bounded size, never all in memory. SQLite keeps its folder.
         R"({{postgres}} CREATE TABLE blobs (
                sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                size BIGINT NOT NULL CHECK (size >= 0),
                chunks INTEGER NOT NULL CHECK (chunks >= 0),
                stored_at TEXT NOT NULL))",
         R"({{postgres}} CREATE TABLE blob_chunks (
                sha256 TEXT NOT NULL REFERENCES blobs (sha256),
                seq INTEGER NOT NULL CHECK (seq >= 0),
                data BYTEA NOT NULL,
                PRIMARY KEY (sha256, seq)))",
         // PDFs, images and archives are compressed already: TOAST's pglz
         // would spend CPU on every chunk for nothing.
         "{{postgres}} ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL",
     }},
    {18,
     "keyed audit chain",
     {
         // The key that signed an entry (store/audit_keyring.hpp); NULL for
         // the unkeyed v1 entries written before the switch-over.
         "ALTER TABLE audit_entries ADD COLUMN key_id TEXT NULL",
         // The first keyed seq; NULL while the trail holds only v1 entries.
         "ALTER TABLE audit_head ADD COLUMN keyed_from_seq BIGINT NULL",
         // The chain's head when the Council voted the deliberation: the
         // seq and hash of its `deliberation_voted` entry, kept with the
         // act so that the published record anchors the trail.
         "ALTER TABLE deliberations ADD COLUMN audit_seq BIGINT NULL",
         "ALTER TABLE deliberations ADD COLUMN audit_hash TEXT NULL",
     }},
    {19,
     "search indexes with a short pending list (PostgreSQL)",
     {
         // A GIN index queues new entries in a pending list that every
         // search reads in full until it is merged (at 4 MB by default, or
         // by VACUUM): after a bulk of writes a search by `q` took 5 ms a
         // programme instead of 0.15 ms. 64 kB, the least allowed, keeps
         // that read short, and writes still merge their entries in
         // batches: 100,000 titles inserted took 7.5 s, against 1.9 s with
         // the default and 20 s with no pending list (docs/store.md).
         "{{postgres}} ALTER INDEX applications_title_trigrams SET (gin_pending_list_limit = 64)",
         "{{postgres}} ALTER INDEX applications_reference_trigrams "
         "SET (gin_pending_list_limit = 64)",
         "{{postgres}} SELECT gin_clean_pending_list('applications_title_trigrams'::regclass)",
         "{{postgres}} SELECT gin_clean_pending_list('applications_reference_trigrams'::regclass)",
     }},
};

constexpr long long kMigrationLockKey = 7388401122;  // arbitrary, grantflow-wide

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

// A statement's SQL for `backend`: the tokens replaced, and empty when the
// statement is marked for the other backend only.
std::string forBackend(std::string sql, Backend backend) {
    for (auto [token, only] : {std::pair{"{{sqlite}} ", Backend::Sqlite},
                               std::pair{"{{postgres}} ", Backend::Postgres}}) {
        const std::string prefix = token;
        if (sql.rfind(prefix, 0) != 0) continue;
        if (backend != only) return {};
        sql.erase(0, prefix.size());
    }
    replaceAll(sql, "{{id}}",
               backend == Backend::Sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                          : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replaceAll(sql, "{{bigint}}", backend == Backend::Sqlite ? "INTEGER" : "BIGINT");
    return sql;
}

void createMigrationsTable(soci::session& sql) {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
}

int highestApplied(soci::session& sql) {
    int version = 0;
    soci::indicator ind = soci::i_null;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
}

std::string nowText() {
    return engine::formatTimestamp(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace

const std::vector<Migration>& migrations() { return kMigrations; }

int applyMigrations(Database& db) {
    const int known = kMigrations.empty() ? 0 : kMigrations.back().version;
    int applied = 0;
    for (const Migration& m : kMigrations) {
        auto done = db.write([&](soci::session& sql) -> engine::Result<bool> {
            // Serialise concurrent start-ups; the lock ends with the transaction.
            if (db.backend() == Backend::Postgres)
                sql << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
            createMigrationsTable(sql);
            int current = highestApplied(sql);
            if (current > known)
                throw std::runtime_error("the database schema is at version " +
                                         std::to_string(current) +
                                         ", newer than this program knows (" +
                                         std::to_string(known) + "); upgrade grantflow");
            int count = 0;
            int version = m.version;
            sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version),
                soci::into(count);
            if (count > 0) return false;
            for (const std::string& statement : m.statements)
                if (auto text = forBackend(statement, db.backend()); !text.empty()) sql << text;
            std::string name = m.name;
            std::string at = nowText();
            sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
                soci::use(version), soci::use(name), soci::use(at);
            return true;
        });
        if (done.value()) ++applied;
    }
    return applied;
}

int schemaVersion(Database& db) {
    auto s = db.session();
    createMigrationsTable(*s);
    return highestApplied(*s);
}

}  // namespace grantflow::store
