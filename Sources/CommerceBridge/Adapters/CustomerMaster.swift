#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The customer master on the other side (ERP or CRM): both sides write, the engine converges them.
public protocol CustomerMaster: Sendable {
    /// Customers changed after `date`, oldest first.
    func customerChanges(since date: Date, limit: Int) async throws -> [MasterCustomer]
    /// Creates or updates a customer by e-mail and returns the master id.
    func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String
    /// Every customer, for reconciliation. The default pages through ``customerChanges(since:limit:)``; override
    /// it when the master can list its customers directly.
    func allCustomers() async throws -> [MasterCustomer]
}

extension CustomerMaster {
    /// Pages through ``customerChanges(since:limit:)`` from the beginning, 1,000 at a time, and keeps the newest
    /// record per e-mail.
    /// - Throws: ``AdapterError/Code/rejected`` when 1,000 changes share one timestamp, so paging by time cannot
    ///   move on: implement `allCustomers()` for this master.
    public func allCustomers() async throws -> [MasterCustomer] {
        let pageSize = 1_000
        var byEmail: [String: MasterCustomer] = [:]
        var since = Date.distantPast
        while true {
            let page = try await customerChanges(since: since, limit: pageSize)
            var learned = false
            for record in page {
                let email = record.email.lowercased()
                if let known = byEmail[email], known.updatedAt > record.updatedAt { continue }
                learned = learned || byEmail[email] != record
                byEmail[email] = record
            }
            guard page.count == pageSize, let last = page.last?.updatedAt else { break }
            guard learned, last > since else {
                throw AdapterError(
                    .rejected, system: .erp,
                    "more than \(pageSize) customer changes share the time \(last); paging by time cannot list them "
                        + "all: implement allCustomers() for this master")
            }
            // `since` is exclusive: step back a millisecond so changes at the same instant as the page's last one
            // are read again, not skipped; the e-mail de-duplicates them.
            since = last.addingTimeInterval(-0.001)
        }
        return byEmail.values.sorted { $0.email.lowercased() < $1.email.lowercased() }
    }
}
