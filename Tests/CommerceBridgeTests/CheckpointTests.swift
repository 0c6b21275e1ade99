import CommerceBridge
import Foundation
import Testing

struct CheckpointTests {
    private let base = Date(timeIntervalSince1970: 1_000)

    @Test("Checkpoints only move forward, keep the newest record's key, and the delta window overlaps them")
    func movesForward() {
        let checkpoint = Checkpoint(name: "erp.inventory", position: base, updatedAt: base)
        #expect(checkpoint.windowStart(overlap: .seconds(120)) == Date(timeIntervalSince1970: 880))
        let moved = checkpoint.advanced(
            through: [
                FeedCursor(time: Date(timeIntervalSince1970: 1_500), key: "a"),
                FeedCursor(time: Date(timeIntervalSince1970: 1_500), key: "b"),
                FeedCursor(time: Date(timeIntervalSince1970: 1_200), key: "z"),
            ], at: base)
        #expect(moved.position == Date(timeIntervalSince1970: 1_500) && moved.cursor == "b")
        #expect(moved.feedPosition == FeedCursor(time: Date(timeIntervalSince1970: 1_500), key: "b"))
        let back = moved.advanced(through: [FeedCursor(time: Date(timeIntervalSince1970: 10), key: "zz")], at: base)
        #expect(back.feedPosition == moved.feedPosition, "an older record does not move it back")
        #expect(checkpoint.advanced(through: [FeedCursor](), at: base).position == base)
    }

    @Test("Feed positions order by time, then by the key's UTF-8 bytes, as SQLite's BINARY collation does")
    func cursorOrder() {
        let early = FeedCursor(time: base, key: "zzz")
        let late = FeedCursor(time: base.addingTimeInterval(0.001), key: "")
        #expect(early < late)
        #expect(FeedCursor(time: base, key: "Z") < FeedCursor(time: base, key: "a"), "upper case sorts first by bytes")
        #expect(FeedCursor(time: base, key: "z") < FeedCursor(time: base, key: "é"), "UTF-8 bytes, not Unicode order")
        #expect(FeedCursor(time: base, key: "") < FeedCursor(time: base, key: "0"))
        #expect(FeedCursor.beginning < FeedCursor(time: .distantPast, key: "a"))
    }

    struct Row: FeedRecord {
        var time: Double
        var key: String
        var feedPosition: FeedCursor { FeedCursor(time: Date(timeIntervalSince1970: time), key: key) }
    }

    @Test("Paging by keyset lists every record once, however many share a time")
    func pagesByKeyset() {
        let rows = (0..<250).map { Row(time: Double($0 / 100), key: String(format: "k%03d", 249 - $0)) }.shuffled()
        var seen: [FeedCursor] = []
        var cursor = FeedCursor.beginning
        while true {
            let page = rows.page(after: cursor, limit: 7)
            seen += page.map(\.feedPosition)
            guard page.count == 7, let last = page.last else { break }
            cursor = last.feedPosition
        }
        #expect(seen.count == 250 && Set(seen).count == 250)
        #expect(seen == seen.sorted())
        #expect(rows.page(after: .beginning, limit: 0).isEmpty)
    }
}
