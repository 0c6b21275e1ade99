import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Offline refunds, of an order (`POST /V1/order/{orderID}/refund`) or of one invoice
/// (`POST /V1/invoice/{invoiceID}/refund`), with the checks and messages of Magento's `RefundOrder` and
/// `RefundInvoice`: the order's `CanRefund`, the invoice's `CanRefund`, the credit memo's `QuantityValidator` and
/// `TotalsValidator`, all reported together as "Creditmemo Document Validation Error(s):", and the shipping total's
/// "Maximum shipping amount allowed to refund is: %1", raised while the credit memo is built.
///
/// Not modelled: the payment method's own refund rules (every method refunds offline, partially, per invoice), tax.
enum FakeCreditmemos {
    static let operations: [CommerceOperation] = [
        CommerceSchema.Operations.Invoice.postInvoiceByInvoiceIDRefundOperation
    ]

    static let handlers: [String: FakeHandler] = [
        CommerceSchema.Operations.Invoice.postInvoiceByInvoiceIDRefundOperation.id: {
            state, request, context throws(FakeError) in
            let invoiceID = try request.intPath("invoiceId")
            guard let invoice = state.invoices[invoiceID], let orderID = invoice["order_id"]?.intValue else {
                throw FakeSalesHandlers.entityMissing
            }
            return try refund(request, state: &state, now: context.now, invoiceID: invoiceID, orderID: orderID)
        }
    ]

