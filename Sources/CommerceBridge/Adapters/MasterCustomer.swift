#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A customer as the master system holds it.
public struct MasterCustomer: Sendable, Hashable, Codable {
    /// The master system's id, when it has one.
    public var masterID: String?
    /// The e-mail (with the website, the natural key in Commerce).
    public var email: String
    /// The fields the systems share (`firstname`, `lastname`, `telephone`, `group` …).
    public var fields: [String: String]
    /// A version that grows with every change, when the system keeps one.
    public var version: Int64?
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a customer.
    public init(masterID: String?, email: String, fields: [String: String], version: Int64? = nil, updatedAt: Date) {
        self.masterID = masterID
        self.email = email
        self.fields = fields
        self.version = version
        self.updatedAt = updatedAt
    }
}

extension MasterCustomer: FeedRecord {
    /// `updatedAt`, keyed by the lower-cased e-mail.
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: email.lowercased()) }
}
