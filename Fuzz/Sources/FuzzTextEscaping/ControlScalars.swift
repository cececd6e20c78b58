/// The scalars the checks look for, listed here rather than taken from the escapers under test.
enum ControlScalars {
    /// C0, DEL, C1, and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The bidi formatting characters: ALM, LRM, RLM, the embeddings and overrides (U+202A-U+202E)
    /// and the isolates (U+2066-U+2069).
    static func isBidi(_ scalar: Unicode.Scalar) -> Bool {
        [0x061C, 0x200E, 0x200F].contains(scalar.value) || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
