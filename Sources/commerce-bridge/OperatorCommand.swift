import AdobeCommerce
import CommerceBridge
import Foundation

/// One operator command, parsed from the words after `--store FILE` (or `--store postgres://…`).
enum OperatorCommand: Equatable {
    case status
    case listDeadLetters(limit: Int, offset: Int)
    case showDeadLetter(Int64)
    case replay(Selection)
    case discard(Selection)
    case listReview(limit: Int, offset: Int)
    case resolveReview([Int64])
    case auditEntity(EntityReference)
    case auditCorrelation(String)
    case purge(RetentionPolicy)
    case erase(EntityReference)

    enum Selection: Equatable {
        case all
        case ids([Int64])
    }

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(_ words: [String]) throws(Invalid) {
        switch (words.first, words.dropFirst().first) {
        case ("status", _):
            self = .status
        case ("dlq", "list"):
            let (limit, offset) = try Self.paging(Array(words.dropFirst(2)))
            self = .listDeadLetters(limit: limit, offset: offset)
        case ("dlq", "show"):
            let ids = try Self.ids(Array(words.dropFirst(2)))
            guard ids.count == 1 else { throw Invalid(description: "dlq show takes one id") }
            self = .showDeadLetter(ids[0])
        case ("dlq", "replay"):
            self = .replay(try Self.selection(Array(words.dropFirst(2))))
        case ("dlq", "discard"):
            self = .discard(try Self.selection(Array(words.dropFirst(2))))
        case ("review", "list"):
            let (limit, offset) = try Self.paging(Array(words.dropFirst(2)))
            self = .listReview(limit: limit, offset: offset)
        case ("review", "resolve"):
            let ids = try Self.ids(Array(words.dropFirst(2)))
            guard !ids.isEmpty else { throw Invalid(description: "review resolve needs the ids to resolve") }
            self = .resolveReview(ids)
        case ("audit", "--entity"):
            guard words.count == 3, let entity = Self.entity(words[2]) else {
                throw Invalid(description: "audit --entity takes KIND@SYSTEM:KEY, such as order@commerce:000000012")
            }
            self = .auditEntity(entity)
        case ("audit", "--correlation"):
            guard words.count == 3 else { throw Invalid(description: "audit --correlation takes one id") }
            self = .auditCorrelation(words[2])
        case ("purge", _):
            self = .purge(try Self.retention(Array(words.dropFirst())))
        case ("erase", "--entity"):
            guard words.count == 3, let entity = Self.entity(words[2]) else {
                throw Invalid(
                    description: "erase --entity takes KIND@SYSTEM:KEY, such as customer@commerce:jane@example.com")
            }
            self = .erase(entity)
        case (nil, _):
            throw Invalid(description: "which command?")
        default:
            throw Invalid(description: "unknown command \"\(words.prefix(2).joined(separator: " "))\"")
        }
    }

    private static func paging(_ words: [String]) throws(Invalid) -> (Int, Int) {
        var limit = 50
        var offset = 0
        var rest = words[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let value = Int(text), value >= 0 else {
                throw Invalid(description: "\(flag) takes a whole number")
            }
            switch flag {
            case "--limit": limit = value
            case "--offset": offset = value
            default: throw Invalid(description: "unknown option \(flag)")
            }
        }
        return (limit, offset)
    }

    /// `--audit-days N --review-days N --dead-letter-days N`; a kind not named is kept.
    private static func retention(_ words: [String]) throws(Invalid) -> RetentionPolicy {
        var policy = RetentionPolicy(auditRecords: nil, reviewItems: nil, deadLetters: nil)
        var rest = words[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let days = Int(text), days >= 0 else {
                throw Invalid(description: "\(flag) takes a whole number of days")
            }
            switch flag {
            case "--audit-days": policy.auditRecords = .days(days)
            case "--review-days": policy.reviewItems = .days(days)
            case "--dead-letter-days": policy.deadLetters = .days(days)
            default: throw Invalid(description: "unknown option \(flag)")
            }
        }
        guard policy != RetentionPolicy(auditRecords: nil, reviewItems: nil, deadLetters: nil) else {
            throw Invalid(description: "purge needs --audit-days, --review-days or --dead-letter-days")
        }
        return policy
    }

    private static func ids(_ words: [String]) throws(Invalid) -> [Int64] {
        var ids: [Int64] = []
        for word in words {
            guard let id = Int64(word), id > 0 else { throw Invalid(description: "\"\(word)\" is not an id") }
            ids.append(id)
        }
        return ids
    }

    private static func selection(_ words: [String]) throws(Invalid) -> Selection {
        if words == ["--all"] { return .all }
        let ids = try ids(words)
        guard !ids.isEmpty else { throw Invalid(description: "name the ids, or --all") }
        return .ids(ids)
    }

    /// `order@commerce:000000012`.
    static func entity(_ text: String) -> EntityReference? {
        guard let at = text.firstIndex(of: "@"), let colon = text[at...].firstIndex(of: ":") else { return nil }
        let kind = text[..<at]
        let system = text[text.index(after: at)..<colon]
        let key = text[text.index(after: colon)...]
        guard !kind.isEmpty, !system.isEmpty, !key.isEmpty else { return nil }
        return EntityReference(EntityKind(rawValue: String(kind)), SystemID(rawValue: String(system)), String(key))
    }

