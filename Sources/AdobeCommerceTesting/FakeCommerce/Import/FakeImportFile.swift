import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The rows of an import request, read as Magento's import sources read them: the CSV document of
/// `source.csv_data` (base64, as `Magento\ImportCsv\Model\StartImport` decodes it, then `fgetcsv` with the field
/// separator) or the objects of `source.items`. A row is its columns by name; an empty CSV cell is an absent value.
struct FakeImportFile {
    var columns: [String]
    var rows: [[String: String]]

    /// The CSV document of `csvData`.
    static func csv(base64 csvData: String, separator: Character) throws(FakeError) -> FakeImportFile {
        guard let data = Data(base64Encoded: csvData), let text = String(data: data, encoding: .utf8) else {
            throw FakeError(400, "Sorry, but the data is invalid or the file is not uploaded.")
        }
        var records = parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, separator: separator)
        guard !records.isEmpty else { return FakeImportFile(columns: [], rows: []) }
        let header = records.removeFirst()
        let rows = records.filter { $0 != [""] }.map { record in
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < record.count && !record[index].isEmpty {
                row[name] = record[index]
            }
            return row
        }
        return FakeImportFile(columns: header, rows: rows)
    }

    /// The objects of `items`, their scalar members as text.
    static func json(_ items: [JSONValue]) -> FakeImportFile {
        var columns: [String] = []
        let rows = items.map { item in
            var row: [String: String] = [:]
            for (name, value) in item.objectValue ?? [:] {
                if !columns.contains(name) { columns.append(name) }
                if let text = value.stringValue, !text.isEmpty { row[name] = text }
            }
            return row
        }
        return FakeImportFile(columns: columns, rows: rows)
    }

    /// RFC 4180 records: quoted fields may hold separators, doubled quotes and line breaks.
    static func parse(_ text: String, separator: Character) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var iterator = text.makeIterator()
        var pending: Character?
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case separator:
                record.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n", "\r":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                atFieldStart = true
            default:
                field.append(character)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
