import Foundation

/// Waiting for SIGTERM or SIGINT in a server that runs until it is told to stop (`fake-commerce`, the benchmark's
/// fake).
package enum TerminationSignal {
    /// Blocks the calling thread until the process receives SIGTERM or SIGINT; neither then ends the process, so
    /// the caller can shut down cleanly.
    package static func wait() {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        withExtendedLifetime(sources) { stop.wait() }
    }
}
