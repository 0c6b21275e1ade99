public import CommerceBridge

extension AdapterConformance {
    /// An `ERPPriceList` lists each row once, with a SKU and no removed rows; with a change feed
    /// (`ERPPriceListChanges`) the feed keeps the keyset contract and holds every row of the list as it is now.
    /// - Parameter list: The price list under test; it must hold at least one row.
    public static func priceList(_ list: any ERPPriceList) async throws {
        func expect(_ condition: Bool, _ message: String) throws {
            if !condition { throw ConnectorStoreConformance.Failure(check: "priceList", message: message) }
        }
        let rows = try await list.priceList()
        try expect(!rows.isEmpty, "the list holds at least one row")
        try expect(Set(rows.map(\.key)).count == rows.count, "each row key is listed once")
        try expect(rows.allSatisfy { !$0.sku.allSatisfy(\.isWhitespace) }, "every row has a SKU")
        try expect(rows.allSatisfy { !$0.isRemoved }, "the full list leaves removed rows out")
        guard let feed = list as? any ERPPriceListChanges else { return }
        let changes = try await Self.feed("priceChanges") { cursor, limit in
            try await feed.priceChanges(after: cursor, limit: limit)
        }
        var latest: [String: PriceListRow] = [:]
        for row in changes { latest[row.key] = row }
        for row in rows {
            try expect(
                latest[row.key].map { !$0.isRemoved && $0.amount == row.amount } == true,
                "the change feed holds row \(row.key) as the list has it")
        }
    }
}
