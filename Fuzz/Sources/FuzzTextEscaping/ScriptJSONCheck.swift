import BarrageCore
import BarrageResults
import Foundation

/// ``ScriptJSON/embeddable(_:)`` of the report's own JSON (``ReportData/json()``) with `text` as
/// the title, a note and an agent: the output holds no `<` at all (so no `</script` and no
/// `<!--`), no U+2028 or U+2029, and `JSONSerialization` reads `text` back, scalar for scalar.
enum ScriptJSONCheck {
    static func check(_ text: String) {
        let data = ReportData(
            title: text, url: "http://127.0.0.1/", live: false, agents: [text], notes: [text], seconds: [], elapsedMicros: 0,
            plannedMicros: 0, finished: true)
        let embeddable = ScriptJSON.embeddable(data.json())
        for scalar in embeddable.unicodeScalars {
            precondition(scalar != "<" && scalar != "\u{2028}" && scalar != "\u{2029}", "\(scalar.escaped(asASCII: true)) in \(embeddable.debugDescription)")
        }
        Self.expectReadsBack(embeddable, text)
    }

    /// `json`, parsed, has `text` as its title, first agent and first note.
    static func expectReadsBack(_ json: String, _ text: String) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            preconditionFailure("does not parse: \(error) in \(json.debugDescription)")
        }
        guard let object = parsed as? [String: Any], let title = object["title"] as? String,
              let agent = (object["agents"] as? [Any])?.first as? String, let note = (object["notes"] as? [Any])?.first as? String
        else { preconditionFailure("not the report's object: \(json.debugDescription)") }
        for read in [title, agent, note] {
            // Scalar for scalar: String's == is canonical equivalence, which would hide a changed form.
            precondition(Array(read.unicodeScalars) == Array(text.unicodeScalars), "read back \(read.debugDescription) for \(text.debugDescription)")
        }
    }
}
