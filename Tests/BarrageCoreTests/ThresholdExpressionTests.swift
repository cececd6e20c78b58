import Testing
@testable import BarrageCore

struct ThresholdExpressionTests {
    @Test(arguments: [
        ("p(95)<500", ThresholdExpression.Stat.percentile(95), ThresholdExpression.Operator.less, 500.0),
        ("p(99.9)<=1000", .percentile(99.9), .lessOrEqual, 1000),
        ("avg<200", .avg, .less, 200),
        ("med<100", .med, .less, 100),
        ("min>0", .min, .greater, 0),
        ("max<2000", .max, .less, 2000),
        ("rate<0.01", .rate, .less, 0.01),
        ("rate>0.99", .rate, .greater, 0.99),
        ("count<100", .count, .less, 100),
        ("count>=10", .count, .greaterOrEqual, 10),
        ("value==5", .value, .equal, 5),
        ("value===5", .value, .equal, 5),
        ("value!=0", .value, .notEqual, 0),
        ("  p( 95 ) <  500.5 ", .percentile(95), .less, 500.5),
        ("rate < 1e-2", .rate, .less, 0.01),
        ("avg<-1", .avg, .less, -1),
    ])
    func parsesValidExpressions(text: String, stat: ThresholdExpression.Stat, op: ThresholdExpression.Operator, limit: Double) throws {
        let expression = try ThresholdExpression.parse(text)
        #expect(expression.stat == stat)
        #expect(expression.op == op)
        #expect(expression.limit == limit)
        #expect(expression.source == text.trimmingWhitespace())
    }

    @Test(arguments: [
        ("p95<500", ThresholdParseError.unknownStat("p95<500", "p95")),
        ("p(x)<500", .unknownStat("p(x)<500", "p(x)")),
        ("mean<5", .unknownStat("mean<5", "mean")),
        ("p(101)<5", .percentileOutOfRange("p(101)<5")),
        ("avg", .invalidExpression("avg")),
        ("", .invalidExpression("")),
        ("<500", .invalidExpression("<500")),
        ("avg<", .invalidExpression("avg<")),
        ("avg=<5", .unknownOperator("avg=<5", "=<")),
        ("avg=5", .unknownOperator("avg=5", "=")),
        ("avg<<5", .unknownOperator("avg<<5", "<<")),
        ("avg<5ms", .invalidNumber("avg<5ms", "5ms")),
        ("avg<nan", .invalidNumber("avg<nan", "nan")),
        ("avg<inf", .invalidNumber("avg<inf", "inf")),
    ])
    func rejectsInvalidExpressions(text: String, error: ThresholdParseError) {
        #expect(throws: error) { try ThresholdExpression.parse(text) }
    }

    @Test func errorsAreOneLineNamingTheTextAndTheAcceptedForm() {
        #expect(ThresholdParseError.invalidExpression("p95<500").description
            == "invalid threshold 'p95<500': expected <stat> <op> <number>, e.g. p(95)<500, rate<0.01")
        for error in [
            ThresholdParseError.unknownStat("p95<500", "p95"), .unknownOperator("a=<1", "=<"), .invalidNumber("a<x", "x"),
            .percentileOutOfRange("p(101)<1"), .invalidFlag("x"), .unknownMetric("foo"), .invalidTagSelector("a{b}"),
        ] {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("'"))
        }
    }

    @Test(arguments: [
        (ThresholdExpression.Operator.less, 1.0, 2.0, true), (.less, 2, 2, false),
        (.lessOrEqual, 2, 2, true), (.lessOrEqual, 3, 2, false),
        (.greater, 3, 2, true), (.greater, 2, 2, false),
        (.greaterOrEqual, 2, 2, true), (.greaterOrEqual, 1, 2, false),
        (.equal, 2, 2, true), (.equal, 1, 2, false),
        (.notEqual, 1, 2, true), (.notEqual, 2, 2, false),
    ])
    func operatorsCompare(op: ThresholdExpression.Operator, observed: Double, limit: Double, holds: Bool) {
        let expression = ThresholdExpression(stat: .value, op: op, limit: limit)
        #expect(expression.holds(for: observed) == holds)
        #expect(!expression.holds(for: .nan))
    }
}
