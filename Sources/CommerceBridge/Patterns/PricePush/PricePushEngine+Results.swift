import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension PricePushEngine {
    /// Maps each `PriceUpdateResult` of one call back to the items it names, by position in `items`.
    ///
    /// Magento answers only the items it refused, each with a message and the values of its placeholders, not the
    /// item's position: the SKU (`Row ID: SKU = …`), the store or website, and for a tier the customer group and the
    /// quantity. Each item is scored by how many of its own values the result carries, the SKU above all; the items
    /// with the best score are the ones refused. A result that names none of the items (Magento's bare
    /// `Invalid attribute Price = -1` carries only the price) is given to every item whose amount it names, and
    /// failing that to the whole call, so that nothing refused is ever recorded as saved.
    /// - Returns: The reasons, by item position.
    static func attribute(_ results: [PriceUpdateResult], to items: [PricePushItem]) -> [Int: [String]] {
        var failures: [Int: [String]] = [:]
        guard !results.isEmpty else { return failures }
        let identities = items.map(Identity.init)
        for result in results {
            let message = result.message ?? ""
            let parameters = result.parameterTexts ?? []
            let texts = Set(parameters.map { $0.lowercased() })
            let numbers = parameters.compactMap(Self.number)
            var best = 0
            var matches: [Int] = []
            for (offset, identity) in identities.enumerated() {
                let score = identity.score(texts: texts, numbers: numbers, message: message)
                if score > best {
                    best = score
                    matches = [offset]
                } else if score == best, score > 0 {
                    matches.append(offset)
                }
            }
            if best == 0 { matches = Array(items.indices) }
            let reason = Self.describe(message, parameters)
            for offset in matches { failures[offset, default: []].append(reason) }
        }
        return failures
    }

    /// Magento's message with its placeholders filled when it still has them: named placeholders (`%SKU`) are
    /// answered as a plain list, so the values are listed after the message rather than guessed into it.
    static func describe(_ message: String, _ parameters: [String]) -> String {
        var scalars = message.unicodeScalars.makeIterator()
        var placeholders = false
        while let scalar = scalars.next() {
            if scalar == "%", let next = scalars.next(), next.properties.isAlphabetic || ("0"..."9").contains(next) {
                placeholders = true
                break
            }
        }
        guard placeholders, !parameters.isEmpty else { return message }
        if parameters.count == 2, message.hasPrefix("Invalid attribute %fieldName = %fieldValue") {
            return "Invalid attribute \(parameters[0]) = \(parameters[1])."
        }
        return "\(message) (\(parameters.joined(separator: ", ")))"
    }

    /// A decimal written as one (`-12`, `9.50`), never a prefix of something else (`24-MB01`).
    static func number(_ text: String) -> Decimal? {
        var digits = 0
        var dots = 0
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                digits += 1
            } else if character == "." {
                dots += 1
            } else if character == "-", index == 0 {
                continue
            } else {
                return nil
            }
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Decimal(string: text, locale: nil)
    }

    /// The values of a sent item a result may name.
    struct Identity {
        var sku: String
        var scope: Int
        var scopeLabel: String
        var amount: Decimal?
        var group: String?
        var quantity: Decimal?

        init(_ item: PricePushItem) {
            switch item {
            case .base(let price):
                self.init(sku: price.sku, scope: price.storeID, label: "Store ID", amount: price.price)
            case .special(let price):
                self.init(sku: price.sku, scope: price.storeID, label: "Store ID", amount: price.price)
            case .cost(let cost):
                self.init(sku: cost.sku, scope: cost.storeID, label: "Store ID", amount: cost.cost)
            case .tier(let price):
                self.init(sku: price.sku, scope: price.websiteID, label: "Website ID", amount: price.price)
                group = price.customerGroup?.lowercased()
                quantity = price.quantity
            }
        }

        private init(sku: String?, scope: Int?, label: String, amount: Decimal?) {
            self.sku = sku ?? ""
            self.scope = scope ?? 0
            self.scopeLabel = label
            self.amount = amount
        }

        func score(texts: Set<String>, numbers: [Decimal], message: String) -> Int {
            var score = 0
            if !sku.isEmpty,
                texts.contains(sku.lowercased()) || message.contains("SKU = \(sku),")
                    || message.contains("SKU = \(sku).")
            {
                score += 8
            }
            if let group, texts.contains(group) || message.lowercased().contains("customer group: \(group),") {
                score += 2
            }
            if let quantity, numbers.contains(quantity) { score += 2 }
            if message.contains("\(scopeLabel): \(scope),") || message.contains("\(scopeLabel): \(scope).") {
                score += 2
            } else if numbers.contains(Decimal(scope)) {
                score += 1
            }
            if let amount, numbers.contains(amount) { score += 1 }
            return score
        }
    }
}
