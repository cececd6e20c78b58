import Testing
@testable import BarrageCore
@testable import BarrageResults

struct LinePointTests {
    @Test func encodesSortedTagsAndFieldsWithTimestamp() {
        let point = LinePoint(
            measurement: "http_reqs", tags: ["status": "200", "agent": "a"],
            fields: ["value": .float(12), "rate": .float(1.5), "n": .integer(3)], timestampNanos: 1_000)
        #expect(point.encoded() == "http_reqs,agent=a,status=200 n=3i,rate=1.5,value=12 1000")
    }

    @Test(arguments: [
        ("my measure,x", ["k ey": "v,a=l ue"], "my\\ measure\\,x,k\\ ey=v\\,a\\=l\\ ue value=1 5"),
        ("m=1", ["t": "line\nbreak"], "m=1,t=line\\ break value=1 5"),
        // A trailing backslash would escape the separator after it and break the line.
        ("m", ["name": "C:\\dir\\"], "m,name=C:\\dir value=1 5"),
    ])
    func escapesMeasurementsAndTags(measurement: String, tags: [String: String], expected: String) {
        #expect(LinePoint(measurement: measurement, tags: tags, fields: ["value": .float(1)], timestampNanos: 5).encoded() == expected)
    }

    @Test func escapesFieldKeysAndStringValues() {
        let point = LinePoint(measurement: "m", fields: ["a b": .string(#"say "hi" \ bye"#), "ok": .bool(true)], timestampNanos: 1)
        #expect(point.encoded() == #"m a\ b="say \"hi\" \\ bye",ok=true 1"#)
    }

    @Test func dropsEmptyTagsAndNonFiniteFields() {
        let point = LinePoint(measurement: "m", tags: ["name": "", "agent": "x"], fields: ["value": .float(.nan), "p95": .float(2)], timestampNanos: 1)
        #expect(point.encoded() == "m,agent=x p95=2 1")
        #expect(LinePoint(measurement: "m", fields: ["value": .float(.infinity)], timestampNanos: 1).encoded() == nil)
    }

    @Test func bodyHasOneLinePerPoint() {
        let points = [LinePoint(measurement: "a", fields: ["value": .float(1)], timestampNanos: 1),
                      LinePoint(measurement: "b", fields: ["value": .float(2)], timestampNanos: 2)]
        #expect(LinePoint.body(points) == "a value=1 1\nb value=2 2\n")
    }
}
