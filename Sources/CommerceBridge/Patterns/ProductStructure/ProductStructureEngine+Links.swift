import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Attribute options, products, configurable options, child links and deleted variants.
extension ProductStructureEngine {
    typealias Schema = CommerceSchema

    /// The id of the option `label` of attribute `code`, created once when Commerce lacks it.
    ///
    /// Commerce's options are read once per pass; a label missing there is claimed in the ID map and created. A claim
    /// left pending by a crash is resolved by reading the options again and finding the label (compared in upper
    /// case, as Magento does), so the option is never created twice. Releases that answer a placeholder
    /// (`id_new_option`) instead of the id are read again the same way.
    func optionID(_ code: String, _ label: String, _ work: inout FamilyWork, _ cache: inout PassCache) async throws
        -> Int
    {
        let key = MappingKey(Self.attributeOptionKind, from: origin, "\(code)|\(label.uppercased())", to: .commerce)
        if let id = try await attribute(code, &cache).options[label.uppercased()] { return id }
        let token: String
        switch try await store.claimMapping(key, token: UUID().uuidString.lowercased(), now: time.now()) {
        case .mapped:
            // Created before, then deleted in Commerce: create it again, without a claim to record it under.
            return try await createOption(code, label, claim: nil, &work, &cache)
        case .claimed(let claimed):
            token = claimed
        case .pending(let pending, _):
            token = pending
            if let id = try await attribute(code, &cache, refresh: true).options[label.uppercased()] {
                work.changes.completeMapping(key, token: token, targetID: String(id))
                return id
            }
        }
        return try await createOption(code, label, claim: (key, token), &work, &cache)
    }

    private func createOption(
        _ code: String, _ label: String, claim: (key: MappingKey, token: String)?, _ work: inout FamilyWork,
        _ cache: inout PassCache
    ) async throws -> Int {
        var id: Int?
        var created = false
        do {
            let answer = try await commerce.operations.products.postProductsAttributesByAttributeCodeOptions(
                attributeCode: code, option: Schema.EavAttributeOption(label: label))
            created = true
            id = Int(answer)
        } catch let refusal as CommerceError
            where Self.isRefusal(refusal) && refusal.message.hasPrefix("Admin store attribute option label")
        {
            // Another writer made it since the options were read.
        }
        if id == nil {
            // A placeholder answer (`id_new_option`), or made by another writer: found by its label.
            id = try await attribute(code, &cache, refresh: true).options[label.uppercased()]
        }
        guard let id else {
            throw CommerceError(
                code: .malformedResponse,
                message: "The option \"\(label)\" of \"\(code)\" was saved but is not among the attribute's options.")
        }
        if created { work.report.optionsCreated += 1 }
        cache.attributes[code]?.options[label.uppercased()] = id
        if let claim { work.changes.completeMapping(claim.key, token: claim.token, targetID: String(id)) }
        return id
    }

    /// The attribute's id and options, read once per pass (again when `refresh`).
    private func attribute(_ code: String, _ cache: inout PassCache, refresh: Bool = false) async throws -> (
        id: Int, label: String, options: [String: Int]
    ) {
        if !refresh, let known = cache.attributes[code] { return known }
        let attribute = try await commerce.productAttributes.get(code: code)
        var options: [String: Int] = [:]
        for option in attribute.options ?? [] {
            guard let label = option.label, let value = option.value.flatMap({ Int($0) }) else { continue }
            options[label.uppercased()] = options[label.uppercased()] ?? value
        }
        let known = (attribute.attributeID ?? 0, attribute.defaultFrontendLabel ?? code, options)
        cache.attributes[code] = known
        return known
    }

    /// Writes a product through the `all` scope when it differs from what was last written.
    /// - Returns: Whether Commerce holds it (a refusal is parked).
    func write(_ product: Product, _ work: inout FamilyWork) async throws -> Bool {
        let sku = product.sku ?? ""
        let part = "product:\(sku)"
        let hash = CanonicalJSON.hash(try JSONValue(encoding: product))
        guard work.record.parts[part] != hash else { return true }
        do {
            _ = try await commerce.products.update(product)
        } catch let refusal as CommerceError where Self.isRefusal(refusal) {
            try await park(sku, refusal.message, &work)
            return false
        }
        work.record.parts[part] = hash
        work.report.productsWritten += 1
        return true
    }

