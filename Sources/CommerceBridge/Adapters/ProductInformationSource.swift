#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Products from the system that owns product information.
public protocol ProductInformationSource: Sendable {
    /// Products changed after `date`, oldest first, at most `limit`.
    func productChanges(since date: Date, limit: Int) async throws -> [SourceProduct]
}
