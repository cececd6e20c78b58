import BarrageCore
import Testing

/// The expression language of `if:` and `loop.while`: syntax, names, numeric and text comparison.
struct FlowExpressionTests {
    struct Values: FlowValues {
        var values: [FlowName: String]
        func value(of name: FlowName) -> String? { values[name] }
    }

    let names = TemplateNames(dataColumns: ["users": ["role"]], extracted: ["state", "count", "token"])

    func holds(_ text: String, _ values: [FlowName: String] = [:]) throws -> Bool {
        try FlowExpressionParser.parse(text, names: names, setupNames: ["adminToken"]).holds(Values(values: values))
    }

    @Test func comparesNumbersNumericallyAndTextAsText() throws {
        #expect(try holds("count > 9", [.extracted("count"): "10"]))
        #expect(try !holds("count > '9x'", [.extracted("count"): "10"]))  // text: "10" < "9x"
        #expect(try holds("count == 10.0", [.extracted("count"): "10"]))
        #expect(try holds("state != 'done'", [.extracted("state"): "pending"]))
        #expect(try holds("state == \"done\"", [.extracted("state"): "done"]))
        #expect(try holds("users.role == 'admin'", [.data(set: "users", column: "role"): "admin"]))
        #expect(try holds("token == true", [.extracted("token"): "true"]))
    }

    @Test func operatorsAndPrecedence() throws {
        #expect(try holds("true || false && false"))
        #expect(try !holds("(true || false) && false"))
        #expect(try holds("!exists(token)"))
        #expect(try holds("exists(token) && !(token == 'x')", [.extracted("token"): "y"]))
        #expect(try holds("vu >= 1 && iteration < 5 && vuIteration <= 0", [.vu: "1", .iteration: "4", .vuIteration: "0"]))
        #expect(try holds("exists(setup.adminToken)", [.setup("adminToken"): "t"]))
    }

    @Test func errorsAreOneLineWithTheColumn() {
        #expect(throws: FlowExpressionError.unknownName("nope")) { try holds("nope == 1") }
        #expect(throws: FlowExpressionError.unknownName("setup.other")) { try holds("exists(setup.other)") }
        #expect(throws: FlowExpressionError.self) { try holds("state ==") }
        #expect(throws: FlowExpressionError.self) { try holds("(state == 'a'") }
        #expect(throws: FlowExpressionError.self) { try holds("state == 'a") }
        #expect(throws: FlowExpressionError.tooDeep) { try holds(String(repeating: "(", count: 100) + "true" + String(repeating: ")", count: 100)) }
        #expect(throws: FlowExpressionError.tooDeep) { try holds(String(repeating: "!", count: 100) + "true") }
        do {
            _ = try FlowExpressionParser.parse("state = 'a'", names: names)
            Issue.record("accepted '='")
        } catch {
            #expect(error.description.contains("column 7"))
            #expect(!error.description.contains("\n"))
        }
    }
}
