extension ConnectorStore {
    /// Parks `draft` unless the same finding (entity, rule and reason) was parked before, so passes that read
    /// records again (a checkpoint's overlap, a periodic reconciliation) do not fill the review queue with copies;
    /// a different finding for the same entity is parked.
    /// - Returns: Whether it was parked now.
    func parkOnce(_ draft: ReviewItem.Draft, into changes: inout StoreChanges) async throws -> Bool {
        let key = MappingKey(
            draft.entity.kind, from: draft.entity.system, "\(draft.entity.key)|\(draft.reason)",
            to: SystemID(rawValue: "review.\(draft.rule)"))
        switch try await claimMapping(key, token: "review", now: changes.time) {
        case .mapped:
            return false
        case .claimed(let token), .pending(let token, _):
            // A pending claim is a park whose pass failed before it committed: park it now rather than never.
            changes.park(draft)
            changes.completeMapping(key, token: token, targetID: "parked")
            return true
        }
    }
}
