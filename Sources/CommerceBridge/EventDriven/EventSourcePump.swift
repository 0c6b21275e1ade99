import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Moves Commerce events from an ``EventSource`` (a RabbitMQ queue, the I/O Events journal, your Kafka topic) into the
/// inbox: receive a batch, file it in one transaction, then acknowledge it at the source. A crash between the two
/// redelivers the batch, and the inbox recognises the events as duplicates; nothing is lost. An element that is not a
/// CloudEvents event can never be handled: it is rejected to the source's dead-letter route.
///
/// ```swift
/// let pump = EventSourcePump(source: rabbitSource, intake: StoreEventIntake(store: store, source: "rabbitmq"))
/// try await pump.run()
/// ```
public struct EventSourcePump: Sendable {
    /// What one pass moved.
    public struct Report: Sendable, Hashable {
        /// Events filed as new.
        public var accepted = 0
        /// Events the inbox already had.
        public var duplicates = 0
        /// Events older than one already taken for their record.
        public var stale = 0
        /// Elements rejected to the source's dead-letter route.
        public var rejected = 0

        /// No events yet.
        public init() {}
    }

    private let source: any EventSource
    private let intake: StoreEventIntake
    private let batchSize: Int

    /// Creates a pump.
    /// - Parameters:
    ///   - source: Where events come from.
    ///   - intake: The inbox they go to.
    ///   - batchSize: The most events taken per transaction.
    public init(source: any EventSource, intake: StoreEventIntake, batchSize: Int = 100) {
        self.source = source
        self.intake = intake
        self.batchSize = max(1, batchSize)
    }

    /// Receives one batch (waiting up to `timeout` for the first event), files it and acknowledges it.
    public func pumpOnce(timeout: Duration = .seconds(1)) async throws -> Report {
        let received = try await source.receive(limit: batchSize, timeout: timeout)
        var report = Report()
        var events: [StoreEvent] = []
        var taken: [ReceivedEvent] = []
        for element in received {
            if let json = try? JSONValue(parsing: element.payload), let event = try? StoreEvent(json: json) {
                events.append(event)
                taken.append(element)
            } else {
                try await source.reject(element)
                report.rejected += 1
            }
        }
        for acceptance in try await intake.receive(events) {
            switch acceptance {
            case .accepted: report.accepted += 1
            case .duplicate: report.duplicates += 1
            case .stale: report.stale += 1
            }
        }
        if !taken.isEmpty { try await source.acknowledge(taken) }
        return report
    }

    /// Pumps until the task is cancelled; a failing pass (the broker away, the store unreachable) is retried after
    /// `backoff`, and the source redelivers what was not acknowledged.
    public func run(backoff: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            do {
                _ = try await pumpOnce()
            } catch {
                try? await Task.sleep(for: backoff)
            }
        }
    }
}
