#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The customer master on the other side (ERP or CRM): both sides write, the engine converges them.
public protocol CustomerMaster: Sendable {
    /// Customers whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit`
    /// means there are no more for now.
    func customerChanges(after cursor: FeedCursor, limit: Int) async throws -> [MasterCustomer]
    /// Creates or updates a customer by e-mail and returns the master id.
    func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String
    /// Every customer, for reconciliation. The default pages through ``customerChanges(after:limit:)``; override
    /// it when the master can list its customers directly.
    func allCustomers() async throws -> [MasterCustomer]
}

extension CustomerMaster {
    /// Pages through ``customerChanges(after:limit:)`` from the beginning, 1,000 at a time, and keeps the newest
    /// record per e-mail.
    public func allCustomers() async throws -> [MasterCustomer] {
        var byEmail: [String: MasterCustomer] = [:]
        var cursor = FeedCursor.beginning
        while true {
            let page = try await customerChanges(after: cursor, limit: 1_000)
            for record in page {
                let email = record.email.lowercased()
                if let known = byEmail[email], known.updatedAt > record.updatedAt { continue }
                byEmail[email] = record
            }
            guard page.count == 1_000, let last = page.map(\.feedPosition).max(), cursor < last else { break }
            cursor = last
        }
        return byEmail.values.sorted { $0.email.lowercased() < $1.email.lowercased() }
    }
}
