package import AdobeCommerce

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// A Commerce search read as a keyset feed on (`updated_at`, `entity_id`), so that a pass sees every record changed
/// after a cursor exactly once, however many share a timestamp and however records move while it reads.
///
/// searchCriteria cannot say "`(updated_at, entity_id) > (t, id)`", so a page is two searches, both always on their
/// first page (offset paging skips rows when others leave the filter or move to the end mid-scan): the records at
/// `t` with a greater id, then those after `t`.
package struct CommerceChangeFeed<Item: Sendable>: Sendable {
    /// One record with its feed position.
    package struct Entry: FeedRecord {
        package var item: Item
        package var feedPosition: FeedCursor
    }

    private let criteria: SearchCriteria
    private let search: @Sendable (SearchCriteria) async throws -> [Item]
    private let position: @Sendable (Item) -> (updatedAt: Date, id: Int)?
    private let timeField: String

    /// Creates a feed over a search.
    /// - Parameters:
    ///   - criteria: The search's own filters (a status, a store); the feed adds its own.
    ///   - search: Runs one search.
    ///   - position: A record's time (its `timeField`) and entity id; a record without them is left out.
    ///   - timeField: The time the feed is keyed on: `updated_at`, or `created_at` for documents that are made once
    ///     and only commented on later (credit memos).
    package init(
        criteria: SearchCriteria = SearchCriteria(),
        search: @escaping @Sendable (SearchCriteria) async throws -> [Item],
        position: @escaping @Sendable (Item) -> (updatedAt: Date, id: Int)?,
        timeField: String = "updated_at"
    ) {
        self.criteria = criteria
        self.search = search
        self.position = position
        self.timeField = timeField
    }

    /// The key of an entity id: zero-padded, so that byte order is numeric order.
    package static func key(_ id: Int) -> String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The records after `cursor`, in feed order, at most `limit`.
    package func changes(after cursor: FeedCursor, limit: Int) async throws -> [Entry] {
        // Magento compares times to the second: a cursor between seconds starts at its second, so a few records are
        // read again and none is filtered into an empty page.
        let start =
            cursor.key.isEmpty
            ? FeedCursor(time: Date(timeIntervalSince1970: cursor.time.timeIntervalSince1970.rounded(.down))) : cursor
        var entries: [Entry] = []
        let time = MagentoDate(start.time).rawValue
        if !start.key.isEmpty, let id = Int(start.key) {
            let sameTime = criteria.filter(timeField, .eq, time).filter("entity_id", .gt, String(id))
                .sorted(by: "entity_id").page(size: limit, current: 1)
            entries += try await search(sameTime).compactMap(entry)
        }
        if entries.count < limit {
            let later = criteria.filter(timeField, start.key.isEmpty ? .gteq : .gt, time)
                .sorted(by: timeField).sorted(by: "entity_id").page(size: limit - entries.count, current: 1)
            entries += try await search(later).compactMap(entry)
        }
        return entries.filter { start < $0.feedPosition }
    }

    private func entry(_ item: Item) -> Entry? {
        guard let position = position(item) else { return nil }
        return Entry(item: item, feedPosition: FeedCursor(time: position.updatedAt, key: Self.key(position.id)))
    }
}
