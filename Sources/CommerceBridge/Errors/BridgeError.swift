/// The error of the connector core and its stores: a stable code, what happened, and what to do next.
public struct BridgeError: Error, Sendable, CustomStringConvertible {
    /// A stable, extensible error category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case leaseLost, mappingConflict, notFound, invalidArgument, notADatabase, foreignDatabase
            case schemaTooNew, databaseLocked, diskFull, storageFailed, circuitOpen
        }
        private let base: Base

        /// The lease on a message expired and another worker claimed it; the work must not be acknowledged.
        public static let leaseLost = Code(base: .leaseLost)
        /// An ID-map claim was completed with a token that does not hold it, or mapped to another id.
        public static let mappingConflict = Code(base: .mappingConflict)
        /// The message, dead letter or record does not exist.
        public static let notFound = Code(base: .notFound)
        /// An argument is out of range.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// The file is not a database (corrupt, or another format).
        public static let notADatabase = Code(base: .notADatabase)
        /// The database belongs to another application.
        public static let foreignDatabase = Code(base: .foreignDatabase)
        /// The database was written by a newer version of CommerceBridge.
        public static let schemaTooNew = Code(base: .schemaTooNew)
        /// Another process holds the database lock longer than the busy timeout.
        public static let databaseLocked = Code(base: .databaseLocked)
        /// The disk (or the database's size limit) is full.
        public static let diskFull = Code(base: .diskFull)
        /// Any other storage failure.
        public static let storageFailed = Code(base: .storageFailed)
        /// A destination's circuit breaker is open.
        public static let circuitOpen = Code(base: .circuitOpen)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The category.
    public var code: Code
    /// What happened.
    public var message: String
    /// What to do next.
    public var recoverySuggestion: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, recoverySuggestion: String? = nil) {
        self.code = code
        self.message = message
        self.recoverySuggestion = recoverySuggestion ?? Self.defaultSuggestion(code)
    }

    private static func defaultSuggestion(_ code: Code) -> String {
        switch code {
        case .leaseLost: "Do not acknowledge: the message will be delivered again; make the effect idempotent."
        case .mappingConflict: "Read the mapping again; another worker completed it."
        case .notFound: "Check the id; it may have been acknowledged, replayed or discarded already."
        case .invalidArgument: "Fix the argument named in the message."
        case .notADatabase: "Point the store at a CommerceBridge database, or at a path where a new one may be created."
        case .foreignDatabase: "This file belongs to another application; use a separate file for CommerceBridge."
        case .schemaTooNew: "Upgrade CommerceBridge to the version that wrote this database, or restore a backup."
        case .databaseLocked: "Another process holds the lock; retry, or raise the busy timeout."
        case .diskFull: "Free disk space (or raise the size limit); nothing was changed."
        case .circuitOpen: "Wait for the destination to recover; messages stay queued."
        default: "See the message."
        }
    }

    /// `BridgeError.code: message Next: …`.
    public var description: String { "BridgeError.\(code): \(message) Next: \(recoverySuggestion)" }
}

/// An error that knows whether trying again can succeed. The outbox dispatcher retries retryable failures
/// with backoff and dead-letters the rest at once.
public protocol RetryClassifiable: Error {
    /// Whether trying again later can succeed.
    var isRetryable: Bool { get }
}
