#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The answer one checkout's reservation got, kept in the store so that every worker gives the same answer and the
/// hold is released once its time has passed, whichever worker made it.
///
/// The store does not read ``answer``: `ReservationEngine` writes its decision there as JSON.
public struct ReservationRecord: Sendable, Hashable {
    /// The reservation key (the checkout's cart id).
    public var key: String
    /// The claim token of the worker that decided it; ``StoreChanges/saveReservation(_:)`` needs it to hold the key.
    public var token: String
    /// The decision, encoded by whoever decided.
    public var answer: String
    /// Whether the ERP holds stock under the key (a reservation not yet confirmed), to release at ``expiresAt``.
    public var holdsStock: Bool
    /// When the answer lapses: the hold's deadline, or when a checkout that got no hold is over.
    public var expiresAt: Date

    /// Creates a record.
    public init(key: String, token: String, answer: String, holdsStock: Bool, expiresAt: Date) {
        self.key = key
        self.token = token
        self.answer = answer
        self.holdsStock = holdsStock
        self.expiresAt = expiresAt
    }
}

/// What ``ConnectorStore/claimReservation(key:token:leaseDuration:now:)`` found.
public enum ReservationClaim: Sendable, Hashable {
    /// The caller decides the reservation: ask the ERP, then save the answer with this token.
    case claimed(token: String)
    /// Another worker is deciding it; its claim lapses at the date, when the key may be claimed again.
    case pending(until: Date)
    /// The reservation was decided: give the same answer (even when it has expired: the caller decides what then).
    case answered(ReservationRecord)
}
