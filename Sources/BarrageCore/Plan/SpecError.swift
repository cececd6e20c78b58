/// Why a `prepare`, `start` or `stop` from the coordinator was refused (wire kind `bad_spec`): the
/// field, the value and what is accepted, e.g.
/// `spec.duration_micros: 9223372036854775807 is out of range, expected 1...31622400000000`.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The wire path of the field, e.g. `spec.requests[1].headers[0].value`.
    public var field: String
    /// What was wrong, already phrased (the value is escaped: it came from a peer).
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }

    static func outOfRange<T: BinaryInteger>(_ field: String, _ value: T, _ range: ClosedRange<T>) -> SpecError {
        SpecError(field: field, problem: "\(value) is out of range, expected \(range.lowerBound)...\(range.upperBound)")
    }

    static func check<T: BinaryInteger>(_ field: String, _ value: T, in range: ClosedRange<T>) throws(SpecError) {
        guard range.contains(value) else { throw outOfRange(field, value, range) }
    }

    /// `text` has no control character and at most `maxLength` characters.
    static func checkText(_ field: String, _ text: String, maxLength: Int) throws(SpecError) {
        guard !PeerText.hasControlCharacter(text) else {
            throw SpecError(field: field, problem: "'\(PeerText.escape(text, limit: 80))' holds a control character (CR, LF, NUL, ESC, ...), which is never accepted")
        }
        guard text.utf8.count <= maxLength else {
            throw SpecError(field: field, problem: "is \(text.utf8.count) bytes long, at most \(maxLength) are accepted")
        }
    }
}
