public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension AdapterConformance {
    /// An `OrderLifecycleSource` keeps the keyset contract on its three feeds (order events, credit memos, returns),
    /// and its records are well formed: ids and order numbers are not empty, credit memo lines and amounts are not
    /// negative, a credit memo refunds something, and return lines have positive quantities.
    /// - Parameters:
    ///   - source: The source under test.
    ///   - expectsRecords: Whether each feed has at least one record to list (seed the sandbox first).
    public static func orderLifecycleSource(_ source: any OrderLifecycleSource, expectsRecords: Bool) async throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw ConnectorStoreConformance.Failure(check: "orderLifecycleSource", message: message) }
        }
        let events = try await feed("orderLifecycleSource.orderEvents") {
            try await source.orderEvents(after: $0, limit: $1)
        }
        let memos = try await feed("orderLifecycleSource.creditMemos") {
            try await source.creditMemos(after: $0, limit: $1)
        }
        let returns = try await feed("orderLifecycleSource.returns") { try await source.returns(after: $0, limit: $1) }
        if expectsRecords {
            try check(!events.isEmpty && !memos.isEmpty && !returns.isEmpty, "every feed lists its records")
        }
        try check(
            events.allSatisfy { !$0.id.isEmpty && !$0.erpOrderNumber.isEmpty },
            "every order event has an id and an order number")
        try check(
            memos.allSatisfy { memo in
                !memo.number.isEmpty && memo.lines.allSatisfy { $0.quantity >= 0 } && memo.shippingAmount >= 0
                    && memo.adjustmentPositive >= 0 && memo.adjustmentNegative >= 0
            }, "credit memo quantities, shipping and adjustments are not negative")
        try check(
            memos.allSatisfy { memo in
                memo.lines.contains { $0.quantity > 0 } || memo.shippingAmount > 0 || memo.adjustmentPositive > 0
            }, "every credit memo refunds a line, shipping or a positive adjustment")
        try check(
            returns.allSatisfy { !$0.lines.isEmpty && $0.lines.allSatisfy { $0.quantity > 0 } },
            "every return has lines with positive quantities")
        try check(Set(returns.map(\.number)).count == returns.count, "a return is listed once, in its current state")
    }
}
