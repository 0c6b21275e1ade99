#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Products from the system that owns product information.
public protocol ProductInformationSource: Sendable {
    /// Products whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change time, then key); fewer than `limit`
    /// means there are no more for now.
    func productChanges(after cursor: FeedCursor, limit: Int) async throws -> [SourceProduct]
}
