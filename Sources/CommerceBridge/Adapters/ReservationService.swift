#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Holds stock for a checkout until the order is placed, or lets it go.
public protocol ReservationService: Sendable {
    /// Reserves the lines under `key` until `deadline`; repeating a key returns the same reservation.
    /// - Returns: Whether every line could be reserved.
    func reserve(key: String, lines: [ERPOrderRequest.Line], until deadline: Date) async throws -> Bool
    /// Turns the reservation into an allocation for the placed order; confirming twice is harmless (a worker killed
    /// between the ERP's answer and the connector's record confirms again).
    func confirm(key: String, erpOrderNumber: String?) async throws
    /// Releases the reservation (cancel, failure or expiry); releasing twice is harmless.
    func release(key: String) async throws
}
