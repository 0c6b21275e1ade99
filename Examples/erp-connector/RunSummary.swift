import CommerceBridge

/// What one run did, gathered for the final report.
struct RunSummary {
    struct Drift {
        var inventory: InventoryReconciler.Report
        var catalog: CatalogSyncEngine.Report
        var orders: OrderReconciler.Report
        var customers: CustomerMasterEngine.Reconciliation

        var found: Int {
            inventory.missing.count + inventory.extra.count + inventory.mismatched.count + catalog.drifted
                + orders.missing.count + orders.extra.count + orders.mismatched.count + customers.missingInMaster.count
                + customers.missingInCommerce.count + customers.mismatched.count
        }
        var repaired: Int {
            inventory.repaired + catalog.drifted + orders.requeued + orders.remapped + customers.repaired
                + customers.remapped
        }
        var parked: Int { inventory.parked + orders.parked + customers.parked }
    }

    /// Orders over every export pass of the run.
    struct Orders {
        var queued = 0
        var delivered = 0
        var retried = 0
        var deadLettered = 0

        mutating func add(_ report: DualWriteOrderEngine.Report) {
            queued += report.queued
            delivered += report.export.delivered
            retried += report.export.retried
            deadLettered += report.export.deadLettered
        }
    }

    var catalog: CatalogSyncEngine.Report
    var inventory: InventorySyncEngine.Report
    var orders: Orders
    var shipments: Int
    var invoices: Int
    var pricing: PricingEngine.Statistics
    var customers: CustomerMasterEngine.Report
    var structure: ProductStructureSummary
    var lifecycle: OrderLifecycleSummary
    var imported: BatchImportSummary
    var adjustments: AdjustmentsSummary
    var prices: PricePushStep.Summary
    var drift: Drift?
}
