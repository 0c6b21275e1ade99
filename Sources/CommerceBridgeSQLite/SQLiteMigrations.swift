/// The schema, as numbered migrations; `PRAGMA user_version` records how many ran.
enum SQLiteMigrations {
    /// `PRAGMA application_id` of a CommerceBridge database: "CBdg".
    static let applicationID: Int64 = 0x4342_6467

    static let all: [String] = [
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            destination TEXT NOT NULL,
            topic TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            correlation_id TEXT NOT NULL,
            payload BLOB NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            available_at INTEGER NOT NULL,
            lease_token TEXT,
            lease_expires_at INTEGER,
            history TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX outbox_due ON outbox (available_at, id);
        CREATE TABLE dead_letters (
            id INTEGER PRIMARY KEY,
            destination TEXT NOT NULL,
            topic TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            correlation_id TEXT NOT NULL,
            payload BLOB NOT NULL,
            attempts INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            available_at INTEGER NOT NULL,
            history TEXT NOT NULL,
            dead_lettered_at INTEGER NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE id_map (
            kind TEXT NOT NULL,
            source_system TEXT NOT NULL,
            source_id TEXT NOT NULL,
            target_system TEXT NOT NULL,
            token TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            target_id TEXT,
            PRIMARY KEY (kind, source_system, source_id, target_system)
        ) WITHOUT ROWID;
        CREATE INDEX id_map_reverse ON id_map (kind, source_system, target_system, target_id);
        CREATE TABLE checkpoints (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            cursor TEXT,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            system TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            action TEXT NOT NULL,
            current_value TEXT,
            incoming_value TEXT,
            winner TEXT,
            rule TEXT NOT NULL,
            explanation TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            time INTEGER NOT NULL
        );
        CREATE INDEX audit_entity ON audit (kind, system, entity_key);
        CREATE INDEX audit_correlation ON audit (correlation_id);
        """,
        """
        CREATE TABLE review_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            system TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            reason TEXT NOT NULL,
            rule TEXT NOT NULL,
            current_value TEXT,
            incoming_value TEXT,
            correlation_id TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        """,
        """
        CREATE TABLE content_hashes (
            kind TEXT NOT NULL,
            system TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (kind, system, entity_key)
        ) WITHOUT ROWID;
        """,
        """
        ALTER TABLE outbox ADD COLUMN receives INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE dead_letters ADD COLUMN receives INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX outbox_topic_due ON outbox (topic, available_at, id);
        """,
        """
        CREATE INDEX audit_time ON audit (time);
        CREATE INDEX review_items_created ON review_items (created_at);
        CREATE INDEX dead_letters_time ON dead_letters (dead_lettered_at);
        """,
        """
        CREATE TABLE scheduled_runs (
            job TEXT PRIMARY KEY,
            period INTEGER NOT NULL,
            holder TEXT NOT NULL,
            fencing_token INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            finished INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE reservations (
            reservation_key TEXT PRIMARY KEY,
            token TEXT NOT NULL,
            claim_expires_at INTEGER,
            answer TEXT,
            holds_stock INTEGER NOT NULL DEFAULT 0,
            expires_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX reservations_expiry ON reservations (expires_at) WHERE answer IS NOT NULL;
        CREATE TABLE rate_budgets (
            bucket TEXT PRIMARY KEY,
            tokens REAL NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE echo_fingerprints (
            kind TEXT NOT NULL,
            system TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            hash TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (kind, system, entity_key, hash)
        ) WITHOUT ROWID;
        CREATE INDEX echo_fingerprints_expiry ON echo_fingerprints (expires_at);
        """,
        // The inbox. `state`: 0 pending, 1 handled, 2 superseded, 3 dead-lettered; `state_at` is when it left pending.
        """
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            entity TEXT,
            occurred_at INTEGER NOT NULL,
            payload BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            receives INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            available_at INTEGER NOT NULL,
            history TEXT NOT NULL DEFAULT '[]',
            state INTEGER NOT NULL DEFAULT 0,
            state_at INTEGER,
            reason TEXT,
            lease_token TEXT,
            lease_expires_at INTEGER
        );
        CREATE INDEX inbox_pending ON inbox (id) WHERE state = 0;
        CREATE INDEX inbox_entity_pending ON inbox (entity, occurred_at, id, lease_expires_at)
            WHERE state = 0 AND entity IS NOT NULL;
        CREATE INDEX inbox_entity ON inbox (entity, occurred_at) WHERE entity IS NOT NULL;
        CREATE INDEX inbox_finished ON inbox (state, state_at);
        """,
    ]
}
