#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension ConnectorStore {
    /// The target id of `key`, creating the record in the target system at most once.
    ///
    /// Claims the key first, then calls `create` with the claim token as the idempotency key, then records
    /// the id. If a worker died between "created in the target" and "recorded here", the next call finds the
    /// pending claim and calls `create` again with the **same** token, so a target that honours idempotency
    /// keys returns the record it already made instead of making a second. Concurrent callers for one key
    /// share one claim.
    ///
    /// ```swift
    /// let erpNumber = try await store.mappedID(for: MappingKey(.order, from: .commerce, "12", to: .erp), now: time.now()) {
    ///     idempotencyKey in try await erp.createOrder(order, idempotencyKey: idempotencyKey)
    /// }
    /// ```
    /// - Parameters:
    ///   - key: The source record and target system.
    ///   - now: The current time.
    ///   - token: The claim token (and idempotency key) to use if this call claims the key.
    ///   - create: Creates the record in the target, idempotently by its argument, and returns its id.
    /// - Returns: The target id.
    public func mappedID(
        for key: MappingKey,
        now: Date,
        token: String = UUID().uuidString.lowercased(),
        create: (_ idempotencyKey: String) async throws -> String
    ) async throws -> String {
        let holder: String
        switch try await claimMapping(key, token: token, now: now) {
        case .mapped(let targetID): return targetID
        case .claimed(let claimed): holder = claimed
        case .pending(let pending, _): holder = pending
        }
        let targetID = try await create(holder)
        do {
            try await completeMapping(key, token: holder, targetID: targetID, now: now)
        } catch let error as BridgeError where error.code == .mappingConflict {
            if case .mapped(let recorded)? = try await mapping(key), recorded == targetID { return recorded }
            throw error
        }
        return targetID
    }

    /// Whether an earlier attempt claimed `key` without recording an outcome: the record may or may not exist in the
    /// target, so look for it there before creating it again.
    func isPending(_ key: MappingKey) async throws -> Bool {
        if case .pending? = try await mapping(key) { return true }
        return false
    }
}
