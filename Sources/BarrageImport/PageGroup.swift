import BarrageCore
import Foundation

/// A recorded page (HAR `pages`) as the `group:` its requests run in: the page title made a
/// valid group name (no control characters or `::`, at most ``FlowLimits/maxNameBytes`` bytes),
/// or `page N` for an untitled page.
enum PageGroup {
    /// - Parameter number: the page's place in `log.pages`, from 1.
    static func name(title: String?, number: Int) -> String {
        let cleaned = String(String.UnicodeScalarView((title ?? "").unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
        var name = cleaned.replacingOccurrences(of: "::", with: ":").trimmingCharacters(in: .whitespaces)
        while name.contains("::") { name = name.replacingOccurrences(of: "::", with: ":") }
        if name.utf8.count > FlowLimits.maxNameBytes {
            var cut = ""
            for character in name {
                guard cut.utf8.count + String(character).utf8.count <= FlowLimits.maxNameBytes - 3 else { break }
                cut.append(character)
            }
            name = cut + "..."
        }
        return name.isEmpty ? "page \(number)" : name
    }

    /// Whether `requests` fit a flow of groups: at most ``FlowLimits/maxGroups`` distinct pages
    /// and ``FlowLimits/maxStepsPerFlow`` steps (requests, sleeps and the group blocks).
    static func fits(_ requests: [ImportedRequest]) -> Bool {
        var blocks = 0
        var previous: String?
        for request in requests where request.group != previous {
            previous = request.group
            if request.group != nil { blocks += 1 }
        }
        let sleeps = requests.filter { ($0.sleepMillis ?? 0) > 0 }.count
        return Set(requests.compactMap(\.group)).count <= FlowLimits.maxGroups && requests.count + sleeps + blocks <= FlowLimits.maxStepsPerFlow
    }
}
