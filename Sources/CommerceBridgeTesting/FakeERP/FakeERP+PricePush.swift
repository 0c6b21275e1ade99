import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeERP: ERPPriceListChanges {
    // MARK: Seeding and changes

    /// Adds or replaces price-list rows (by `PriceListRow.key`), each stamped now.
    public func setPriceRows(_ rows: [PriceListRow]) {
        let now = time.now()
        for var row in rows {
            row.updatedAt = now
            row.isRemoved = false
            priceRows[row.key] = row
        }
    }

    /// Removes a row from the price list: the full list leaves it out, the change feed reports it removed.
    /// - Returns: Whether the list held it.
    @discardableResult
    public func removePriceRow(key: String) -> Bool {
        guard var row = priceRows[key], !row.isRemoved else { return false }
        row.isRemoved = true
        row.updatedAt = time.now()
        priceRows[key] = row
        return true
    }

    /// Changes the amount of every `stride`-th live row of `kind` (in key order, from the `offset`-th), stamped now:
    /// a controlled share of changes, such as 1 % with a stride of 100.
    /// - Returns: The rows changed.
    @discardableResult
    public func repriceRows(kind: PriceListRow.Kind? = nil, stride: Int, offset: Int = 0, by delta: Decimal)
        -> [PriceListRow]
    {
        let now = time.now()
        let keys = priceRows.values.filter { !$0.isRemoved && (kind == nil || $0.kind == kind) }.map(\.key).sorted()
        var changed: [PriceListRow] = []
        for index in Swift.stride(from: offset, to: keys.count, by: max(1, stride)) {
            guard var row = priceRows[keys[index]] else { continue }
            row.amount += delta
            row.updatedAt = now
            priceRows[row.key] = row
            changed.append(row)
        }
        return changed
    }

    /// The live rows of the price list, in key order.
    public var priceListRows: [PriceListRow] {
        priceRows.keys.sorted().compactMap { key in priceRows[key].flatMap { $0.isRemoved ? nil : $0 } }
    }

    // MARK: ERPPriceList

    /// Every live row, in key order.
    public func priceList() async throws -> [PriceListRow] {
        try await inject("priceList")
        return priceListRows
    }

    // MARK: ERPPriceListChanges

    /// Rows changed or removed after `cursor`, with the feed faults applied.
    public func priceChanges(after cursor: FeedCursor, limit: Int) async throws -> [PriceListRow] {
        try await inject("priceChanges")
        return feed(priceRows.values.page(after: cursor, limit: limit))
    }
}
