extension EchoFingerprint {
    /// The fingerprint of a credit memo the connector made in Commerce from ERP data. An engine that refunds in
    /// Commerce for the ERP records it (``StoreChanges/recordEcho(_:until:)``) in the commit that records the credit
    /// memo; `OrderAdjustmentExportEngine` then does not send that credit memo back to the ERP.
    /// - Parameter id: The credit memo's `entity_id`.
    public static func commerceCreditMemo(id: Int) -> EchoFingerprint {
        EchoFingerprint(EntityReference("creditmemo", .commerce, String(id)), contentHash: "created-from-erp")
    }

    /// The fingerprint of an order the connector cancelled in Commerce because the ERP cancelled it. An engine that
    /// cancels in Commerce for the ERP records it in the commit that records the cancellation;
    /// `OrderAdjustmentExportEngine` then does not send the cancellation back to the ERP.
    /// - Parameter orderID: The order's `entity_id`.
    public static func commerceCancellation(orderID: Int) -> EchoFingerprint {
        EchoFingerprint(EntityReference(.order, .commerce, "cancel:\(orderID)"), contentHash: "cancelled-from-erp")
    }
}