    /// Runs against `store`, writing what it finds with `say`.
    func run(on store: any ConnectorStore, say: (String) -> Void) async throws {
        let now = TimeSource.system.now()
        switch self {
        case .status:
            let outbox = try await store.outboxStatus(now: now)
            say("Outbox")
            if outbox.pending.isEmpty { say("  nothing waiting") }
            for (destination, count) in outbox.pending.sorted(by: { $0.key < $1.key }) {
                say("  \(destination): \(count) waiting")
            }
            say("  leased: \(outbox.leased), dead-lettered: \(outbox.deadLettered)")
            if let oldest = outbox.oldestPending { say("  oldest waiting since \(Self.format(oldest))") }
            say("Checkpoints")
            let checkpoints = try await store.checkpoints()
            if checkpoints.isEmpty { say("  none yet") }
            for checkpoint in checkpoints {
                say(
                    "  \(checkpoint.name): through \(Self.format(checkpoint.position))"
                        + "\(checkpoint.cursor.map { ", cursor \($0)" } ?? ""), saved \(Self.format(checkpoint.updatedAt))"
                )
            }
        case .listDeadLetters(let limit, let offset):
            let letters = try await store.deadLetters(limit: limit, offset: offset)
            if letters.isEmpty { say("The dead-letter queue is empty.") }
            for letter in letters {
                say(
                    "#\(letter.id)  \(letter.message.destination)/\(letter.message.topic)  \(letter.message.correlationID)  "
                        + "\(letter.message.attempts) attempt(s), \(Self.format(letter.deadLetteredAt))")
                say("      \(letter.reason)")
            }
        case .showDeadLetter(let id):
            guard let letter = try await store.deadLetter(id: id) else {
                throw BridgeError(.notFound, "Dead letter \(id) does not exist; list them with `dlq list`.")
            }
            let message = letter.message
            say("Dead letter #\(letter.id)")
            say("  destination     \(message.destination)")
            say("  topic           \(message.topic)")
            say("  idempotency key \(message.idempotencyKey)")
            say("  correlation id  \(message.correlationID)")
            say("  created         \(Self.format(message.createdAt))")
            say("  dead-lettered   \(Self.format(letter.deadLetteredAt)): \(letter.reason)")
            say("  payload         \(String(decoding: message.payload, as: UTF8.self))")
            say("  attempts")
            for attempt in message.history {
                say(
                    "    \(attempt.number). \(Self.format(attempt.time))  \(attempt.retryable ? "retryable" : "final")  "
                        + attempt.error)
            }
        case .replay(let selection):
            let ids = try await Self.resolve(selection, in: store)
            try await store.replayDeadLetters(ids: ids, now: now)
            say("Replayed \(ids.count) dead letter(s): back in the outbox, due now.")
        case .discard(let selection):
            let ids = try await Self.resolve(selection, in: store)
            try await store.discardDeadLetters(ids: ids)
            say("Discarded \(ids.count) dead letter(s).")
        case .listReview(let limit, let offset):
            let items = try await store.reviewItems(limit: limit, offset: offset)
            if items.isEmpty { say("Nothing is waiting for review.") }
            for item in items {
                say("#\(item.id)  \(item.draft.entity)  [\(item.draft.rule)]  \(Self.format(item.createdAt))")
                say("      \(item.draft.reason)")
            }
        case .resolveReview(let ids):
            try await store.resolveReviewItems(ids: ids)
            say("Resolved \(ids.count) review item(s).")
        case .auditEntity(let entity):
            Self.print(try await store.auditRecords(for: entity), say: say)
        case .auditCorrelation(let id):
            Self.print(try await store.auditRecords(correlationID: id), say: say)
        case .purge(let retention):
            let report = try await store.purge(retention, now: now)
            say(
                "Purged \(report.auditRecords) audit record(s), \(report.reviewItems) review item(s) and "
                    + "\(report.deadLetters) dead letter(s).")
        case .erase(let entity):
            let erased = try await store.erasePersonalData(of: entity)
            guard erased.records + erased.mentions > 0 else {
                say("Nothing in the audit trail or the review list names or mentions \(entity).")
                return
            }
            say(
                "Erased \(entity): \(erased.records) of its own audit record(s) and review item(s), now filed as "
                    + "\(erased.pseudonym), and \(erased.mentions) other record(s) that mentioned it."
            )
        }
    }

    private static func resolve(_ selection: Selection, in store: any ConnectorStore) async throws -> [Int64] {
        switch selection {
        case .ids(let ids): return ids
        case .all:
            var ids: [Int64] = []
            while true {
                let page = try await store.deadLetters(limit: 500, offset: ids.count)
                ids += page.map(\.id)
                if page.count < 500 { return ids }
            }
        }
    }

    private static func print(_ records: [AuditRecord], say: (String) -> Void) {
        if records.isEmpty { say("No audit records.") }
        for record in records {
            say(
                "\(format(record.time))  \(record.entity)  \(record.action)  winner \(record.winner?.rawValue ?? "-")  "
                    + "[\(record.rule)]  \(record.correlationID)")
            if !record.explanation.isEmpty { say("      \(record.explanation)") }
        }
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false))
    }
}
