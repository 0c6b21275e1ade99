/// Magento's answer to `POST /V1/import/csv` or `/V1/import/json`: a list of messages, read.
///
/// Magento answers `["Entities Processed: 120"]` when it imported, `["Row 3: SKU is empty", …]` when rows failed
/// validation (rows counted from 1, the first data row, within the file sent), and other single messages when the
/// file as a whole was refused (`"This file is empty. Please try another one."`, `"Maximum error count has been
/// reached or system error is occurred!"`, an exception's message from saving).
public struct ImportAnswer: Sendable, Hashable {
    /// One row Magento refused.
    public struct RowError: Sendable, Hashable {
        /// The row, counted from 1 (the first data row) within the file sent.
        public var row: Int
        /// Magento's message for it.
        public var message: String
    }

    /// The messages as answered.
    public var messages: [String]
    /// The entities Magento processed, when it imported (`Entities Processed: N`).
    public var processedEntities: Int?
    /// The rows refused, in the order answered.
    public var rowErrors: [RowError]

    /// Reads `messages`.
    public init(messages: [String]) {
        self.messages = messages
        var rowErrors: [RowError] = []
        var processed: Int?
        for message in messages {
            if message.hasPrefix("Entities Processed: "), let count = Int(message.dropFirst(20)) {
                processed = count
            } else if message.hasPrefix("Row "), let colon = message.firstIndex(of: ":"),
                let row = Int(message[message.index(message.startIndex, offsetBy: 4)..<colon])
            {
                let text = message[message.index(after: colon)...].drop { $0 == " " }
                rowErrors.append(RowError(row: row, message: String(text)))
            }
        }
        self.processedEntities = processed
        self.rowErrors = rowErrors
    }

    /// Whether Magento imported the file (it answered a processed count and no row errors).
    public var isImported: Bool { processedEntities != nil && rowErrors.isEmpty }

    /// The messages that name no row: a refusal of the file as a whole.
    public var fileMessages: [String] {
        messages.filter { !$0.hasPrefix("Row ") && !$0.hasPrefix("Entities Processed: ") }
    }
}
