/// Variant families from the system that owns product structure (the ERP or PIM): what
/// ``ProductStructureEngine`` turns into configurable products.
///
/// A family is listed again whenever it or any of its variants changes, with its whole current variant list; a
/// variant the ERP deleted is simply absent from it.
///
/// ```swift
/// extension MyERP: ProductStructureSource {
///     func variantFamilyChanges(after cursor: FeedCursor, limit: Int) async throws -> [VariantFamily] {
///         try await styles(changedAfter: cursor, limit: limit).map(VariantFamily.init(style:))
///     }
/// }
/// ```
public protocol ProductStructureSource: Sendable {
    /// Families whose position is after `cursor`, at most `limit`, in ``FeedRecord/feedPosition`` order (change
    /// time, then parent SKU); fewer than `limit` means there are no more for now.
    func variantFamilyChanges(after cursor: FeedCursor, limit: Int) async throws -> [VariantFamily]
}
