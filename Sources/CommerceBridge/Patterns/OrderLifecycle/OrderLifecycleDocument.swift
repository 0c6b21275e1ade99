/// One record of an ``OrderLifecycleSource`` feed, as ``OrderLifecyclePattern`` steps see it.
public enum OrderLifecycleDocument: Sendable, Hashable {
    /// A status change or comment, hold, release or cancellation.
    case event(ERPOrderEvent)
    /// A credit memo.
    case creditMemo(ERPCreditMemo)
    /// A return, in its current state.
    case `return`(ERPReturn)

    /// The ERP order the record belongs to.
    public var erpOrderNumber: String {
        switch self {
        case .event(let event): event.erpOrderNumber
        case .creditMemo(let memo): memo.erpOrderNumber
        case .return(let rma): rma.erpOrderNumber
        }
    }

    /// The entity the record is audited and parked as: `orderEvent`, `creditmemo` or `return`, keyed by the ERP's id.
    public var entity: EntityReference {
        switch self {
        case .event(let event): EntityReference(OrderLifecycleEngine.eventKind, .erp, event.id)
        case .creditMemo(let memo): EntityReference(OrderLifecycleEngine.creditMemoKind, .erp, memo.number)
        case .return(let rma): EntityReference(OrderLifecycleEngine.returnKind, .erp, rma.number)
        }
    }
}
