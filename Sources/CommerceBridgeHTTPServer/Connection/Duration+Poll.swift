extension Duration {
    /// Whole milliseconds, at least 1, at most `Int32.max`.
    var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int32.max) / 1_000 else { return Int32.max }
        let total = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(1, total))
    }
}
