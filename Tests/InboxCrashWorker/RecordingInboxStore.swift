import AdobeCommerce
import CommerceBridge
import CommerceBridgeTesting
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store, recording in the sink every acknowledgement whose commit failed (`F <event id> <pid>`): the
/// handler runs whose effect did not land for a reason other than a kill.
struct RecordingInboxStore: ForwardingConnectorStore {
    let base: any ConnectorStore
    let sink: AppendOnlyFile

    func commit(_ changes: StoreChanges) async throws {
        do {
            try await base.commit(changes)
        } catch {
            for lease in changes.acknowledgedEvents { sink.append("F \(lease.event.eventID) \(getpid())\n") }
            throw error
        }
    }
}
