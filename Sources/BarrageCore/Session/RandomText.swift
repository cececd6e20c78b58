/// The random built-ins of templates, from a caller's generator (the loop's ``SplitMix64``).
public enum RandomText {
    /// A version-4 UUID in lower-case hex, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    public static func uuid(_ random: inout SplitMix64) -> String {
        var high = random.next()
        var low = random.next()
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC << 60)) | (0x8 << 60)
        let digits = hex(high, 16) + hex(low, 16)
        let d = Array(digits)
        return String(d[0..<8]) + "-" + String(d[8..<12]) + "-" + String(d[12..<16]) + "-" + String(d[16..<20]) + "-" + String(d[20..<32])
    }

    /// A uniform integer in `low...high` (any bounds, the full `Int` range included), without trapping.
    public static func integer(_ low: Int, _ high: Int, _ random: inout SplitMix64) -> Int {
        guard low < high else { return low }
        let width = UInt64(bitPattern: Int64(high) &- Int64(low)) &+ 1
        let offset = width == 0 ? random.next() : random.next() % width
        return Int(Int64(low) &+ Int64(bitPattern: offset))
    }

    static func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(width - text.count, 0)) + text
    }
}
