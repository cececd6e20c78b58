import Testing
@testable import BarrageCore

/// `${...}` templates: compile into segments, render, check names, escape `$${`.
struct TemplateTests {
    static let names = TemplateNames(dataColumns: ["users": ["username", "password"]], extracted: ["token"])

    @Test(arguments: [
        ("/static/path", [Template.Segment.text("/static/path")]),
        ("", []),
        ("/me?vu=${vu}&it=${iteration}", [.text("/me?vu="), .variable(.vu), .text("&it="), .variable(.iteration)]),
        ("${users.username}:${token}", [.variable(.data(set: "users", column: "username")), .text(":"), .variable(.extracted("token"))]),
        ("a$${b}c", [.text("a${b}c")]),
        ("cost $5 ${ vuIteration }", [.text("cost $5 "), .variable(.vuIteration)]),
        ("${randomInt(-3, 7)}${uuid}${timestampMs}${agent}", [.variable(.randomInt(-3, 7)), .variable(.uuid), .variable(.timestampMs), .variable(.agent)]),
    ] as [(String, [Template.Segment])])
    func compilesIntoSegments(text: String, segments: [Template.Segment]) throws {
        let template = try Template.compile(text, names: Self.names)
        #expect(template.segments == segments)
        #expect(template.isStatic == !segments.contains { if case .variable = $0 { return true } else { return false } })
        // The source compiles back to the same template.
        #expect(try Template.compile(template.source, names: Self.names) == template)
    }

    @Test func rendersEachVariable() throws {
        let template = try Template.compile("/u/${users.username}?t=${token}&v=${vu}", names: Self.names)
        let text = template.render { variable in
            switch variable {
            case .data(_, let column): return column.uppercased()
            case .extracted: return "abc"
            case .vu: return "7"
            default: return "?"
            }
        }
        #expect(text == "/u/USERNAME?t=abc&v=7")
    }

    @Test func environmentIsSubstitutedAtCompileTime() throws {
        let template = try Template.compile("${env.BASE}/x/${vu}", names: Self.names, environment: ["BASE": "http://h:1"])
        #expect(template.segments == [.text("http://h:1/x/"), .variable(.vu)])
        #expect(throws: TemplateError.unsetEnvironment("NOPE")) { try Template.compile("${env.NOPE}", names: Self.names) }
    }

    @Test(arguments: [
        ("${nope}", "unknown variable '${nope}'"),
        ("${users.email}", "data set 'users' has no column 'email': its columns are username, password"),
        ("${randomInt(5,1)}", "invalid '${randomInt(5,1)}'"),
        ("${randomInt(a,1)}", "invalid '${randomInt(a,1)}'"),
        ("abc ${vu", "unclosed '${'"),
    ])
    func rejectsBadNamesWithOneLine(text: String, message: String) {
        do {
            _ = try Template.compile(text, names: Self.names)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func randomBuiltInsStayInRange() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<1000 {
            #expect((-3...7).contains(RandomText.integer(-3, 7, &random)))
        }
        _ = RandomText.integer(Int.min, Int.max, &random)
        #expect(RandomText.integer(5, 5, &random) == 5)
        let uuid = RandomText.uuid(&random)
        #expect(uuid.count == 36 && Array(uuid)[14] == "4")
        #expect("89ab".contains(Array(uuid)[19]))
    }
}
