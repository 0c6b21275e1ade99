import AdobeCommerce
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The sample ERP's styles: one item (SKU) per colour and size, grouped under a style number, with a picture and,
/// when the shop has a second language, a translated title. Kept in the ERP's SQLite file in tables of their own;
/// it opens its own connection beside `SampleERP`'s (SQLite's WAL lets both read and write the file).
///
/// The adapter turns each style into a `VariantFamily`; a style is listed again whenever it or one of its items
/// changes, with its whole current item list, so an item the ERP deletes is simply absent.
actor SampleStructureERP: ProductStructureSource {
    static let colours = ["Red", "Blue", "Black"]
    static let sizes = ["S", "M", "L"]

    private let database: SQLiteConnection
    private let localizedStoreCode: String?

    /// Opens (creating) the style tables in the ERP's file.
    /// - Parameters:
    ///   - path: The ERP's SQLite file.
    ///   - localizedStoreCode: The store view that shows the translated titles, if the shop has one.
    init(path: String, localizedStoreCode: String? = nil) throws {
        database = try SQLiteConnection(path: path, busyTimeout: .seconds(5))
        self.localizedStoreCode = localizedStoreCode
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS styles(number TEXT PRIMARY KEY, title TEXT NOT NULL, title_fr TEXT NOT NULL,
                text TEXT NOT NULL, category INTEGER NOT NULL, picture BLOB NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS style_items(sku TEXT PRIMARY KEY, style TEXT NOT NULL, colour TEXT NOT NULL,
                size TEXT NOT NULL, price TEXT NOT NULL);
            """)
    }

    /// A PNG header (what Magento's image check reads) with a mark, so each picture's bytes differ.
    static func picture(_ mark: Int) -> Data {
        let header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        return Data(header + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0] + Array("\(mark)".utf8))
    }

    static func style(_ index: Int) -> String { String(format: "STYLE-%03d", index) }

    /// Fills empty style tables with `styles` styles of 3 colours × 3 sizes.
    /// - Returns: Whether they were empty.
    func seedIfEmpty(styles: Int, now: Date) throws -> Bool {
        guard try database.integer("SELECT COUNT(*) FROM styles") == 0 else { return false }
        try database.transaction { () throws(BridgeError) in
            for index in 1...max(1, styles) {
                let number = Self.style(index)
                try database.statement("INSERT INTO styles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").bind(
                    .text(number), .text("Work shirt \(index)"), .text("Chemise de travail \(index)"),
                    .text("Heavy cotton work shirt no. \(index)."), .integer(index % 2 == 0 ? 6 : 7),
                    .blob(Self.picture(index)), .date(now)
                ).run()
                for colour in Self.colours {
                    for size in Self.sizes {
                        try database.statement("INSERT INTO style_items VALUES (?1, ?2, ?3, ?4, ?5)").bind(
                            .text("\(number)-\(colour.uppercased())-\(size)"), .text(number), .text(colour),
                            .text(size), .text("\(Decimal(30 + index))")
                        ).run()
                    }
                }
            }
        }
        return true
    }

    /// What the ERP's users did since the last run: a new size for one style, an item dropped from another, a new
    /// picture for a third. Deterministic per run number.
    /// - Returns: A line for the run report.
    func simulateActivity(run: Int, now: Date) throws -> String {
        let count = Int(try database.integer("SELECT COUNT(*) FROM styles"))
        guard count > 0 else { return "" }
        let grown = Self.style(run % count + 1)
        let trimmed = Self.style((run + 1) % count + 1)
        let pictured = Self.style((run + 2) % count + 1)
        let size = "XL\(run)"
        try database.transaction { () throws(BridgeError) in
            try database.statement("INSERT OR IGNORE INTO style_items VALUES (?1, ?2, 'Red', ?3, '45')").bind(
                .text("\(grown)-RED-\(size)"), .text(grown), .text(size)
            ).run()
            try database.statement(
                "DELETE FROM style_items WHERE sku = (SELECT MAX(sku) FROM style_items WHERE style = ?1)"
            ).bind(.text(trimmed)).run()
            try database.statement("UPDATE styles SET picture = ?2 WHERE number = ?1").bind(
                .text(pictured), .blob(Self.picture(1_000 + run))
            ).run()
            try database.statement("UPDATE styles SET updated_at = ?2 WHERE number IN (?1, ?3, ?4)").bind(
                .text(grown), .date(now), .text(trimmed), .text(pictured)
            ).run()
        }
        return "size \(size) added to \(grown), an item dropped from \(trimmed), a new picture for \(pictured)"
    }

    // MARK: ProductStructureSource

    func variantFamilyChanges(after cursor: FeedCursor, limit: Int) async throws -> [VariantFamily] {
        let styles = try database.statement(
            """
            SELECT number, title, title_fr, text, category, picture, updated_at FROM styles
            WHERE (updated_at, number) > (?1, ?2) ORDER BY updated_at, number LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
            .rows { row in
                (
                    number: row.text(0) ?? "", title: row.text(1) ?? "", titleFR: row.text(2) ?? "",
                    text: row.text(3) ?? "", category: Int(row.int64(4)), picture: row.blob(5),
                    updatedAt: row.date(6)
                )
            }
        var families: [VariantFamily] = []
        for style in styles {
            let items = try database.statement(
                "SELECT sku, colour, size, price FROM style_items WHERE style = ?1 ORDER BY sku"
            ).bind(.text(style.number)).rows { row in
                VariantFamily.Variant(
                    sku: row.text(0) ?? "", options: ["color": row.text(1) ?? "", "size": row.text(2) ?? ""],
                    attributes: ["price": row.text(3) ?? "0", "weight": "0.4"])
            }
            var localized: [String: LocalizedContent] = [:]
            if let code = localizedStoreCode { localized[code] = LocalizedContent(name: style.titleFR) }
            families.append(
                VariantFamily(
                    parentSKU: style.number, name: style.title, configurableAttributes: ["color", "size"],
                    variants: items, attributes: ["description": style.text], categoryIDs: [style.category],
                    websiteIDs: [1],
                    images: [
                        ProductImage(
                            key: "main", content: style.picture, mimeType: "image/png", label: style.title,
                            roles: [.base, .small, .thumbnail])
                    ],
                    localized: localized, updatedAt: style.updatedAt))
        }
        return families
    }
}
