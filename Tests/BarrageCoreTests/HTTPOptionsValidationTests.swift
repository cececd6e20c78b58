import BarrageTestSupport
import Foundation
import Testing
@testable import BarrageCore

/// `spec.session.http` in a `prepare`: every option that reaches curl is range-checked by
/// ``RunSpec/validate()``, and a bad value is a `bad_spec` naming the field (it decodes; only a
/// wrong JSON type is a malformed frame).
struct HTTPOptionsValidationTests {
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    /// A valid `prepare` line with `http` as its `spec.session.http` object.
    static func prepareLine(http: String) -> String {
        #"{"type":"prepare","run_id":"r","agent_index":0,"spec":{"url":"http://x/","think_time":{"fixed_micros":0},"timeout_micros":1000,"graceful_stop_micros":0,"expected_statuses":[],"threads":0,"session":{"http":"#
            + http
            + #"},"executor":{"executor":"constant-vus","vus":1,"duration_micros":1000000},"segment":{"from":{"numerator":0,"denominator":1},"to":{"numerator":1,"denominator":1},"sequence":[{"numerator":0,"denominator":1},{"numerator":1,"denominator":1}]}}}"#
    }

    /// The field `validate()` names for `http`, or nil when it passes.
    static func refusedField(http: String) throws -> String? {
        guard case .prepare(let prepare) = try MessageCoding.decode(line: prepareLine(http: http)) else {
            throw SpecError(field: "test", problem: "not a prepare")
        }
        do {
            try prepare.spec.validate()
            return nil
        } catch {
            return error.field
        }
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }

    @Test(arguments: [
        (#"{"max_redirects":101}"#, "spec.session.http.max_redirects"),
        (#"{"max_redirects":-1}"#, "spec.session.http.max_redirects"),
        (#"{"max_redirects":9223372036854775807}"#, "spec.session.http.max_redirects"),
        (#"{"max_redirects":-9223372036854775808}"#, "spec.session.http.max_redirects"),
        (#"{"version":"3"}"#, "spec.session.http.version"),
        (#"{"version":""}"#, "spec.session.http.version"),
        (#"{"version":"1.1\u0000"}"#, "spec.session.http.version"),
        (#"{"version":"HTTP/2"}"#, "spec.session.http.version"),
    ])
    func outOfRangeValuesAreBadSpecNamingTheField(http: String, field: String) throws {
        #expect(try Self.refusedField(http: http) == field)
    }

    @Test func pemTextsAreCappedAndFreeOfControlBytes() throws {
        let pem = try Self.json(Self.pem)
        let huge = try Self.json("-----BEGIN CERTIFICATE-----\n" + String(repeating: "A", count: HTTPOptions.maximumPEMBytes))
        let bad = [huge, try Self.json(Self.pem + "\u{0}tail"), try Self.json(Self.pem + "\u{1B}[2J"), #""not pem""#]
        for key in ["tls_ca_pem", "tls_client_cert_pem", "tls_client_key_pem"] {
            // A certificate goes with its key: give the other half so only `key` can be wrong.
            let pair = key == "tls_ca_pem" ? "" : key == "tls_client_cert_pem" ? #","tls_client_key_pem":\#(pem)"# : #","tls_client_cert_pem":\#(pem)"#
            for value in bad {
                #expect(try Self.refusedField(http: #"{"\#(key)":\#(value)\#(pair)}"#) == "spec.session.http." + key)
            }
            #expect(try Self.refusedField(http: #"{"\#(key)":\#(pem)\#(pair)}"#) == nil)
        }
        // Exactly at the cap passes.
        let atCap = "-----BEGIN CERTIFICATE-----\n" + String(repeating: "A", count: HTTPOptions.maximumPEMBytes - 28)
        #expect(atCap.utf8.count == HTTPOptions.maximumPEMBytes)
        #expect(try Self.refusedField(http: #"{"tls_ca_pem":\#(try Self.json(atCap))}"#) == nil)
    }

    @Test func aClientCertificateNeedsItsKey() throws {
        let pem = try Self.json(Self.pem)
        #expect(try Self.refusedField(http: #"{"tls_client_cert_pem":\#(pem)}"#) == "spec.session.http.tls_client_key_pem")
        #expect(try Self.refusedField(http: #"{"tls_client_key_pem":\#(pem)}"#) == "spec.session.http.tls_client_key_pem")
    }

    @Test func inRangeValuesPassAndTheDefaultsAreK6s() throws {
        #expect(try Self.refusedField(http: "{}") == nil)
        #expect(try Self.refusedField(http: #"{"max_redirects":0,"version":"1.1"}"#) == nil)
        #expect(try Self.refusedField(http: #"{"max_redirects":100,"version":"2","compression":true,"discard_response_bodies":true,"insecure_skip_tls_verify":false}"#) == nil)
        guard case .prepare(let prepare) = try MessageCoding.decode(line: Self.prepareLine(http: "{}")) else { return }
        #expect(prepare.spec.session?.http == HTTPOptions())
        #expect(HTTPOptions().maxRedirects == 10)
    }

    /// A boolean of the wrong type cannot be range-checked: it is a malformed frame naming the key.
    @Test(arguments: ["compression", "discard_response_bodies", "insecure_skip_tls_verify"])
    func aBooleanOfAnotherTypeIsAMalformedFrame(key: String) throws {
        for value in ["1", #""true""#, "[]"] {
            do {
                _ = try MessageCoding.decode(line: Self.prepareLine(http: #"{"\#(key)":\#(value)}"#))
                Issue.record("\(key): \(value) decoded")
            } catch {
                #expect("\(error)".contains(key), "\(error)")
            }
        }
    }

    /// docs/PROTOCOL.md's "Field ranges" table names these fields with the numbers the code uses.
    @Test func theFieldRangesTableHasTheHTTPRows() throws {
        let doc = try DocFile.read()
        let table = doc.components(separatedBy: "## Field ranges").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        let row = { (field: String) in table.split(separator: "\n").first { $0.contains("`\(field)`") }.map(String.init) ?? "" }
        #expect(row("spec.session.http.max_redirects").contains("0...\(HTTPOptions.maximumRedirects)"))
        #expect(row("spec.session.http.version").contains(#""1.1""#) && row("spec.session.http.version").contains(#""2""#))
        #expect(row("spec.session.http.tls_ca_pem").contains("\(HTTPOptions.maximumPEMBytes) bytes"))
        #expect(row("spec.session.http.compression").contains("bool"))
    }
}
