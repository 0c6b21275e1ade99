public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension ManualClock {
    /// A `TimeSource` whose wall clock reads `start` plus the time this clock has advanced.
    public func timeSource(startingAt start: Date = Date(timeIntervalSince1970: 1_767_225_600)) -> TimeSource {
        TimeSource(clock: self, now: { [self] in start.adding(self.now.offset) })
    }
}
