import BarrageResults
import Testing

struct VUFiguresTests {
    @Test(arguments: [
        // A ramp's peak of 40 fell between two samples: the value never exceeds the max seen.
        (40, 2, 39, UInt64(5000), VUFigures(value: 39, min: 2, max: 39)),
        // Constant VUs: every figure is the plan's.
        (10, 10, 10, UInt64(100), VUFigures(value: 10, min: 10, max: 10)),
        // One VU that finished its iterations before the first sample: not "0 VUs".
        (1, 0, 0, UInt64(3), VUFigures(value: 1, min: 0, max: 1)),
        // Ten VUs, two shared iterations, nothing sampled: at least two ran.
        (10, 0, 0, UInt64(2), VUFigures(value: 2, min: 0, max: 2)),
        // Nothing ran at all.
        (5, 0, 0, UInt64(0), VUFigures(value: 0, min: 0, max: 0)),
    ])
    func figuresAgree(planned: Int, steady: Int, sampled: Int, iterations: UInt64, expected: VUFigures) {
        let figures = VUFigures.measured(planned: planned, steadyMinimum: steady, sampledMaximum: sampled, iterations: iterations)
        #expect(figures == expected)
        #expect(figures.min <= figures.value && figures.value <= figures.max)
    }
}
