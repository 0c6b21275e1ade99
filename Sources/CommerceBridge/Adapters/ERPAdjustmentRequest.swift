/// What the connector sends the ERP about an order after exporting it: a cancellation or a credit memo.
public enum ERPAdjustmentRequest: Sendable, Hashable, Codable {
    /// The order was cancelled in Commerce.
    case cancellation(ERPCancellationRequest)
    /// A credit memo was made in Commerce.
    case creditMemo(ERPCreditNoteRequest)

    /// The ERP order it is about.
    public var erpOrderNumber: String {
        switch self {
        case .cancellation(let cancellation): cancellation.erpOrderNumber
        case .creditMemo(let creditMemo): creditMemo.erpOrderNumber
        }
    }
}