    /// Adds the parent's configurable option for `code`, once: claimed in the ID map; a pending claim, or Magento's
    /// "Product already has this option", is resolved by reading the parent's options.
    func addConfigurableOption(
        _ parentSKU: String, _ code: String, position: Int, values: [Int], _ work: inout FamilyWork,
        _ cache: inout PassCache
    ) async throws {
        let configurable = commerce.operations.configurableProducts
        let (attributeID, label, _) = try await attribute(code, &cache)
        let key = MappingKey(Self.configurableOptionKind, from: origin, "\(parentSKU)|\(code)", to: .commerce)
        func existing() async throws -> Int? {
            try await configurable.getConfigurableProductsBySKUOptionsAll(sku: parentSKU)
                .first { $0.attributeID == String(attributeID) }?.id
        }
        let token: String
        switch try await store.claimMapping(key, token: UUID().uuidString.lowercased(), now: time.now()) {
        case .mapped(let id):
            if let id = Int(id), try await existing() == id {
                work.record.options[code] = id
                return
            }
            token = ""
        case .claimed(let claimed): token = claimed
        case .pending(let pending, _):
            token = pending
            if let id = try await existing() {
                work.changes.completeMapping(key, token: token, targetID: String(id))
                work.record.options[code] = id
                return
            }
        }
        let option = Schema.ConfigurableProductOption(
            attributeID: String(attributeID), label: label, position: position,
            values: values.map { Schema.ConfigurableProductOptionValue(valueIndex: $0) })
        var id: Int?
        do {
            id = try await configurable.postConfigurableProductsBySKUOptions(sku: parentSKU, option: option)
            work.report.configurableOptionsCreated += 1
        } catch let refusal as CommerceError
            where Self.isRefusal(refusal) && refusal.message == "Product already has this option"
        {
            id = try await existing()
        }
        guard let id else { return }
        if !token.isEmpty { work.changes.completeMapping(key, token: token, targetID: String(id)) }
        work.record.options[code] = id
    }

    /// Links a child; Magento's refusal of a link it already has counts as done, any other refusal is parked.
    func link(_ childSKU: String, to parentSKU: String, _ work: inout FamilyWork) async throws {
        do {
            try await commerce.operations.configurableProducts.postConfigurableProductsBySKUChild(
                sku: parentSKU, childSKU: childSKU)
            work.report.linksCreated += 1
        } catch let refusal as CommerceError where Self.isRefusal(refusal) {
            guard Self.alreadyAttached.contains(refusal.message) else {
                try await park(childSKU, "link to \"\(parentSKU)\": \(refusal.message)", &work)
                return
            }
            work.report.linksAlreadyPresent += 1
        }
        work.record.links.append(childSKU)
    }

    /// Magento's refusals of a link that exists: 2.4, and releases before it.
    static let alreadyAttached: Set<String> = [
        "The product is already attached.", "Product has been already attached to configurable product",
    ]

    /// Applies the deletion rule to a child the engine linked that the source no longer lists.
    func remove(_ childSKU: String, from parentSKU: String, _ work: inout FamilyWork) async throws {
        let rule = configuration.deletion
        if rule.disables || rule == .delete, ownership.owner(of: .product, field: "status") != origin {
            try await park(
                childSKU,
                "deleted in \(origin), but \(origin) does not own product.status: disable or delete it in Commerce",
                &work)
            work.record.forget(childSKU, deleted: false)
            return
        }
        do {
            if rule.unlinks {
                do {
                    try await commerce.operations.configurableProducts
                        .deleteConfigurableProductsBySKUChildrenByChildSKU(sku: parentSKU, childSKU: childSKU)
                } catch let missing as CommerceError where missing.httpStatus == 404 {
                    // Unlinked already (a retry, or by a merchandiser).
                }
                work.report.variantsUnlinked += 1
            }
            if rule.disables {
                var product = Product(sku: childSKU)
                product.productStatus = .disabled
                _ = try await commerce.products.update(product)
                work.report.variantsDisabled += 1
            }
            if rule == .delete {
                do {
                    _ = try await commerce.products.delete(sku: childSKU)
                } catch let missing as CommerceError where missing.httpStatus == 404 {}
                work.report.variantsDeleted += 1
            }
        } catch let refusal as CommerceError where Self.isRefusal(refusal) {
            try await park(childSKU, "\(rule) after deletion in \(origin): \(refusal.message)", &work)
        }
        work.changes.audit(
            AuditRecord(
                entity: EntityReference(.product, origin, childSKU), action: "productStructure.variantDeleted",
                winner: origin, rule: "variantDeletion.\(rule)",
                explanation: "\(origin) no longer lists \(childSKU) in \(parentSKU): \(rule)",
                correlationID: "structure-\(parentSKU)", time: work.changes.time))
        work.record.forget(childSKU, deleted: rule == .delete)
    }
}