    /// Creates a credit memo: of the invoice `invoiceID` when given, else of the order in the `orderID` path value.
    static func refund(
        _ request: FakeRequest, state: inout FakeState, now: String, invoiceID: Int?, orderID given: Int? = nil
    ) throws(FakeError) -> JSONValue {
        var orderID = given ?? 0
        if given == nil { orderID = try request.intPath("orderId") }
        var order = try FakeSalesHandlers.order(orderID, state)
        let invoice = invoiceID.flatMap { state.invoices[$0] }
        let paid = FakeSalesAmounts.amount(order, "total_paid")
        let refunded = FakeSalesAmounts.amount(order, "total_refunded")
        let lines = FakeSalesHandlers.lines(order)
        func unrefunded(_ item: JSONObject) -> Decimal {
            FakeSalesAmounts.amount(item, "qty_invoiced") - FakeSalesAmounts.amount(item, "qty_refunded")
        }
        /// What each order line may refund: what is invoiced and not refunded, and with an invoice, no more than the
        /// invoice holds less what its credit memos refunded.
        var limits: [Int: Decimal] = [:]
        for item in lines { if let id = item["item_id"]?.intValue { limits[id] = unrefunded(item) } }
        if let invoiceID, let invoice {
            var perInvoice: [Int: Decimal] = [:]
            for line in invoice["items"]?.arrayValue ?? [] {
                if let id = line["order_item_id"]?.intValue {
                    perInvoice[id, default: 0] += line["qty"]?.decimalValue ?? 0
                }
            }
            for memo in state.creditmemos.values where memo["invoice_id"]?.intValue == invoiceID {
                for line in memo["items"]?.arrayValue ?? [] {
                    if let id = line["order_item_id"]?.intValue {
                        perInvoice[id, default: 0] -= line["qty"]?.decimalValue ?? 0
                    }
                }
            }
            for (id, limit) in limits { limits[id] = min(limit, perInvoice[id] ?? 0) }
        }

        // Building the credit memo: quantities, then the shipping total, which throws on its own.
        var quantities: [Int: Decimal] = [:]
        var messages: [String] = []
        let requested = request.member("items")?.arrayValue ?? []
        if requested.isEmpty {
            for (id, limit) in limits where limit > 0 { quantities[id] = limit }
        } else {
            for entry in requested {
                let itemID = entry["order_item_id"]?.intValue ?? 0
                let qty = entry["qty"]?.decimalValue ?? 0
                guard let item = lines.first(where: { $0["item_id"]?.intValue == itemID }) else {
                    messages.append("The creditmemo contains product SKU \"\" that is not part of the original order.")
                    continue
                }
                if qty < 0 || qty > (limits[itemID] ?? 0) {
                    let sku = item["sku"]?.stringValue ?? ""
                    messages.append(
                        "The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "
                            + "\"\(sku)\".")
                } else if qty > 0 {
                    quantities[itemID, default: 0] += qty
                }
            }
        }
        let arguments = request.member("arguments")?.objectValue ?? [:]
        let allowedShipping =
            FakeSalesAmounts.amount(order, "shipping_amount") - FakeSalesAmounts.amount(order, "shipping_refunded")
        let shipping = arguments["shipping_amount"]?.decimalValue ?? allowedShipping
        guard shipping <= allowedShipping else {
            throw FakeError(
                400, "Maximum shipping amount allowed to refund is: %1",
                .array([.string(formatted(allowedShipping, state))]))
        }
        let positive = arguments["adjustment_positive"]?.decimalValue ?? 0
        let negative = arguments["adjustment_negative"]?.decimalValue ?? 0

        // The order's CanRefund.
        let orderState = order["state"]?.stringValue ?? ""
        if ["payment_review", "holded", "canceled", "closed"].contains(orderState) {
            messages.insert(
                "A creditmemo can not be created when an order has a status of \(order["status"]?.stringValue ?? "")",
                at: 0)
        } else if !lines.contains(where: { unrefunded($0) > 0 }) {
            messages.insert("The order does not allow a creditmemo to be created.", at: 0)
        }
        if abs(FakeSalesAmounts.cents(paid) - refunded) < Decimal(string: "0.0001")! {
            messages.append("We can't create creditmemo for the order.")
        }
        // The invoice's CanRefund.
        if let invoice {
            let left =
                FakeSalesAmounts.amount(invoice, "grand_total") - FakeSalesAmounts.amount(invoice, "total_refunded")
            if invoice["state"]?.intValue != 2 || left < Decimal(string: "0.0001")! {
                messages.append("We can't create creditmemo for the invoice.")
            }
        }

        let saved = state.nextDocumentID
        let id = saved
        state.nextDocumentID += 1
        let built = FakeSalesHandlers.documentItems(order, quantities, parentID: id, kind: .creditmemo, state: &state)
        let total = built.subtotal - built.discount + shipping + positive - negative
        // The credit memo's QuantityValidator and TotalsValidator.
        if total <= 0 {
            messages.append("The credit memo's total must be positive.")
        } else if built.quantity <= 0, shipping <= 0 {
            messages.append("You can't create a creditmemo without products.")
        }
        if FakeSalesAmounts.cents(refunded + total) > FakeSalesAmounts.cents(paid) {
            messages.append("The most money available to refund is \(paid - refunded).")
        }
        guard messages.isEmpty else {
            state.nextDocumentID = saved  // nothing was saved
            throw FakeError(400, "Creditmemo Document Validation Error(s):\n" + messages.joined(separator: "\n"))
        }
        var creditmemo = FakeSalesHandlers.documentFields(order, request: request, state: state)
        for (key, value) in [
            "entity_id": .int(id), "increment_id": .string(FakeSalesHandlers.pad(id)), "state": .int(2),
            "grand_total": .number(total), "subtotal": .number(built.subtotal),
            "subtotal_incl_tax": .number(built.subtotal), "discount_amount": .number(0 - built.discount),
            "discount_tax_compensation_amount": 0, "shipping_amount": .number(shipping),
            "shipping_incl_tax": .number(shipping), "shipping_tax_amount": 0,
            "shipping_discount_tax_compensation_amount": 0, "tax_amount": 0,
            "adjustment_positive": .number(positive), "adjustment_negative": .number(negative),
            "adjustment": .number(positive - negative),
            "created_at": .string(now), "updated_at": .string(now), "items": built.items,
            "comments": FakeSalesHandlers.documentComments(request, parentID: id, now: now, state: &state),
        ] as JSONObject {
            creditmemo[key] = value
        }
        if let invoiceID { creditmemo["invoice_id"] = .int(invoiceID) }
        FakeSalesAmounts.mirror(&creditmemo, FakeSalesAmounts.documentAmounts)
        state.creditmemos[id] = creditmemo
        if let invoiceID, var invoice {
            FakeSalesAmounts.add(&invoice, "total_refunded", total)
            FakeSalesAmounts.add(&invoice, "base_total_refunded", total)
            invoice["is_used_for_refund"] = 1
            invoice["updated_at"] = .string(now)
            state.invoices[invoiceID] = invoice
        }
        FakeSalesHandlers.addDiscounts(&order, "discount_refunded", quantities)
        FakeSalesHandlers.updateLines(&order, "qty_refunded", quantities)
        for (key, amount) in [
            ("subtotal_refunded", built.subtotal), ("discount_refunded", 0 - built.discount),
            ("shipping_refunded", shipping), ("tax_refunded", 0), ("adjustment_positive", positive),
            ("adjustment_negative", negative), ("total_offline_refunded", total), ("total_refunded", total),
        ] as [(String, Decimal)] {
            FakeSalesAmounts.add(&order, key, amount)
        }
        FakeSalesHandlers.settleState(&order)
        order["updated_at"] = .string(now)
        FakeSalesAmounts.refresh(&order)
        state.orders[orderID] = order
        return .int(id)
    }

    /// An amount as Magento's base currency formats it: `$5.00`.
    static func formatted(_ amount: Decimal, _ state: FakeState) -> String {
        let code = FakeSalesAmounts.currencyFields(state)["base_currency_code"]?.stringValue ?? "USD"
        let symbol = ["USD": "$", "EUR": "€", "GBP": "£"][code] ?? "\(code) "
        let cents = Int((FakeSalesAmounts.cents(abs(amount)) * 100).description) ?? 0
        let fraction = cents % 100
        return (amount < 0 ? "-" : "") + symbol + "\(cents / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
